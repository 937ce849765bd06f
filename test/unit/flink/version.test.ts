import { describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../../../electron/flink/version';
import { parseFlinkVersion } from '../../../shared/flink-versions';

describe('capabilitiesOf', () => {
  const caps = (v: string) => capabilitiesOf(parseFlinkVersion(v));
  // version → [backpressure from metrics, accumulate, 60s gauges, skew, legacy names, /status, exceptions shape]
  it.each([
    ['1.12.7', false, false, false, false, true, false, 'legacy'],
    ['1.14.6', true, false, false, false, true, false, 'legacy+history'],
    ['1.15.4', true, false, false, false, true, false, 'legacy+history'],
    ['1.16.3', true, true, false, false, true, true, 'legacy+history'],
    ['1.17.2', true, true, true, false, true, true, 'legacy+history'],
    ['1.19.1', true, true, true, false, true, true, 'legacy+history'],
    ['1.20.1', true, true, true, true, true, true, 'legacy+history'],
    ['2.0.0', true, true, true, true, false, true, 'history'],
    ['2.1-SNAPSHOT', true, true, true, true, false, true, 'history'],
  ])('%s', (v, bp, acc, g60, skew, legacy, status, shape) => {
    const c = caps(v);
    expect([
      c.metricBackpressure,
      c.accumulated,
      c.gauges60s,
      c.skew,
      c.legacyNetworkMetrics,
      c.jobStatusEndpoint,
      c.exceptionsShape,
    ]).toEqual([bp, acc, g60, skew, legacy, status, shape]);
    expect(c.supported).toBe(true);
  });

  it('field-level differences: host removed in 2.0, endpoint from 1.19, camel level from 1.15 (backported; real 1.15.4 sends it)', () => {
    expect(caps('1.18.1')).toMatchObject({
      subtaskHost: true,
      subtaskEndpoint: false,
      camelBackpressureLevel: true,
      latencyScope: 'job',
    });
    expect(caps('1.19.0')).toMatchObject({ subtaskHost: true, subtaskEndpoint: true, gcRates: true });
    expect(caps('2.1.0')).toMatchObject({ subtaskHost: false, subtaskEndpoint: true, latencyScope: 'task' });
    expect(caps('1.15.4')).toMatchObject({ camelBackpressureLevel: true, softHard: true });
    expect(caps('1.14.6')).toMatchObject({ camelBackpressureLevel: false, softHard: false });
  });

  it('old versions are flagged unsupported; unknown assumes newest behaviour but is not "supported"', () => {
    expect(caps('1.9.3').supported).toBe(false);
    expect(caps('3.0.0').supported).toBe(false);
    const unknown = capabilitiesOf(null);
    expect(unknown.supported).toBe(false);
    expect(unknown.version).toBeNull();
    expect(unknown.jobStatusEndpoint).toBe(true);
    expect(unknown.legacyNetworkMetrics).toBe(false);
    expect(unknown.exceptionsShape).toBe('history');
  });
});
