// Quitting or closing the window while a recording runs must not silently end it. Quit asks
// "stop recording and quit?"; closing the window asks whether to keep recording in the
// background (the window goes away, the recorder thread keeps writing; reopening Backflow shows
// the live session again), stop it, or cancel. Dialog texts and answer mapping are pure.

import path from 'node:path';
import type { MessageBoxOptions } from 'electron';
import type { MainWindow } from './main-window';
import type { RecordingHost } from './recording-host';

export type QuitAnswer = 'stop-and-quit' | 'cancel';
export type CloseAnswer = 'keep-recording' | 'stop-and-close' | 'cancel';

export function quitDialog(fileName: string): { options: MessageBoxOptions; answers: QuitAnswer[] } {
  return {
    options: {
      type: 'warning',
      buttons: ['Stop Recording and Quit', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'A recording is still running',
      detail: `Quitting stops recording into ${fileName}. Everything recorded so far stays in the file.`,
    },
    answers: ['stop-and-quit', 'cancel'],
  };
}

export function closeDialog(fileName: string): { options: MessageBoxOptions; answers: CloseAnswer[] } {
  return {
    options: {
      type: 'question',
      buttons: ['Keep Recording', 'Stop Recording', 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      message: 'Keep recording after the window closes?',
      detail: `Backflow can keep recording into ${fileName} in the background. Open Backflow again to watch it.`,
    },
    answers: ['keep-recording', 'stop-and-close', 'cancel'],
  };
}

/** Maps a message box response index to an answer; anything unexpected counts as cancel. */
export function answerOf<A extends string>(answers: readonly A[], response: number, cancel: A): A {
  return answers[response] ?? cancel;
}

interface PreventableEvent {
  preventDefault(): void;
}

export interface QuitGuardDeps {
  recordingFile(): string | null;
  askQuit(fileName: string): Promise<QuitAnswer>;
  askClose(fileName: string): Promise<CloseAnswer>;
  stopRecording(): Promise<void>;
  quit(): void;
  closeWindow(): void;
}

export class QuitGuard {
  /** Set once the user agreed (or nothing was recording): the next before-quit passes. */
  private quitting = false;
  private closingConfirmed = false;
  private asking = false;

  constructor(private readonly deps: QuitGuardDeps) {}

  get isQuitting(): boolean {
    return this.quitting;
  }

  /** app 'before-quit'. */
  onBeforeQuit(e: PreventableEvent): void {
    if (this.quitting) return;
    const file = this.deps.recordingFile();
    if (file === null) {
      this.quitting = true;
      return;
    }
    e.preventDefault();
    if (this.asking) return;
    this.asking = true;
    void this.deps
      .askQuit(file)
      .then(async (answer) => {
        if (answer !== 'stop-and-quit') return;
        await this.deps.stopRecording();
        this.quitting = true;
        this.deps.quit();
      })
      .finally(() => {
        this.asking = false;
      });
  }

  /** BrowserWindow 'close'. Returns nothing; prevents the close while asking. */
  onWindowClose(e: PreventableEvent): void {
    if (this.quitting || this.closingConfirmed) return;
    const file = this.deps.recordingFile();
    if (file === null) return;
    e.preventDefault();
    if (this.asking) return;
    this.asking = true;
    void this.deps
      .askClose(file)
      .then(async (answer) => {
        if (answer === 'cancel') return;
        if (answer === 'stop-and-close') await this.deps.stopRecording();
        this.closingConfirmed = true;
        this.deps.closeWindow();
      })
      .finally(() => {
        this.asking = false;
      });
  }

  /** A new window was created: its close must be confirmed again. */
  windowOpened(): void {
    this.closingConfirmed = false;
  }
}

/** The shell's guard: asks on the main window (quitting without one stops the recording). */
export function shellQuitGuard(
  window: Pick<MainWindow, 'ask' | 'close'>,
  recording: Pick<RecordingHost, 'recordingFile' | 'stop'>,
  quit: () => void,
): QuitGuard {
  return new QuitGuard({
    recordingFile: () => (recording.recordingFile ? path.basename(recording.recordingFile) : null),
    askQuit: async (fileName) => {
      const d = quitDialog(fileName);
      return answerOf(d.answers, (await window.ask(d.options)) ?? 0, 'cancel');
    },
    askClose: async (fileName) => {
      const d = closeDialog(fileName);
      return answerOf(d.answers, (await window.ask(d.options)) ?? -1, 'cancel');
    },
    stopRecording: async () => void (await recording.stop()),
    quit,
    closeWindow: () => window.close(),
  });
}

/** window-all-closed: quit, except on macOS (apps stay open) or while recording in the background. */
export function quitWhenAllClosed(platform: NodeJS.Platform, recording: boolean): boolean {
  return platform !== 'darwin' && !recording;
}
