// Every scenario's ground truth must be true of its own model: listed episodes show
// backpressure, unlisted vertices stay OK, bottleneck subtasks do the work, windows line up.

import { describe, expect, it } from 'vitest';
import { checkGroundTruth } from './truth-check';

describe('ground truth holds against the model (steady causes)', () => {
  it('healthy: no episodes and every vertex stays OK', () => {
    const o = checkGroundTruth('healthy');
    expect(o.model.groundTruth.episodes).toHaveLength(0);
  });

  for (const scenario of ['sustained-bottleneck', 'data-skew', 'slow-sink', 'network-bottleneck']) {
    it(scenario, () => {
      const o = checkGroundTruth(scenario);
      expect(o.model.groundTruth.episodes.every((e) => e.class === 'sustained')).toBe(true);
    });
  }
});
