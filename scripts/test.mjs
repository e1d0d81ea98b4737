#!/usr/bin/env node
// The whole test suite: typecheck, OpenAPI drift check, the build of dist/ (the compiled CLI that
// test/build runs), the vitest suites, the cluster suite when a control plane is up, and the
// reference suite when the reference is up too. Ends with one line of its own: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, 'reports');
mkdirSync(reports, { recursive: true });
const extraArgs = process.argv.slice(2);

let passed = 0;
let failed = 0;
let skipped = 0;
// Names of what failed, repeated just above the summary line so that a log's last screen says which.
const failures = [];

function step(name, cmd, args, env = {}) {
  process.stdout.write(`\n== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(name, cmd, args) {
  if (step(name, cmd, args)) passed++;
  else {
    failed++;
    failures.push(name);
    process.stdout.write(`-- ${name} FAILED\n`);
  }
}

function vitest(name, config, out, env = {}) {
  rmSync(out, { force: true });
  const ok = step(name, 'npx', ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...extraArgs], env);
  if (!existsSync(out)) {
    // The runner itself failed before reporting (e.g. a syntax error): count it as one failure.
    failed++;
    failures.push(`${name}: produced no report`);
    process.stdout.write(`-- ${name} produced no report\n`);
    return;
  }
  const report = JSON.parse(readFileSync(out, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // Suites that failed to load count as failures even when no test inside them ran.
  const brokenSuites = (report.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
  failed += brokenSuites;
  for (const suite of report.testResults ?? []) {
    const file = String(suite.name ?? '').replace(`${root}`, '');
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failures.push(`${name}: ${file} did not load`);
    for (const t of suite.assertionResults ?? []) {
      if (t.status !== 'failed') continue;
      const why = String(t.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
      failures.push(`${name}: ${file} > ${t.fullName ?? t.title}${why ? `\n      ${why}` : ''}`);
    }
  }
  if (!ok && report.numFailedTests === 0 && brokenSuites === 0) {
    failed++;
    failures.push(`${name}: the runner exited non-zero with no failed test`);
  }
}

check('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
check('openapi drift', 'node', ['scripts/gen-openapi-types.mjs', '--check']);
check('build dist/', 'node', ['scripts/build.mjs']);
vitest('unit, API and simulator suites', 'vitest.config.ts', join(reports, 'vitest.json'));
vitest('browser suite (dashboard and simulation report in chromium)', 'vitest.ui.config.ts', join(reports, 'vitest-ui.json'));

const clusterConfig = join(root, 'vitest.cluster.config.ts');
if (existsSync(clusterConfig)) {
  vitest('cluster suite', clusterConfig, join(reports, 'vitest-cluster.json'));
}

// The reference in the loop (test/reference): skips, naming why, when the reference is not up.
const referenceConfig = join(root, 'vitest.reference.config.ts');
if (existsSync(referenceConfig)) {
  vitest('reference suite', referenceConfig, join(reports, 'vitest-reference.json'));
}

// Independent contract check: Schemathesis against openapi.yaml and a jobsim per profile (one check).
check('schemathesis (both profiles)', 'node', ['conformance/schemathesis/run.mjs']);

if (failures.length > 0) process.stdout.write(`\nFailed:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed > 0 ? 1 : 0);
