// The IPC side of the API contract and the desktop actions. Every message is checked before
// anything runs: the sender must be a frame of our own app:// origin (not a foreign page that
// somehow loaded), the method must be one of the contract's, and the params must pass the same
// zod schemas as the HTTP bridge (shared/api.ts parseParams). Errors go back as IpcReply data.

import { z } from 'zod';
import {
  ApiNotFoundError,
  ApiParamError,
  ApiRefusedError,
  isApiMethod,
  isRegistryMethod,
  parseParams,
  parseRegistryParams,
  parseSessionHandle,
  reportIncludeSchema,
  type ApiHandlers,
} from '../../shared/api';
import {
  DEMO_SCENARIOS,
  DESKTOP_ACTIONS,
  type DesktopAction,
  type DesktopActions,
  type IpcReply,
} from '../../shared/desktop-bridge';
import { answerMessage } from '../session/errors';
import { answerOf, type Answering } from '../service/answer';
import type { SessionRouter } from '../service/sessions';
import { CredentialError } from './credentials';

/** The part of Electron's IpcMainInvokeEvent the router reads. */
export interface IpcEventLike {
  senderFrame: { url: string } | null;
  /** The webContents that sent it (which window asks). */
  sender?: unknown;
}

/** Thrown by actions for an expected refusal (no session open, already recording, …). */
export class RefusedError extends Error {
  override name = 'RefusedError';
}

const url = z.string().min(1).max(2000);

/** Argument schemas of the desktop actions (undefined = takes no argument). */
export const actionArgSchemas: { [A in DesktopAction]: z.ZodType<Parameters<DesktopActions[A]>[0]> } = {
  openSessionDialog: z.undefined(),
  recentSessions: z.undefined(),
  openRecent: z.string().regex(/^[0-9a-f]{16}$/, 'must be an id from recentSessions'),
  startRecording: z.strictObject({
    url,
    intervalMs: z.number().int().min(1000).max(3_600_000),
    jobs: z.array(z.string().min(1).max(200)).max(100),
    detail: z.enum(['all', 'hot', 'none']),
    useSavedCredential: z.boolean(),
  }),
  startDemoRecording: z.strictObject({
    scenario: z
      .enum(DEMO_SCENARIOS, { error: `must be one of the demo scenarios: ${DEMO_SCENARIOS.join(', ')}` })
      .optional(),
  }),
  stopRecording: z.undefined(),
  recordingState: z.undefined(),
  saveCredential: z.strictObject({
    url,
    basicAuth: z.strictObject({ username: z.string().min(1).max(500), password: z.string().max(5000) }).optional(),
    bearerToken: z.string().min(1).max(10_000).optional(),
  }),
  savedCredentialUrls: z.undefined(),
  forgetCredential: url,
  exportReport: z
    .strictObject({
      from: z.number().finite().nonnegative(),
      to: z.number().finite().nonnegative(),
      sustainedAfterMs: z.number().int().min(0).max(86_400_000).optional(),
      include: reportIncludeSchema,
      format: z.enum(['html', 'md', 'pdf']),
    })
    .refine((r) => r.from < r.to, { message: 'from must be before to', path: ['to'] }),
  compareSessionsDialog: z.undefined(),
  comparePair: z.undefined(),
  exportCompareReport: z.strictObject({
    align: z.enum(['start', 'episode', 'clock']),
    format: z.enum(['html', 'md', 'pdf']),
  }),
} as never;

function failure(err: unknown): IpcReply<never> {
  // The window is told the session file's name, never its folder (as in served mode).
  const message = answerMessage(err);
  if (err instanceof ApiParamError) return { ok: false, kind: 'params', message };
  if (err instanceof ApiNotFoundError) return { ok: false, kind: 'not-found', message };
  if (err instanceof RefusedError || err instanceof ApiRefusedError || err instanceof CredentialError)
    return { ok: false, kind: 'refused', message };
  return { ok: false, kind: 'failed', message };
}

export interface IpcRouterDeps {
  /**
   * The contract's handlers for the session a call names by its handle (the window's session for
   * null); null when no session is open. Throws ApiNotFoundError for a handle not open here.
   */
  api(handle: string | null): (ApiHandlers & Partial<Answering>) | null;
  /** The open sessions as a whole (sessions, compare), where the window holds several. */
  sessions?(): SessionRouter | null;
  actions: DesktopActions;
  isTrustedUrl(url: string): boolean;
}

export interface IpcRouter {
  /** One contract call; `session` is a handle from `sessions` (the window's session when absent). */
  api(event: IpcEventLike, method: unknown, params: unknown, session?: unknown): Promise<IpcReply<unknown>>;
  action(event: IpcEventLike, name: unknown, arg: unknown): Promise<IpcReply<unknown>>;
}

function checkSender(event: IpcEventLike, isTrusted: (url: string) => boolean): void {
  const from = event.senderFrame?.url;
  if (!from || !isTrusted(from))
    throw new RefusedError(`IPC refused: sender ${from ? `"${from}"` : '(gone)'} is not a Backflow page`);
}

export function createIpcRouter(deps: IpcRouterDeps): IpcRouter {
  const actionNames = new Set<string>(DESKTOP_ACTIONS);
  return {
    async api(event, method, params, session) {
      try {
        checkSender(event, deps.isTrustedUrl);
        if (typeof method === 'string' && isRegistryMethod(method)) {
          const parsed = parseRegistryParams(method, params);
          const router = deps.sessions?.();
          if (!router) throw new RefusedError(`${method}: this window holds one session`);
          return { ok: true, value: JSON.parse(await router.answer(method, parsed)) as unknown };
        }
        if (typeof method !== 'string' || !isApiMethod(method))
          throw new ApiParamError(`unknown API method "${String(method)}"`);
        const parsed = parseParams(method, params);
        const handlers = deps.api(parseSessionHandle(session));
        if (!handlers) throw new RefusedError('no session is open: open a session file or start a recording');
        // Same wire shape and byte budget as the HTTP bridge: plain JSON, NaN as null.
        return { ok: true, value: JSON.parse(await answerOf(handlers, method, parsed)) as unknown };
      } catch (err) {
        return failure(err);
      }
    },
    async action(event, name, arg) {
      try {
        checkSender(event, deps.isTrustedUrl);
        if (typeof name !== 'string' || !actionNames.has(name))
          throw new ApiParamError(`unknown desktop action "${String(name)}"`);
        const action = name as DesktopAction;
        const r = actionArgSchemas[action].safeParse(arg);
        if (!r.success) {
          const detail = r.error.issues
            .map((i) => `${i.path.length ? i.path.join('.') : '(argument)'}: ${i.message}`)
            .join('; ');
          throw new ApiParamError(`${action}: ${detail}`);
        }
        const fn = deps.actions[action] as (a: unknown) => Promise<unknown>;
        return { ok: true, value: (await fn.call(deps.actions, r.data)) ?? null };
      } catch (err) {
        return failure(err);
      }
    },
  };
}
