// A narrow detail window that does not end on a tick: its last seconds are measured by the
// first sample after it, and must show that sample's values, not "no data".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createService, type Service } from '../../../electron/service/service';
import { SessionReader } from '../../../electron/session/reader';
import { JOB_ID, T0, V, writeSession } from '../../e2e/fixtures/make-session';

let dir: string;
let reader: SessionReader;
let service: Service;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-detail-edge-'));
  const file = path.join(dir, 'incident.backflow');
  writeSession(file);
  reader = SessionReader.open(file);
  service = createService(reader);
});
afterAll(() => {
  service.close();
  reader.close();
  rmSync(dir, { recursive: true, force: true });
});

it('fills the window to its end from the sample after it', async () => {
  // Ticks every 5 s; the window ends 2.5 s before a tick.
  const d = await service.vertexDetail({
    clusterId: 1,
    jobId: JOB_ID,
    vertexId: V.window,
    from: T0 + 152_500,
    to: T0 + 177_500,
    columns: 25,
  });
  expect(d.series.busyTimeMsPerSecond.max.at(-1)).toBeCloseTo(990);
  expect(d.series.inPoolUsage.max.at(-1)).not.toBeNull();
  for (const row of d.heatmap.values) expect(row.at(-1)).not.toBeNull();
  expect(d.series.busyTimeMsPerSecond.max.every((v) => v !== null)).toBe(true);
});
