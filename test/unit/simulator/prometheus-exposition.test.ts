// The simulator's PrometheusReporter text: Flink's names (flink_<logical scope>_<metric>, every
// character outside [a-zA-Z0-9:_] as `_`), its labels, gaugeFrom's values, the text format's escaping.

import { describe, expect, it } from 'vitest';
import {
  escapeLabelValue,
  formatExposition,
  jobManagerFamilies,
  replaceInvalidChars,
  taskManagerFamilies,
} from '../../../electron/simulator/prometheus';
import { gaugeValue } from '../../../electron/simulator/prometheus/families';
import { formatSampleValue } from '../../../electron/simulator/prometheus/exposition';
import { buildMetricStore } from '../../../electron/simulator/versions/metric-store';
import { profileFor } from '../../../electron/simulator/versions/profile';
import { FIXTURE_JOB_ID, FixtureModel, LONG_SINK_OPERATOR, MAP_ID, SOURCE_ID } from '../../fixtures/sim-fixture';

describe('text format', () => {
  it('sanitises names like replaceInvalidChars', () => {
    expect(replaceInvalidChars('Source: Kafka -> Map')).toBe('Source:_Kafka____Map');
    expect(replaceInvalidChars('G1 Young Generation')).toBe('G1_Young_Generation');
    expect(replaceInvalidChars('10.0.1.11:35211-ab12cd')).toBe('10_0_1_11:35211_ab12cd');
    expect(replaceInvalidChars('Ünïcode/ok')).toBe('_n_code_ok');
  });

  it('escapes backslash, double quote and line feed in label values, and nothing else', () => {
    expect(escapeLabelValue('a\\b"c\nd\te')).toBe('a\\\\b\\"c\\nd\te');
    const text = formatExposition([
      { name: 'm', help: 'h\\x\ny', samples: [{ labels: [['k', 'say "hi"\n']], value: 1 }] },
    ]);
    expect(text).toBe('# HELP m h\\\\x\\ny\n# TYPE m gauge\nm{k="say \\"hi\\"\\n"} 1.0\n');
  });

  it('writes values as the Java client does', () => {
    expect(formatSampleValue(250)).toBe('250.0');
    expect(formatSampleValue(0.25)).toBe('0.25');
    expect(formatSampleValue(312475648)).toBe('3.12475648E8');
    expect(formatSampleValue(NaN)).toBe('NaN');
    expect(formatSampleValue(Infinity)).toBe('+Inf');
    expect(formatSampleValue(-Infinity)).toBe('-Inf');
  });

  it('turns gauges into numbers like gaugeFrom: booleans 1/0, strings 0', () => {
    expect(gaugeValue('true')).toBe(1);
    expect(gaugeValue('false')).toBe(0);
    expect(gaugeValue('-9223372036854775808')).toBe(-9223372036854775808);
    expect(gaugeValue('file:/flink/checkpoints/x/chk-3')).toBe(0);
    expect(gaugeValue('')).toBe(0);
    expect(Number.isNaN(gaugeValue('NaN'))).toBe(true);
  });

  it('leaves out families without samples', () => {
    expect(formatExposition([{ name: 'm', help: 'h', samples: [] }])).toBe('');
  });
});

describe('what each simulated process reports', () => {
  const model = new FixtureModel();
  const store = buildMetricStore(model, profileFor('1.20'), null);
  const tmText = model.taskManagers.map((tm) => formatExposition(taskManagerFamilies(model, tm, store))).join('');
  const jmText = formatExposition(jobManagerFamilies(model, store));
  const job = model.jobs[0]!;
  const lines = (text: string, name: string) => text.split('\n').filter((l) => l.startsWith(`${name}{`));
  const label = (line: string, key: string) => new RegExp(`[{,]${key}="([^"]*)"`).exec(line)?.[1];

  it('names task metrics under taskmanager_job_task with every task variable as a label', () => {
    const busy = lines(tmText, 'flink_taskmanager_job_task_busyTimeMsPerSecond');
    const subtasks = job.vertices.reduce((n, v) => n + v.subtasks.length, 0);
    expect(busy).toHaveLength(subtasks);
    const map0 = busy.find((l) => label(l, 'task_id') === MAP_ID && label(l, 'subtask_index') === '0')!;
    for (const key of [
      'host',
      'tm_id',
      'job_id',
      'job_name',
      'task_id',
      'task_attempt_id',
      'task_name',
      'subtask_index',
      'task_attempt_num',
    ]) {
      expect(label(map0, key), key).toBeDefined();
    }
    expect(label(map0, 'job_id')).toBe(FIXTURE_JOB_ID);
    expect(label(map0, 'job_name')).toBe(replaceInvalidChars(job.name));
    const value = store.jobs.get(FIXTURE_JOB_ID)!.vertices.get(MAP_ID)!.get(0)!.get('busyTimeMsPerSecond')!;
    expect(Number(map0.split(' ').pop())).toBe(Number(value));
  });

  it('reports each subtask only on the TaskManager it runs on', () => {
    for (const tm of model.taskManagers) {
      const text = formatExposition(taskManagerFamilies(model, tm, store));
      for (const l of lines(text, 'flink_taskmanager_job_task_idleTimeMsPerSecond'))
        expect(label(l, 'tm_id')).toBe(replaceInvalidChars(tm.id));
    }
  });

  it('keeps sub-groups in the name: buffers, shuffle, GC collectors', () => {
    expect(lines(tmText, 'flink_taskmanager_job_task_Shuffle_Netty_Input_Buffers_inPoolUsage').length).toBeGreaterThan(
      0,
    );
    expect(lines(tmText, 'flink_taskmanager_job_task_buffers_outPoolUsage').length).toBeGreaterThan(0);
    expect(lines(tmText, 'flink_taskmanager_job_task_accumulateBackPressuredTimeMs').length).toBeGreaterThan(0);
    expect(lines(tmText, 'flink_taskmanager_Status_JVM_GarbageCollector_G1_Young_Generation_Time')).toHaveLength(
      model.taskManagers.length,
    );
    expect(tmText).toContain(
      '# HELP flink_taskmanager_job_task_Shuffle_Netty_Input_Buffers_inPoolUsage inPoolUsage (scope: taskmanager_job_task_Shuffle_Netty_Input_Buffers)\n',
    );
  });

  it('puts operator metrics under the operator scope, the operator name as a label cut at 80 characters', () => {
    const out = lines(tmText, 'flink_taskmanager_job_task_operator_numRecordsOut');
    const source = out.find((l) => label(l, 'task_id') === SOURCE_ID)!;
    expect(label(source, 'operator_id')).toBe(SOURCE_ID);
    const sink = out.find((l) => label(l, 'operator_name')?.endsWith('_Writer'))!;
    expect(label(sink, 'operator_name')).toHaveLength(80);
    expect(LONG_SINK_OPERATOR.length).toBeGreaterThan(80);
    expect(tmText).not.toMatch(/flink_taskmanager_job_task_Sink/);
  });

  it('reports job-scope checkpoint and restart metrics on the JobManager only', () => {
    const restarts = lines(jmText, 'flink_jobmanager_job_numRestarts');
    expect(restarts).toHaveLength(model.jobs.length);
    expect(label(restarts[0]!, 'job_id')).toBe(FIXTURE_JOB_ID);
    expect(lines(jmText, 'flink_jobmanager_job_lastCheckpointDuration')).toHaveLength(model.jobs.length);
    expect(lines(jmText, 'flink_jobmanager_job_lastCheckpointExternalPath')[0]).toMatch(/ 0\.0$/);
    expect(tmText).not.toContain('flink_jobmanager');
  });

  it('keeps label values unfiltered when filterLabelValueCharacters is off', () => {
    const text = formatExposition(jobManagerFamilies(model, store, { filterLabelValueCharacters: false }));
    expect(lines(text, 'flink_jobmanager_job_numRestarts')[0]).toContain(`job_name="${escapeLabelValue(job.name)}"`);
  });

  it('follows the version: no accumulate* counters before 1.16, no legacy buffers.* from 2.0', () => {
    const old = buildMetricStore(model, profileFor('1.15'), null);
    const text15 = model.taskManagers.map((tm) => formatExposition(taskManagerFamilies(model, tm, old))).join('');
    expect(text15).not.toContain('accumulateBusyTimeMs');
    const v2 = buildMetricStore(model, profileFor('2.1'), null);
    const text21 = model.taskManagers.map((tm) => formatExposition(taskManagerFamilies(model, tm, v2))).join('');
    expect(text21).not.toContain('flink_taskmanager_job_task_buffers_');
    expect(text21).toContain('flink_taskmanager_job_task_Shuffle_Netty_Output_Buffers_outPoolUsage{');
  });
});
