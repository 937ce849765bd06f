// A call's answer as both bridges send it: the encoded JSON (encodeAnswer, with its byte budget).
// A service that computes some answers in another thread hands them over already encoded, so
// the bridge thread neither re-encodes them nor parses them; errors cross the thread as a kind
// and a message and come back as the contract's own error classes.

import {
  ApiNotFoundError,
  ApiParamError,
  ApiRefusedError,
  encodeAnswer,
  type ApiHandlers,
  type ApiMethod,
} from '../../shared/api';
import { answerMessage } from '../session/errors';

/** Validated params of a method, as its handler takes them. */
export type HandlerParams<M extends ApiMethod> = Parameters<ApiHandlers[M]>[0];

/** A service that encodes answers itself (service.ts); plain handlers are encoded here. */
export interface Answering {
  answer<M extends ApiMethod>(method: M, params: HandlerParams<M>): Promise<string>;
}

/** The encoded answer of `method`, from a service that encodes itself or from plain handlers. */
export async function answerOf<M extends ApiMethod>(
  handlers: ApiHandlers & Partial<Answering>,
  method: M,
  params: HandlerParams<M>,
): Promise<string> {
  if (handlers.answer) return handlers.answer(method, params);
  return encodeCall(handlers, method, params);
}

/** Runs one handler of `handlers` (all of the contract's or a part) and encodes what it returns. */
export async function encodeCall<M extends ApiMethod>(
  handlers: Partial<ApiHandlers>,
  method: M,
  params: HandlerParams<M>,
): Promise<string> {
  const handler = handlers[method] as ((p: HandlerParams<M>) => unknown) | undefined;
  if (!handler) throw new Error(`${method} is not answered here`);
  return encodeAnswer(method, await handler(params));
}

/** An error as it crosses a thread: what the bridges map to a status, and the answer's text. */
export interface WireError {
  kind: 'params' | 'not-found' | 'refused' | 'failed';
  message: string;
}

export function toWire(err: unknown): WireError {
  // The message names the session file, never its folder, before it leaves the thread.
  const message = answerMessage(err);
  if (err instanceof ApiParamError) return { kind: 'params', message };
  if (err instanceof ApiNotFoundError) return { kind: 'not-found', message };
  if (err instanceof ApiRefusedError) return { kind: 'refused', message };
  return { kind: 'failed', message };
}

export function fromWire(e: WireError): Error {
  if (e.kind === 'params') return new ApiParamError(e.message);
  if (e.kind === 'not-found') return new ApiNotFoundError(e.message);
  if (e.kind === 'refused') return new ApiRefusedError(e.message);
  return new Error(e.message);
}
