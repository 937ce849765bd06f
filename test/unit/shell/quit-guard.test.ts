import { describe, expect, it } from 'vitest';
import {
  answerOf,
  closeDialog,
  QuitGuard,
  quitDialog,
  quitWhenAllClosed,
  shellQuitGuard,
  type CloseAnswer,
  type QuitAnswer,
} from '../../../electron/shell/quit-guard';

function setup(recording: string | null, quitAnswer: QuitAnswer = 'cancel', closeAnswer: CloseAnswer = 'cancel') {
  const log: string[] = [];
  let file = recording;
  const guard = new QuitGuard({
    recordingFile: () => file,
    askQuit: async (f) => (log.push(`askQuit:${f}`), quitAnswer),
    askClose: async (f) => (log.push(`askClose:${f}`), closeAnswer),
    stopRecording: async () => {
      log.push('stop');
      file = null;
    },
    quit: () => log.push('quit'),
    closeWindow: () => log.push('close'),
  });
  const event = () => {
    const e = { prevented: false, preventDefault: () => (e.prevented = true) };
    return e;
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { guard, log, event, settle };
}

describe('quit while recording', () => {
  it('quits without asking when nothing records', () => {
    const { guard, log, event } = setup(null);
    const e = event();
    guard.onBeforeQuit(e);
    expect(e.prevented).toBe(false);
    expect(log).toEqual([]);
  });

  it('asks, and keeps running when the user cancels', async () => {
    const { guard, log, event, settle } = setup('live.backflow', 'cancel');
    const e = event();
    guard.onBeforeQuit(e);
    await settle();
    expect(e.prevented).toBe(true);
    expect(log).toEqual(['askQuit:live.backflow']);
    expect(guard.isQuitting).toBe(false);
  });

  it('stops the recording first, then quits, and lets that quit through', async () => {
    const { guard, log, event, settle } = setup('live.backflow', 'stop-and-quit');
    guard.onBeforeQuit(event());
    await settle();
    expect(log).toEqual(['askQuit:live.backflow', 'stop', 'quit']);
    const again = event();
    guard.onBeforeQuit(again);
    expect(again.prevented).toBe(false);
  });

  it('asks once even when quit is requested repeatedly', async () => {
    const { guard, log, event, settle } = setup('live.backflow', 'cancel');
    guard.onBeforeQuit(event());
    guard.onBeforeQuit(event());
    await settle();
    expect(log).toEqual(['askQuit:live.backflow']);
  });

  it('closing the window can keep recording in the background', async () => {
    const { guard, log, event, settle } = setup('live.backflow', 'cancel', 'keep-recording');
    const e = event();
    guard.onWindowClose(e);
    await settle();
    expect(e.prevented).toBe(true);
    expect(log).toEqual(['askClose:live.backflow', 'close']);
    // the confirmed close itself passes
    const second = event();
    guard.onWindowClose(second);
    expect(second.prevented).toBe(false);
    expect(quitWhenAllClosed('linux', true)).toBe(false);
  });

  it('closing the window can stop the recording, or be cancelled', async () => {
    const stop = setup('live.backflow', 'cancel', 'stop-and-close');
    stop.guard.onWindowClose(stop.event());
    await stop.settle();
    expect(stop.log).toEqual(['askClose:live.backflow', 'stop', 'close']);
    const cancel = setup('live.backflow', 'cancel', 'cancel');
    cancel.guard.onWindowClose(cancel.event());
    await cancel.settle();
    expect(cancel.log).toEqual(['askClose:live.backflow']);
  });

  it('does not ask on window close when quitting was already agreed', async () => {
    const { guard, log, event, settle } = setup('live.backflow', 'stop-and-quit');
    guard.onBeforeQuit(event());
    await settle();
    const e = event();
    guard.onWindowClose(e);
    expect(e.prevented).toBe(false);
    expect(log).toEqual(['askQuit:live.backflow', 'stop', 'quit']);
  });

  it('maps dialog buttons to answers; Escape and unknown indexes cancel', () => {
    const q = quitDialog('s.backflow');
    expect(q.options.buttons).toEqual(['Stop Recording and Quit', 'Cancel']);
    expect(answerOf(q.answers, 0, 'cancel')).toBe('stop-and-quit');
    expect(answerOf(q.answers, q.options.cancelId!, 'cancel')).toBe('cancel');
    expect(answerOf(q.answers, 7, 'cancel')).toBe('cancel');
    const c = closeDialog('s.backflow');
    expect(c.options.buttons!.map((_, i) => answerOf(c.answers, i, 'cancel'))).toEqual([
      'keep-recording',
      'stop-and-close',
      'cancel',
    ]);
    expect(c.options.detail).toContain('s.backflow');
  });

  it('quits when the last window closes except on macOS or while recording', () => {
    expect(quitWhenAllClosed('linux', false)).toBe(true);
    expect(quitWhenAllClosed('win32', false)).toBe(true);
    expect(quitWhenAllClosed('darwin', false)).toBe(false);
    expect(quitWhenAllClosed('win32', true)).toBe(false);
  });
});

describe('the shell quit guard', () => {
  it('asks on the window with the file name, and quitting without a window stops the recording', async () => {
    const log: string[] = [];
    let file: string | null = '/s/live.backflow';
    let answer: number | null = 1;
    const recording = {
      get recordingFile() {
        return file;
      },
      stop: async () => {
        log.push('stop');
        file = null;
        return { recording: false, fileName: null, ticks: 0, lastError: null, demo: null };
      },
    };
    const window = {
      ask: async (o: { detail?: string }) => (log.push(`ask:${o.detail}`), answer),
      close: () => log.push('close'),
    };
    const guard = shellQuitGuard(window, recording, () => log.push('quit'));
    const e = { preventDefault: () => log.push('prevented') };
    guard.onBeforeQuit(e);
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual([
      'prevented',
      'ask:Quitting stops recording into live.backflow. Everything recorded so far stays in the file.',
    ]);
    answer = null;
    log.length = 0;
    guard.onBeforeQuit(e);
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['prevented', expect.stringMatching(/^ask:/), 'stop', 'quit']);
  });
});
