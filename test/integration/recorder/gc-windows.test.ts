// GC windows end to end: the recorder keeps each collector of the simulated TaskManagers apart
// (Status.JVM.GarbageCollector.<Collector>.Time/.Count, the `All` aggregate of 1.19+ ignored), the
// session stores raw windows per collector, and the analysis shows the scripted old-generation
// pauses as one window each while young-generation background is none.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readAnalysisInput } from '../../../electron/session/analysis-input';
import type { SimulatedVersion, SimulatedCluster } from '../../../electron/simulator/index';
import { taskManagerIdFor } from '../../../electron/simulator/model/ids';
import { createSimulation } from '../../../electron/simulator/model/index';
import { analyzeSession } from '../../../shared/analysis/analyze';
import { FOREVER, startSim, steppedRecording, T0, TempDir } from '../../fixtures/recorder/harness';

let tmp: TempDir;
const open: SimulatedCluster[] = [];
beforeEach(() => {
  tmp = new TempDir();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  tmp.remove();
});

it.each(['1.18', '1.20'] as SimulatedVersion[])(
  'a %s cluster: raw windows per collector, one window per old-generation pause',
  async (flinkVersion) => {
    const model = createSimulation({ scenario: 'gc-pauses', seed: 7, startTime: T0 });
    const sim = await startSim({ scenario: 'gc-pauses', flinkVersion, model });
    open.push(sim);
    const rec = steppedRecording({ file: tmp.file('gc.backflow'), targets: [{ url: sim.url }], models: [model] });
    for (let i = 0; i < 30; i++) await rec.step();
    const reader = rec.finish();
    try {
      const raw = reader.gcWindows(FOREVER);
      expect(new Set(raw.map((w) => w.collector))).toEqual(new Set(['G1 Young Generation', 'G1 Old Generation']));
      const doc = analyzeSession(readAnalysisInput(reader));
      // The scenario's pauses: 6 s on TaskManager 1 at 90 s, 4 s on TaskManager 3 at 210 s.
      expect(doc.windows.gc.map((g) => [g.taskManager, g.collector, g.gcCount >= 1, g.significant])).toEqual([
        [taskManagerIdFor('gc-pauses', 1), 'G1 Old Generation', true, true],
        [taskManagerIdFor('gc-pauses', 3), 'G1 Old Generation', true, true],
      ]);
      const [first, second] = doc.windows.gc;
      expect(first!.gcTimeMs).toBeGreaterThanOrEqual(6000);
      expect(first!.start).toBeLessThanOrEqual(T0 + 96_000);
      expect(first!.end).toBeGreaterThanOrEqual(T0 + 96_000);
      expect(second!.gcTimeMs).toBeGreaterThanOrEqual(4000);
      expect(second!.gcTimeMs).toBeLessThan(4500);
    } finally {
      reader.close();
    }
  },
);
