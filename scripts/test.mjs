// `npm test`: build, typecheck (tsc + svelte-check), format and lint, vitest (unit + integration), Playwright e2e.
// Ends with one plain line `tests: N passed, N failed[, N skipped]` summed from the runners' own
// JSON reports, so CI can read it. Any failure, any skipped test, or a step that did not run
// makes the exit code non-zero: a skipped test is not a passing one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const reports = path.join(root, 'test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
/** Every failing test by file and name, printed again at the end: CI keeps only the tail of the output. */
const failures = [];

function run(label, cmd, args, env = {}) {
  const t0 = Date.now();
  console.log(`\n== ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`== ${label}: exit ${r.status ?? r.signal} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

function step(label, cmd, args) {
  // A check that has no test count of its own (build, typecheck) counts as one test.
  if (run(label, cmd, args)) totals.passed += 1;
  else {
    totals.failed += 1;
    problems.push(label);
  }
}

const node = process.execPath;
step('build', node, ['scripts/build.mjs', '--quiet']);
step('typecheck (tsc)', node, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
if (existsSync('renderer/tsconfig.json')) {
  step('typecheck (svelte-check)', node, [
    'node_modules/svelte-check/dist/src/index.js',
    '--tsconfig',
    'renderer/tsconfig.json',
    '--fail-on-warnings',
    '--output',
    'human',
  ]);
}

// Layout is Prettier's (.prettierrc.json), bug-catching rules ESLint's (eslint.config.mjs): `npm run format` fixes the first.
step('format (prettier --check)', node, [
  'node_modules/prettier/bin/prettier.cjs',
  '--check',
  '--log-level',
  'warn',
  '.',
]);
step('lint (eslint)', node, ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.']);

const vitestJson = path.join(reports, 'vitest.json');
run('unit + integration (vitest)', node, [
  'node_modules/vitest/vitest.mjs',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
countVitest('vitest', vitestJson);

/** Adds a vitest JSON report's counts to the totals; a missing or empty report is a problem. */
function countVitest(label, file) {
  if (!existsSync(file)) {
    problems.push(`${label} wrote no report`);
    return;
  }
  const v = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += v.numPassedTests;
  totals.failed += v.numFailedTests;
  totals.skipped += v.numPendingTests + v.numTodoTests;
  for (const f of v.testResults) {
    for (const t of f.assertionResults.filter((a) => a.status === 'failed')) {
      const why = (t.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
      failures.push(`${label}: ${path.relative(root, f.name)} › ${t.fullName}${why ? ` — ${why}` : ''}`);
    }
  }
  // A file that failed without a failing test (import error, crash in a hook) counts as one failure.
  const broken = v.testResults.filter(
    (f) => f.status === 'failed' && !f.assertionResults.some((t) => t.status === 'failed'),
  );
  if (broken.length > 0) {
    totals.failed += broken.length;
    problems.push(`${label} file(s) failed to run: ${broken.map((f) => path.relative(root, f.name)).join(', ')}`);
  }
  if (v.numTotalTests === 0) problems.push(`${label} ran no test`);
}

// Real Apache Flink (test/real-flink): clusters of the official distribution, recorded by the real CLI.
// The distributions and the incident-jobs jars are fetched and built by `npm run flink -- fetch/build-jobs`
// (.ci/run does it first); a missing one is fetched here, which needs the network once.
const realJson = path.join(reports, 'real-flink.json');
run('real Flink (vitest, test/real-flink)', node, [
  'node_modules/vitest/vitest.mjs',
  'run',
  '-c',
  'test/real-flink/vitest.config.ts',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${realJson}`,
]);
countVitest('real Flink', realJson);

if (existsSync('playwright.config.ts')) {
  const pwJson = path.join(reports, 'playwright.json');
  run('e2e (playwright, chromium)', node, ['node_modules/@playwright/test/cli.js', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  });
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats ?? {};
    totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
    totals.failed += s.unexpected ?? 0;
    totals.skipped += s.skipped ?? 0;
    failures.push(...playwrightFailures(JSON.parse(readFileSync(pwJson, 'utf8'))));
    if ((s.expected ?? 0) + (s.unexpected ?? 0) + (s.flaky ?? 0) === 0) problems.push('playwright ran no test');
  } else problems.push('playwright wrote no report');
}

/** `file › title — first line of the error` of each Playwright test whose final result is a failure. */
function playwrightFailures(report) {
  const out = [];
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected') continue;
        const last = t.results?.[t.results.length - 1];
        const why = (last?.error?.message ?? '').split('\n')[0].slice(0, 300);
        out.push(`e2e: ${spec.file} › ${[...titles, spec.title].join(' › ')}${why ? ` — ${why}` : ''}`);
      }
    }
    for (const s of suite.suites ?? []) walk(s, [...titles, s.title]);
  };
  // The top-level suites are the files; the ones inside them are describe blocks.
  for (const s of report.suites ?? []) walk(s, []);
  return out;
}

if (totals.skipped > 0) problems.push(`${totals.skipped} skipped test(s)`);
console.log('');
for (const f of failures) console.log(`failed: ${f}`);
if (problems.length) console.log(`problems: ${problems.join('; ')}`);
console.log(
  `tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(totals.failed === 0 && problems.length === 0 ? 0 : 1);
