import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_RECENT, recentId, RecentSessions } from '../../../electron/shell/recent-sessions';

const dir = mkdtempSync(path.join(tmpdir(), 'backflow-recent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('recent sessions', () => {
  it('keeps newest first without duplicates, capped, and persisted', () => {
    const file = path.join(dir, 'recent.json');
    const r = new RecentSessions(file, () => true);
    for (let i = 0; i < MAX_RECENT + 3; i++) r.add(`/s/${i}.backflow`);
    r.add('/s/5.backflow');
    const list = r.list();
    expect(list).toHaveLength(MAX_RECENT);
    expect(list.slice(0, 3)).toEqual(['/s/5.backflow', '/s/12.backflow', '/s/11.backflow']);
    expect(list.filter((p) => p === '/s/5.backflow')).toHaveLength(1);
    expect(new RecentSessions(file, () => true).list()).toEqual(list);
  });

  it('drops files that no longer exist', () => {
    const file = path.join(dir, 'recent-2.json');
    const gone = new Set(['/s/b.backflow']);
    const r = new RecentSessions(file, (p) => !gone.has(p));
    r.add('/s/a.backflow');
    r.add('/s/b.backflow');
    expect(r.list()).toEqual(['/s/a.backflow']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ paths: ['/s/a.backflow'] });
  });

  it('gives the renderer ids and file names, never paths, and resolves ids back', () => {
    const r = new RecentSessions(path.join(dir, 'recent-3.json'), () => true);
    r.add('/home/ann/secret-project/incident.backflow');
    const [entry] = r.entries();
    expect(entry).toEqual({
      id: recentId('/home/ann/secret-project/incident.backflow'),
      fileName: 'incident.backflow',
    });
    expect(JSON.stringify(r.entries())).not.toContain('secret-project');
    expect(r.pathOf(entry!.id)).toBe('/home/ann/secret-project/incident.backflow');
    expect(r.pathOf('0000000000000000')).toBeNull();
  });
});
