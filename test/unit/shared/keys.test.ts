import { describe, expect, it } from 'vitest';
import { jobKey, vertexKey } from '../../../shared/keys';

// Automatic annotations store keys built from these; a changed format would pin findings twice.
describe('keys', () => {
  it('writes cluster/job and cluster/job/vertex', () => {
    expect(jobKey(2, 'j1')).toBe('2/j1');
    expect(vertexKey(2, 'j1', 'v3')).toBe('2/j1/v3');
  });
});
