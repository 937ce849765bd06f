// What the Electron preload exposes to the renderer as `window.backflow`: the API contract over
// IPC (same methods, same params, same results as the HTTP bridge) plus the few desktop actions
// the UI triggers itself. Types and constants only, so the renderer, the preload and the main
// process agree on one definition. The renderer never receives file paths or secrets here.

import type {
  ApiMethod,
  ApiParams,
  ApiResult,
  LiveEvent,
  RegistryMethod,
  RegistryParams,
  RegistryResult,
  SessionListEntry,
} from './api';
import type { ReportInclude } from './report/types';

/** Every method of the contract, in one list the sandboxed preload can carry without zod. */
export const API_METHODS = [
  'sessionInfo',
  'overview',
  'analysis',
  'tickNear',
  'jobGraph',
  'vertexDetail',
  'subtaskValues',
  'annotations',
  'annotation',
  'addAnnotation',
  'updateAnnotation',
  'deleteAnnotation',
  'reportPreview',
  'evidence',
  'evidenceItem',
  'captureEvidence',
] as const satisfies readonly ApiMethod[];

// Fails to compile when the contract gains a method this list lacks.
type Missing = Exclude<ApiMethod, (typeof API_METHODS)[number]>;

/** The calls about the open sessions as a whole (shared/api.ts registryParamSchemas). */
export const REGISTRY_METHODS = ['sessions', 'compare', 'compareReport'] as const satisfies readonly RegistryMethod[];
type MissingRegistry = Exclude<RegistryMethod, (typeof REGISTRY_METHODS)[number]>;
const _allRegistryListed: [MissingRegistry] extends [never] ? true : MissingRegistry = true;
void _allRegistryListed;
const _allMethodsListed: [Missing] extends [never] ? true : Missing = true;
void _allMethodsListed;

/** IPC channel names (main ↔ preload). */
export const IPC = {
  /** renderer → main: one contract call, answered with an IpcReply. */
  api: 'backflow:api',
  /** renderer → main: one desktop action, answered with an IpcReply. */
  action: 'backflow:action',
  /** main → renderer: LiveEvent while the open session grows. */
  live: 'backflow:live',
  /** main → renderer: a menu command the UI handles (DesktopCommand). */
  command: 'backflow:command',
  /**
   * preload → main: the paths of the files dropped on the window (the preload reads them from the
   * drop; the page never sees a path): one opens, two open their comparison.
   */
  dropped: 'backflow:dropped',
} as const;

/** Errors cross IPC as data: Electron would otherwise prefix thrown messages with its own text. */
export type IpcReply<T> =
  { ok: true; value: T } | { ok: false; kind: 'params' | 'not-found' | 'refused' | 'failed'; message: string };

/** A recent session as the renderer sees it: an opaque id and the file name, never the path. */
export interface RecentSessionEntry {
  id: string;
  fileName: string;
}

/** The recording form's input. Secrets are referenced by a saved-credential id, never sent back. */
export interface RecordingRequest {
  url: string;
  intervalMs: number;
  /** Job ids or names; empty = every running job. */
  jobs: string[];
  detail: 'all' | 'hot' | 'none';
  /** Use the credential saved for this cluster URL (see saveCredential). */
  useSavedCredential: boolean;
}

export interface CredentialInput {
  url: string;
  basicAuth?: { username: string; password: string };
  bearerToken?: string;
}

export interface RecordingState {
  recording: boolean;
  /** File name of the session being recorded (null when idle). */
  fileName: string | null;
  ticks: number;
  /** Last error of a poll or the reason recording stopped; null when fine. */
  lastError: string | null;
  /** Scenario of the built-in simulated cluster being recorded; null for a real cluster. */
  demo: string | null;
}

/**
 * Scenarios of the built-in simulated cluster the desktop app offers to record (the simulator's
 * catalogue minus `large`, a 5 000-subtask load test rather than a story to watch). A unit test
 * keeps this list equal to the simulator's, which the renderer cannot import.
 */
export const DEMO_SCENARIOS = [
  'healthy',
  'sustained-bottleneck',
  'data-skew',
  'checkpoint-spikes',
  'gc-pauses',
  'network-bottleneck',
  'slow-sink',
  'restart',
  'rescale',
  'incident',
] as const;

export type DemoScenario = (typeof DEMO_SCENARIOS)[number];

export const DEFAULT_DEMO_SCENARIO: DemoScenario = 'incident';

export interface DemoRecordingRequest {
  /** Default: DEFAULT_DEMO_SCENARIO. */
  scenario?: DemoScenario;
}

/** Export Report…: the range and parts chosen in the dialog (the same as its preview) and the format. */
export interface ExportReportRequest {
  from: number;
  to: number;
  sustainedAfterMs?: number;
  include: ReportInclude;
  format: 'html' | 'md' | 'pdf';
}

export interface DesktopActions {
  /** Shows the OS open dialog; resolves to the opened file's name, or null when cancelled. */
  openSessionDialog(): Promise<string | null>;
  recentSessions(): Promise<RecentSessionEntry[]>;
  openRecent(id: string): Promise<string | null>;
  /** Asks where to save, then starts recording into that file. Null when the user cancelled. */
  startRecording(req: RecordingRequest): Promise<RecordingState | null>;
  /**
   * Records the built-in simulated cluster (no cluster needed) into a new file in the app's
   * sessions folder and opens it live in the window.
   */
  startDemoRecording(req: DemoRecordingRequest): Promise<RecordingState>;
  stopRecording(): Promise<RecordingState>;
  recordingState(): Promise<RecordingState>;
  /** Encrypted with the OS keychain (safeStorage); stored outside any session. */
  saveCredential(input: CredentialInput): Promise<void>;
  /** Cluster URLs with a saved credential (the secrets themselves never reach the UI). */
  savedCredentialUrls(): Promise<string[]>;
  forgetCredential(url: string): Promise<void>;
  /** Asks where to save, then writes the report of the open session; the file name, or null when cancelled. */
  exportReport(req: ExportReportRequest): Promise<string | null>;
  /** Asks for two session files (A, then B) and opens them to compare; null when cancelled. */
  compareSessionsDialog(): Promise<ComparePair | null>;
  /** The two sessions File › Compare Sessions… opened (the compare view shows them); null when none. */
  comparePair(): Promise<ComparePair | null>;
  /** Asks where to save, then writes the compare report of that pair; the file name, or null when cancelled. */
  exportCompareReport(req: CompareReportRequest): Promise<string | null>;
}

/** Compare report of the pair File › Compare Sessions… opened, aligned as the view shows it. */
export interface CompareReportRequest {
  align: 'start' | 'episode' | 'clock';
  format: 'html' | 'md' | 'pdf';
}

/** Two open sessions to compare, A ("before") and B. */
export interface ComparePair {
  a: SessionListEntry;
  b: SessionListEntry;
}

export type DesktopAction = keyof DesktopActions;

export const DESKTOP_ACTIONS = [
  'openSessionDialog',
  'recentSessions',
  'openRecent',
  'startRecording',
  'startDemoRecording',
  'stopRecording',
  'recordingState',
  'saveCredential',
  'savedCredentialUrls',
  'forgetCredential',
  'exportReport',
  'compareSessionsDialog',
  'comparePair',
  'exportCompareReport',
] as const satisfies readonly DesktopAction[];

type MissingAction = Exclude<DesktopAction, (typeof DESKTOP_ACTIONS)[number]>;
const _allActionsListed: [MissingAction] extends [never] ? true : MissingAction = true;
void _allActionsListed;

/** Menu commands the renderer acts on (the rest the main process handles itself). */
export type DesktopCommand = 'new-recording' | 'show-keyboard-map' | 'export-report';

export interface DesktopBridge {
  /** One contract call about the session `session` names (a handle from `sessions`; the window's when absent). */
  invoke<M extends ApiMethod>(method: M, params: ApiParams<M>, session?: string): Promise<ApiResult<M>>;
  /** A call about the open sessions as a whole (the list, a comparison of two). */
  ask<M extends RegistryMethod>(method: M, params: RegistryParams<M>): Promise<RegistryResult<M>>;
  /** Calls back for each live event until the returned function is called. */
  onLive(callback: (event: LiveEvent) => void): () => void;
  onCommand(callback: (command: DesktopCommand) => void): () => void;
  actions: DesktopActions;
}
