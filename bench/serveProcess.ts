// `jobsim serve` as a child process for the benchmarks that measure it from outside (as a client
// would): a free loopback port, start-up until /healthz answers, and the process's RSS and CPU.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { packageRoot } from '../src/common/packageRoot.js';

// The repository, whether this module runs from bench/ (tsx) or from dist/bench/.
const ROOT = packageRoot(import.meta.url);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ServeProcess {
  child: ChildProcess;
  base: string;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `jobsim serve ARGS --port P` (as `npm start` runs it) and waits until it answers on P
 * (with --config, give the port the config's job component listens on).
 */
export async function startServe(args: string[], port?: number): Promise<ServeProcess> {
  port ??= await freePort();
  const child = spawn(process.execPath, ['--max-semi-space-size=64', 'bin/jobsim.js', 'serve', '--port', String(port), ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`jobsim serve exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base, stop };
    } catch {
      // not yet listening
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`jobsim serve did not answer /healthz within 60 s: ${stderr}`);
}

/** RSS (MiB) and CPU time (s) of a process, from /proc (Linux). */
export function processUsage(pid: number): { rssMiB: number; cpuS: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    // utime and stime are fields 14 and 15 of /proc/PID/stat, in clock ticks (100 a second on Linux).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rssMiB: rssKb / 1024, cpuS: ticks / 100 };
  } catch {
    return undefined;
  }
}
