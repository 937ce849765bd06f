// The Flink release table: parsing a version, reading features off it, and the table itself.
import { describe, expect, it } from 'vitest';
import {
  FLINK_FEATURE_NAMES,
  FLINK_FEATURES,
  featuresOf,
  gaugeWindowMs,
  hasFeature,
  hasInPoolCaveat,
  isSupported,
  parseFlinkVersion,
  type FeatureEntry,
} from '../../../shared/flink-versions';

describe('parseFlinkVersion', () => {
  it.each([
    ['1.20.1', 1, 20, 1, null],
    ['1.12.7', 1, 12, 7, null],
    ['2.1-SNAPSHOT', 2, 1, null, 'SNAPSHOT'],
    ['1.14.0-rc1', 1, 14, 0, 'rc1'],
    [' 2.0.0 ', 2, 0, 0, null],
    ['1.17', 1, 17, null, null],
    ['1.17-vvr-8.0.4-1', 1, 17, null, 'vvr-8.0.4-1'],
  ])('%s', (text, major, minor, patch, qualifier) => {
    expect(parseFlinkVersion(text)).toMatchObject({ major, minor, patch, qualifier, raw: text.trim() });
  });

  it.each(['<unknown>', '', 'flink', 'v1.20', '1', null, undefined])('rejects %j', (text) => {
    expect(parseFlinkVersion(text)).toBeNull();
  });

  it('prefix mode reads a recorded text by its leading major.minor', () => {
    expect(parseFlinkVersion('1.8.3 (custom build)')).toBeNull();
    expect(parseFlinkVersion('1.8.3 (custom build)', 'prefix')).toMatchObject({ major: 1, minor: 8, patch: 3 });
    expect(parseFlinkVersion('1.20.1', 'prefix')).toEqual(parseFlinkVersion('1.20.1'));
    expect(parseFlinkVersion('<unknown>', 'prefix')).toBeNull();
  });
});

describe('features by release', () => {
  const v = (text: string) => parseFlinkVersion(text)!;

  it('a feature is there from its `since` release and gone from its `until` release', () => {
    expect(hasFeature(v('1.15.4'), 'accumulated')).toBe(false);
    expect(hasFeature(v('1.16.0'), 'accumulated')).toBe(true);
    expect(hasFeature(v('1.20.1'), 'legacyNetworkMetrics')).toBe(true);
    expect(hasFeature(v('2.0.0'), 'legacyNetworkMetrics')).toBe(false);
  });

  it('an unknown version is the newest release: added features there, removed ones gone', () => {
    for (const f of FLINK_FEATURE_NAMES) {
      const e: FeatureEntry = FLINK_FEATURES[f];
      expect(hasFeature(null, f), f).toBe(e.until === undefined);
    }
  });

  it('the analysis reads the gauge window and the inPoolUsage caveat off the table', () => {
    expect(gaugeWindowMs(v('1.16.3'))).toBe(5_000);
    expect(gaugeWindowMs(v('1.17.0'))).toBe(60_000);
    expect(gaugeWindowMs(null)).toBe(60_000);
    expect(hasInPoolCaveat(v('1.8.3'))).toBe(true);
    expect(hasInPoolCaveat(v('1.9.0'))).toBe(false);
    expect(hasInPoolCaveat(null)).toBe(false);
  });

  it('supported: 1.12 up to every 2.x', () => {
    expect(['1.11.6', '1.12.0', '1.20.1', '2.0.0', '2.3.0', '3.0.0'].map((t) => isSupported(v(t)))).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(isSupported(null)).toBe(false);
  });

  it('featuresOf lists every feature', () => {
    expect(Object.keys(featuresOf(null)).sort()).toEqual([...FLINK_FEATURE_NAMES].sort());
  });
});

describe('the table', () => {
  it('every entry names a release line, says what it is, and a JIRA id is well-formed', () => {
    for (const f of FLINK_FEATURE_NAMES) {
      const e: FeatureEntry = FLINK_FEATURES[f];
      expect(e.since !== undefined || e.until !== undefined, f).toBe(true);
      for (const r of [e.since, e.until]) if (r !== undefined) expect(r, f).toMatch(/^\d+\.\d+$/);
      if (e.jira !== undefined) expect(e.jira, f).toMatch(/^FLINK-\d+$/);
      expect(e.what.length, f).toBeGreaterThan(0);
    }
  });

  it('a metric id belongs to one feature', () => {
    const seen = new Map<string, string>();
    for (const f of FLINK_FEATURE_NAMES) {
      const e: FeatureEntry = FLINK_FEATURES[f];
      for (const id of Object.values(e.metrics ?? {}).flat()) {
        expect(seen.get(id), id).toBeUndefined();
        seen.set(id, f);
      }
    }
  });
});
