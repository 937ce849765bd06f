// Flink's error bodies become one bounded, control-free line that keeps what the server said
// (for a 500: the server-side cause, not "Internal server error.").

import { describe, expect, it } from 'vitest';
import { flinkErrorSummary, oneLine } from '../../../electron/flink/errors';
import { ASK_TIMEOUT_SUMMARY, ASK_TIMEOUT_TRACE, flink500 } from './canned';

describe('flinkErrorSummary', () => {
  it('500: the server-side cause (first line and innermost Caused by), not the generic first entry', () => {
    const s = flinkErrorSummary(flink500(ASK_TIMEOUT_TRACE))!;
    expect(s).toBe(ASK_TIMEOUT_SUMMARY);
    expect(s).not.toContain('Internal server error');
    expect(s).not.toMatch(/\bat |more\b/);
  });

  it('a cause already named in the first line is not repeated', () => {
    const trace =
      'java.util.concurrent.CompletionException: java.io.IOException: disk full\n\tat X\nCaused by: java.io.IOException: disk full\n\tat Y';
    expect(flinkErrorSummary(flink500(trace))).toBe('CompletionException: IOException: disk full');
  });

  it('a one-line server-side entry is kept; the generic entry alone is kept too', () => {
    expect(
      flinkErrorSummary(
        JSON.stringify({
          errors: ['Internal server error.', '<Exception on server side: java.util.concurrent.TimeoutException>'],
        }),
      ),
    ).toBe('TimeoutException');
    expect(flinkErrorSummary(JSON.stringify({ errors: ['Internal server error.'] }))).toBe('Internal server error.');
  });

  it('newer versions send a RestHandlerException as a whole stack trace: first line and cause', () => {
    const body = JSON.stringify({
      errors: [
        'org.apache.flink.runtime.rest.NotFoundException: Job 3f7c not found\n\tat org.apache.flink.runtime.rest.handler.job.AbstractExecutionGraphHandler.lambda$handleRequest$1(AbstractExecutionGraphHandler.java:99)\nCaused by: org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (3f7c)\n\t... 40 more\n',
      ],
    });
    expect(flinkErrorSummary(body)).toBe(
      'NotFoundException: Job 3f7c not found (caused by FlinkJobNotFoundException: Could not find Flink job (3f7c))',
    );
  });

  it('several plain entries are joined; non-string entries are ignored', () => {
    expect(flinkErrorSummary(JSON.stringify({ errors: ['Bad request', 7, 'Invalid metric aggregation mode'] }))).toBe(
      'Bad request; Invalid metric aggregation mode',
    );
  });

  it('bounded: a huge trace gives at most `max` characters, keeping room for the cause', () => {
    const head = `java.lang.RuntimeException: ${'x'.repeat(5000)}`;
    const s = flinkErrorSummary(flink500(`${head}\nCaused by: java.io.IOException: the real reason`), 240)!;
    expect(s.length).toBeLessThanOrEqual(240);
    expect(s).toContain('(caused by IOException: the real reason)');
  });

  it('one line with no control characters; markup stays literal text', () => {
    const hostile =
      'one\rtwo\tthree \u001b[31mred\u001b[0m \u202eevil\u202c <b onmouseover="x">bold</b> \u0007bell\u0000';
    const s = flinkErrorSummary(flink500(hostile))!;
    expect(s).toBe('one two three red evil <b onmouseover="x">bold</b> bell');
    // eslint-disable-next-line no-control-regex
    expect(s).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it("null for anything that is not Flink's error shape", () => {
    expect(flinkErrorSummary('<html>Bad Gateway</html>')).toBeNull();
    expect(flinkErrorSummary('{"error":"denied"}')).toBeNull();
    expect(flinkErrorSummary('{"errors":"not a list"}')).toBeNull();
    expect(flinkErrorSummary('{"errors":[]}')).toBeNull();
    expect(flinkErrorSummary('null')).toBeNull();
    expect(flinkErrorSummary('')).toBeNull();
  });
});

describe('oneLine', () => {
  it('collapses whitespace, drops control and bidi characters and escape sequences, cuts with …', () => {
    expect(oneLine('a\n\n b\u2028c\u0085d\u200fe\u001b[2Kf')).toBe('a b cdef');
    expect(oneLine('x'.repeat(10), 5)).toBe('xxxx…');
  });
});
