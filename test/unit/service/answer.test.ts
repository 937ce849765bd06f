// Errors cross the query worker's thread as a kind and a message and come back as the contract's
// classes (so the bridges map them to the same status), and the byte budget applies where the
// answer is encoded.

import { describe, expect, it } from 'vitest';
import {
  ApiNotFoundError,
  ApiParamError,
  ApiRefusedError,
  MAX_ANSWER_BYTES,
  type ApiHandlers,
} from '../../../shared/api';
import { answerOf, encodeCall, fromWire, toWire } from '../../../electron/service/answer';
import { SessionFileError } from '../../../electron/session/errors';

describe('errors across a thread', () => {
  it.each([
    [new ApiParamError('overview: to: from must be before to'), ApiParamError],
    [new ApiNotFoundError('no vertex v9'), ApiNotFoundError],
    [new ApiRefusedError('the answer would be 20.0 MB'), ApiRefusedError],
    [new Error('disk on fire'), Error],
  ])('keeps the kind of %s', (err, kind) => {
    const back = fromWire(structuredClone(toWire(err)));
    expect(back).toBeInstanceOf(kind);
    expect(back.message).toBe(err.message);
  });

  it('names the session file, never its folder', () => {
    const err = new SessionFileError(
      'corrupt',
      '/home/ana/incidents/x.backflow is damaged',
      '/home/ana/incidents/x.backflow',
    );
    expect(toWire(err).message).toBe('x.backflow is damaged');
  });
});

describe('encoded answers', () => {
  const huge = 'x'.repeat(MAX_ANSWER_BYTES + 1);
  const handlers = { reportPreview: () => ({ html: huge }), sessionInfo: () => ({ n: NaN }) } as unknown as ApiHandlers;

  it('refuses an answer over the byte budget as a refusal (409)', async () => {
    const p = {
      from: 1,
      to: 2,
      include: { transientEpisodes: false, annotations: false, checkpointTable: false, gcTable: false },
    };
    const err = await encodeCall(handlers, 'reportPreview', p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiRefusedError);
    expect(toWire(err).kind).toBe('refused');
  });

  it('asks a service that encodes itself, and encodes plain handlers', async () => {
    expect(await answerOf(handlers, 'sessionInfo', {})).toBe('{"n":null}');
    const own = { ...handlers, answer: async () => 'encoded elsewhere' };
    expect(await answerOf(own, 'sessionInfo', {})).toBe('encoded elsewhere');
  });
});
