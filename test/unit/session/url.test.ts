import { describe, expect, it } from 'vitest';
import { SessionFileError } from '../../../electron/session/errors';
import { sanitizeClusterUrl } from '../../../electron/session/url';

describe('sanitizeClusterUrl', () => {
  it('drops user, password, query and fragment but keeps host, port and path', () => {
    expect(sanitizeClusterUrl('https://admin:s3cret@flink.example.com:8443/proxy/flink/?token=abc#x')).toBe(
      'https://flink.example.com:8443/proxy/flink',
    );
    expect(sanitizeClusterUrl('http://127.0.0.1:8081')).toBe('http://127.0.0.1:8081');
  });

  it('rejects non-HTTP and unparsable URLs without echoing credentials', () => {
    expect(() => sanitizeClusterUrl('file:///etc/passwd')).toThrow(SessionFileError);
    let message = '';
    try {
      sanitizeClusterUrl('http://user:hunter2@[bad');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/not a valid URL/);
    expect(message).not.toContain('hunter2');
  });
});
