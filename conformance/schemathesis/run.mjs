#!/usr/bin/env node
// Independent check: Schemathesis (from PyPI) against a jobsim it starts on 127.0.0.1, with two contracts:
// openapi.yaml (jobsim's own, per profile) and reference-view.yaml (what the reference's Swagger file
// declares, against the radix profile). Installs Schemathesis into a virtualenv under the user's cache
// (not the repo), installing python3-venv with apt-get first when the machine lacks it (fresh Debian, as
// root). Accepted deviations live in baseline-<run>.json, each explained in ../SCHEMATHESIS.md.
//
//   node conformance/schemathesis/run.mjs [--contract openapi|reference|all] [--profile documented|radix|all]
//                                         [--max-examples N] [--seed N] [--update-baseline]
//
// --update-baseline merges this run's failures into the run's baseline: review every new entry and keep
// it only if it is a deviation written down in SCHEMATHESIS.md.
//
// Exit code: Schemathesis' own (0 no new failures; 1 failures; 2 could not run).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '4.32.5';
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const profile = opt('profile', 'all');
const contract = opt('contract', 'all');
const maxExamples = opt('max-examples', '15');
const seed = opt('seed', '1');
const venv = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'jobsim', 'venv-schemathesis');
const st = join(venv, 'bin', 'st');

function log(s) {
  process.stdout.write(`[schemathesis] ${s}\n`);
}
function run(cmd, argv, opts = {}) {
  return spawnSync(cmd, argv, { stdio: opts.quiet ? 'pipe' : 'inherit', encoding: 'utf8', ...opts });
}
function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
function aptInstall(pkgs) {
  if (!isRoot()) return false;
  log(`apt-get install -y ${pkgs.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  return run('apt-get', ['install', '-y', '-qq', ...pkgs], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

function ensureSchemathesis() {
  const have = existsSync(st) ? run(st, ['--version'], { quiet: true }).stdout ?? '' : '';
  if (have.includes(VERSION)) return;
  if (run('python3', ['--version'], { quiet: true }).status !== 0 && !aptInstall(['python3', 'python3-venv'])) {
    throw new Error('python3 is missing; install python3 and python3-venv');
  }
  mkdirSync(dirname(venv), { recursive: true });
  if (!existsSync(join(venv, 'bin', 'pip'))) {
    let r = run('python3', ['-m', 'venv', '--clear', venv], { quiet: true });
    if (r.status !== 0) {
      // Debian splits venv/ensurepip into python3-venv (or python3.X-venv).
      const minor = (run('python3', ['-c', 'import sys;print(f"{sys.version_info[0]}.{sys.version_info[1]}")'], { quiet: true }).stdout ?? '').trim();
      if (!aptInstall(['python3-venv']) && !aptInstall([`python${minor}-venv`])) throw new Error(`python3 -m venv failed (${r.stderr?.trim()}); install python3-venv`);
      r = run('python3', ['-m', 'venv', '--clear', venv]);
      if (r.status !== 0) throw new Error('python3 -m venv failed after installing python3-venv');
    }
  }
  log(`pip install schemathesis==${VERSION} into ${venv}`);
  const pip = run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${VERSION}`]);
  if (pip.status !== 0) throw new Error('pip install schemathesis failed');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`jobsim did not answer ${url}/healthz within ${ms} ms`);
}

async function main() {
  try {
    ensureSchemathesis();
  } catch (err) {
    log(`could not install Schemathesis: ${err.message}`);
    return 2;
  }
  const runs = [];
  if (contract === 'all' || contract === 'openapi') {
    for (const p of profile === 'all' ? ['documented', 'radix'] : [profile]) runs.push({ name: p, profile: p, spec: join(root, 'openapi.yaml') });
  }
  // The reference's view describes the reference: only the radix profile is measured against it.
  if ((contract === 'all' || contract === 'reference') && (profile === 'all' || profile === 'radix')) {
    // A Swagger 2.0 basePath is not added to --url: the runs give it themselves.
    runs.push({ name: 'reference', profile: 'radix', spec: join(here, 'reference-view.yaml'), basePath: '/api/v1' });
  }
  let worst = 0;
  for (const r of runs) {
    const code = await runProfile(r);
    log(`${r.name === r.profile ? `profile ${r.profile}` : `${r.name} contract, profile ${r.profile}`}: exit ${code}`);
    worst = Math.max(worst, code);
  }
  return worst;
}

async function runProfile({ name, profile, spec, basePath = '' }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve', '--port', String(port), '--host', '127.0.0.1', '--clock', 'manual', '--compat', profile, '--log-level', 'fatal'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitHealthy(url, 30_000);
    const reports = join(root, 'reports');
    mkdirSync(reports, { recursive: true });
    const stArgs = [
      'run', spec,
      '--url', url + basePath,
      '--checks', 'all',
      // The watch stream never ends (Server-Sent Events): test/api/watch.test.ts covers it.
      '--exclude-operation-id', 'watchChanges',
      '--max-examples', maxExamples,
      '--seed', seed,
      // one worker: with several, CPython 3.11 occasionally crashes in Schemathesis' coverage phase (SystemError in ast)
      '--workers', '1',
      '--request-timeout', '10',
      '--generation-database', 'none',
      '--baseline', join(here, `baseline-${name}.json`),
      ...(args.includes('--update-baseline') ? ['--baseline-update'] : []),
      '--report', 'junit',
      '--report-junit-path', join(reports, `schemathesis-${name}.xml`),
      '--no-color',
    ];
    log(`${st} ${stArgs.join(' ')}`);
    // Schemathesis keeps a cache in its working directory: keep it out of the repository.
    const child = spawn(st, stArgs, { stdio: 'inherit', cwd: dirname(venv) });
    const killer = setTimeout(() => child.kill('SIGTERM'), 150_000);
    const code = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(sig ? 2 : (c ?? 2))));
    clearTimeout(killer);
    return code;
  } finally {
    server.kill('SIGTERM');
  }
}

process.exitCode = await main();
