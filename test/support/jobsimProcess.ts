// A real jobsim for tests that must talk to it over HTTP only (the conformance kit's own tests): `jobsim
// serve` started as a child process on 127.0.0.1 at a free port, with a radixconfig.yaml written for the
// options (profile, clock, webhook URL) and a scenario file for simulator settings. Nothing of jobsim's
// source is imported: the server is the command-line program, as a user runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { freePort, type Running } from './net.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');
/** Start-up of `serve` through tsx takes 1-4 s on this machine; past this it is broken, not slow. */
const START_TIMEOUT_MS = 45_000;

export interface JobsimOptions {
  /** `--compat` (default documented). */
  profile?: 'documented' | 'radix';
  /** `--clock` (default manual). */
  clock?: string;
  /** The job component's notifications.webhook URL. */
  webhook?: string;
  /** Simulator settings of a scenario file (e.g. backoffBaseSeconds). */
  simulator?: Record<string, number>;
  /** More `serve` flags. */
  args?: string[];
}

export interface JobsimProcess extends Running {
  /** What the server wrote to stdout/stderr so far (for failure messages). */
  output(): string;
}

/** Starts `jobsim serve`; resolves when GET /api/v1/jobs answers 200. */
export async function startJobsim(opts: JobsimOptions = {}): Promise<JobsimProcess> {
  let lastError: unknown;
  // a free port can be taken between the probe and the child's listen: try another
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(opts, await freePort());
    } catch (err) {
      lastError = err;
      if (!/already in use/.test(String(err))) break;
    }
  }
  throw lastError;
}

async function startOnce(opts: JobsimOptions, port: number): Promise<JobsimProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'jobsim-test-'));
  const config = join(dir, 'radixconfig.yaml');
  writeFileSync(config, stringify(radixConfig(port, opts.webhook)));
  const args = ['--import', 'tsx', MAIN, 'serve', '--config', config, '--host', '127.0.0.1', '--clock', opts.clock ?? 'manual', '--compat', opts.profile ?? 'documented', '--log-level', 'warn'];
  if (opts.simulator) {
    const scenario = join(dir, 'scenario.yaml');
    writeFileSync(scenario, stringify({ simulator: opts.simulator }));
    args.push('--scenario', scenario);
  }
  args.push(...(opts.args ?? []));
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const close = async () => {
    await stop(child, exited);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(baseUrl, exited, () => out);
  } catch (err) {
    await close();
    throw err;
  }
  return { baseUrl, close, output: () => out };
}

/** One job component, `compute`, on `port`, with jobsim's defaults otherwise (backoffLimit 0, no rules). */
function radixConfig(port: number, webhook: string | undefined) {
  return {
    apiVersion: 'radix.equinor.com/v1',
    kind: 'RadixApplication',
    metadata: { name: 'conformance' },
    spec: {
      environments: [{ name: 'dev' }],
      jobs: [{ name: 'compute', schedulerPort: port, payload: { path: '/compute/args' }, ...(webhook ? { notifications: { webhook } } : {}) }],
    },
  };
}

async function waitUntilServing(baseUrl: string, exited: Promise<number | null>, output: () => string): Promise<void> {
  const deadline = performance.now() + START_TIMEOUT_MS;
  let code: number | null | undefined;
  void exited.then((c) => (code = c ?? -1));
  while (performance.now() < deadline) {
    if (code !== undefined) throw new Error(`jobsim serve exited (${code}) before serving: ${output().slice(-2000)}`);
    try {
      const res = await fetch(`${baseUrl}/api/v1/jobs`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`jobsim serve did not answer on ${baseUrl} within ${START_TIMEOUT_MS / 1000} s: ${output().slice(-2000)}`);
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
