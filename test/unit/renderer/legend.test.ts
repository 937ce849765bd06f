import { describe, expect, it } from 'vitest';
import { legendClick } from '../../../renderer/src/lib/legend';

const ALL = ['busy', 'idle', 'backpressured'] as const;
const set = (...k: string[]) => new Set(k);

describe('legend clicks, Grafana style', () => {
  it('a click isolates an entry; a click on the only one shown shows all again', () => {
    const isolated = legendClick(set(), ALL, 'idle', false);
    expect([...isolated].sort()).toEqual(['backpressured', 'busy']);
    expect(legendClick(isolated, ALL, 'idle', false)).toEqual(set());
  });

  it('a click on another entry while one is isolated isolates that one', () => {
    expect([...legendClick(set('busy', 'backpressured'), ALL, 'busy', false)].sort()).toEqual([
      'backpressured',
      'idle',
    ]);
  });

  it('Ctrl/⌘+click hides or shows one entry alone', () => {
    expect(legendClick(set(), ALL, 'busy', true)).toEqual(set('busy'));
    expect(legendClick(set('busy'), ALL, 'busy', true)).toEqual(set());
    expect(legendClick(set('busy'), ALL, 'idle', true)).toEqual(set('busy', 'idle'));
  });

  it('hiding the last visible entry shows all instead of an empty chart', () => {
    expect(legendClick(set('busy', 'idle'), ALL, 'backpressured', true)).toEqual(set());
  });
});
