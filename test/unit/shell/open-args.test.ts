import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSessionFileName, sessionFileFromArgv } from '../../../electron/shell/open-args';

describe('session file from argv / open-file', () => {
  it('picks the .backflow argument of a packaged app, resolved against the caller cwd', () => {
    expect(sessionFileFromArgv(['/opt/Backflow/backflow', 'incident.backflow'], '/home/ann')).toBe(
      path.resolve('/home/ann', 'incident.backflow'),
    );
    expect(sessionFileFromArgv(['/opt/Backflow/backflow', '/data/x.BACKFLOW'], '/home/ann')).toBe('/data/x.BACKFLOW');
  });

  it('ignores Electron and Chromium switches, the app path and other files', () => {
    expect(sessionFileFromArgv(['electron', '.', '--inspect', '--enable-logging', 'notes.txt'], '/w')).toBeNull();
    expect(sessionFileFromArgv(['electron', '/w/app', '--flag=x.backflow', 'a.backflow'], '/w')).toBe('/w/a.backflow');
  });

  it('takes the last session file when several are given', () => {
    expect(sessionFileFromArgv(['app', 'a.backflow', 'b.backflow'], '/w')).toBe('/w/b.backflow');
  });

  it('needs a name before the extension', () => {
    expect(isSessionFileName('/x/.backflow')).toBe(false);
    expect(isSessionFileName('/x/s.backflow')).toBe(true);
    expect(isSessionFileName('/x/s.backflow.txt')).toBe(false);
  });
});
