import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../shared/analysis/analyze';
import type { EpisodeBottleneck } from '../../../shared/analysis/document';
import { bottleneckBasis, bottleneckSummary, listed } from '../../../shared/analysis/explain';
import { formatAnalysisText } from '../../../shared/analysis/format';
import type { CheckpointEvent } from '../../../shared/model';
import { epochMs } from '../../../shared/time';
import { chain, edge, JOB, pattern, rows, session, STEP, T0, vertex } from './fixtures';

const b = (rule: EpisodeBottleneck['rule'], subtasks: number[], evidence: EpisodeBottleneck['evidence'] = {}) => ({
  vertexName: 'Window',
  rule,
  subtasks,
  evidence,
});

describe('bottleneck wording comes from the rule that chose it', () => {
  it('says busy only for the busy rule', () => {
    expect(bottleneckSummary(b('busy', [1]))).toBe('Window (busy subtask 1)');
    expect(bottleneckSummary(b('busy', [0, 1, 2]))).toBe('Window (busy subtasks 0, 1, 2)');
    expect(bottleneckBasis(b('input-buffers', [0, 3]))).toBe(
      'input pool full on subtasks 0, 3 (busy time not reported)',
    );
    expect(bottleneckBasis(b('gc', [2], { taskManagers: ['tm-2'] }))).toBe('not busy: subtask 2 paused by GC on tm-2');
    expect(bottleneckBasis(b('checkpoint-alignment', [0, 1, 2, 3], { checkpointIds: [7] }))).toBe(
      'not busy: aligning barriers of checkpoint 7',
    );
    for (const rule of ['input-buffers', 'gc', 'checkpoint-alignment'] as const) {
      expect(bottleneckBasis(b(rule, [0, 1, 2, 3]))).not.toMatch(/busy subtask/);
    }
  });

  it('cuts long lists', () => {
    expect(listed([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toBe('0, 1, 2, 3, 4, 5, 6, 7 … (+2)');
    expect(
      bottleneckBasis(
        b(
          'busy',
          Array.from({ length: 12 }, (_, i) => i),
        ),
      ),
    ).toBe('busy subtasks 0, 1, 2, 3, 4, 5, 6, 7 … (+4)');
  });

  it('analyze text names a checkpoint-alignment bottleneck as aligning, not as busy subtasks', () => {
    // src backpressured in intervals 2–3 while agg (not busy) aligns checkpoint 3's barriers.
    const checkpoint: CheckpointEvent = {
      clusterId: 1,
      jobId: JOB,
      id: 3,
      status: 'COMPLETED',
      isSavepoint: false,
      triggerTs: epochMs(T0 + 2 * STEP),
      endTs: epochMs(T0 + 2 * STEP + 7000),
      checkpointedSize: null,
      stateSize: null,
      alignmentMs: 6500,
      failureMessage: null,
    };
    const doc = analyzeSession(
      session({
        vertices: [vertex('src', 4, 0), vertex('agg', 4, 1, 'Agg')],
        edges: [edge('src', 'agg')],
        frames: [
          ...chain('src', { bp: pattern('..HH....', 4), busy: rows(8, [0.05, 0.05, 0.05, 0.05]) }),
          ...chain('agg', { bp: rows(8, [0, 0, 0, 0]), busy: rows(8, [0.2, 0.2, 0.2, 0.2]) }),
        ],
        checkpoints: [checkpoint],
      }),
    );
    const e = doc.episodes.find((x) => x.vertexId === 'src')!;
    expect(e.bottleneck).toMatchObject({ rule: 'checkpoint-alignment', subtasks: [0, 1, 2, 3] });
    const text = formatAnalysisText(doc);
    expect(text).toContain('bottleneck: Agg (not busy: aligning barriers of checkpoint 3)');
    expect(text).not.toContain('busy subtasks');
  });
});
