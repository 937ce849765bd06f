// The app version written into session headers and shown by `backflow --version`.
// esbuild replaces __BACKFLOW_VERSION__ at build time; unbundled code (tests) reports 'dev'.
declare const __BACKFLOW_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __BACKFLOW_VERSION__ === 'string' ? __BACKFLOW_VERSION__ : 'dev';
