// electron-builder configuration (found by name; `npm run dist` builds the installers on a
// networked machine). The packaging test packs this config offline with a stub Electron and
// checks the asar, so it cannot silently rot.
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.backflow.desktop',
  productName: 'Backflow',
  copyright: 'Apache-2.0',
  directories: { output: 'dist', buildResources: 'build' },
  // The bundles only; production node_modules (better-sqlite3, zod) are added by electron-builder.
  files: [
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    // The worker entry: the main process runs the analysis and heavy queries in it (analysis-worker-path.ts).
    'out/cli/analysis-worker.mjs',
    'package.json',
    '!**/*.map',
    // better-sqlite3 needs only lib/ and the compiled addon at run time, not its C sources,
    // the SQLite amalgamation or the object files left by the build (~25 MB).
    '!**/node_modules/better-sqlite3/{src,deps}/**',
    '!**/node_modules/better-sqlite3/build/{deps,Release/obj,Release/obj.target,Release/.deps}/**',
    '!**/node_modules/better-sqlite3/build/Release/{*.a,test_extension.node}',
    '!**/node_modules/better-sqlite3/build/{Makefile,*.mk,config.gypi,binding.Makefile}',
  ],
  asar: true,
  // A native module cannot be loaded from inside an asar archive.
  asarUnpack: ['**/node_modules/better-sqlite3/**/*.node'],
  // Rebuild better-sqlite3 against Electron's ABI here, at packaging time (never in postinstall:
  // the Node 20 build is what the CLI and tests use).
  npmRebuild: true,
  buildDependenciesFromSource: false,
  fileAssociations: [
    {
      ext: 'backflow',
      name: 'Backflow Session',
      description: 'Backflow recording of Apache Flink backpressure',
      mimeType: 'application/x-backflow-session',
      role: 'Editor',
    },
  ],
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development',
    icon: 'build/icons',
    maintainer: 'Backflow maintainers <backflow@users.noreply.github.com>',
    synopsis: 'Flight recorder for Apache Flink backpressure',
  },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.developer-tools',
    icon: 'build/icon.png',
  },
  dmg: { title: 'Backflow ${version}' },
  win: {
    target: ['nsis'],
    icon: 'build/icon.png',
  },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  publish: null,
};
