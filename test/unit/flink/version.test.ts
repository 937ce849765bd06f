import { describe, expect, it } from 'vitest';
import { capabilitiesOf, parseFlinkVersion } from '../../../electron/flink/version';

describe('parseFlinkVersion', () => {
  it.each([
    ['1.20.1', 1, 20, 1, null],
    ['1.12.7', 1, 12, 7, null],
    ['2.1-SNAPSHOT', 2, 1, null, 'SNAPSHOT'],
    ['1.14.0-rc1', 1, 14, 0, 'rc1'],
    [' 2.0.0 ', 2, 0, 0, null],
    ['1.17', 1, 17, null, null],
  ])('%s', (text, major, minor, patch, qualifier) => {
    expect(parseFlinkVersion(text)).toMatchObject({ major, minor, patch, qualifier });
  });

  it.each(['<unknown>', '', 'flink', 'v1.20', '1'])('rejects %j', (text) => {
    expect(parseFlinkVersion(text)).toBeNull();
  });
});

describe('capabilitiesOf', () => {
  const caps = (v: string) => capabilitiesOf(parseFlinkVersion(v));
  // version → [backpressureMetrics, accumulate, 60s gauges, skew, legacy names, /status, exceptions shape]
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
    expect([c.hasBackpressureMetrics, c.hasAccumulateTimes, c.gauges60s, c.hasSkew, c.legacyNetworkNames, c.hasJobStatusEndpoint, c.exceptionsShape]).toEqual([
      bp, acc, g60, skew, legacy, status, shape,
    ]);
    expect(c.supported).toBe(true);
  });

  it('field-level differences: host removed in 2.0, endpoint from 1.19, camel level from 1.16', () => {
    expect(caps('1.18.1')).toMatchObject({ hasHostField: true, hasEndpointField: false, hasCamelBackpressureLevel: true, latencyScope: 'job' });
    expect(caps('1.19.0')).toMatchObject({ hasHostField: true, hasEndpointField: true, hasGcAllAggregate: true });
    expect(caps('2.1.0')).toMatchObject({ hasHostField: false, hasEndpointField: true, latencyScope: 'task' });
    expect(caps('1.15.0')).toMatchObject({ hasCamelBackpressureLevel: false, hasSoftHardBackpressure: true });
  });

  it('old versions are flagged unsupported; unknown assumes newest behaviour but is not "supported"', () => {
    expect(caps('1.9.3').supported).toBe(false);
    const unknown = capabilitiesOf(null);
    expect(unknown.supported).toBe(false);
    expect(unknown.version).toBeNull();
    expect(unknown.hasJobStatusEndpoint).toBe(true);
    expect(unknown.legacyNetworkNames).toBe(false);
  });
});
