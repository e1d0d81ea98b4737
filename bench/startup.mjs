#!/usr/bin/env node
// Time from launching a server command to its first 200 from GET /healthz, over several runs.
//   node bench/startup.mjs [--runs 10] [--port 8000] [-- command args...]
// On Linux it also sums the CPU time (user + system) the command's process tree had used by then,
// a figure that depends less on how busy the host is than the wall time.
// The default command is `npm start -- --port PORT --log-level warn`. Each run starts the command
// in its own process group, polls http://127.0.0.1:PORT/healthz every 5 ms, then stops the group.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';

const split = process.argv.indexOf('--');
const { values } = parseArgs({
  args: process.argv.slice(2, split === -1 ? undefined : split),
  options: { runs: { type: 'string', default: '10' }, port: { type: 'string', default: '8000' } },
});
const runs = Number(values.runs);
const port = Number(values.port);
const command = split === -1 ? ['npm', 'start', '--', '--port', String(port), '--log-level', 'warn'] : process.argv.slice(split + 1);
const LIMIT_MS = 30_000;

async function portFree() {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

// A fresh connection each time (no keep-alive), so the stopped server has none left open.
function healthy() {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode === 200));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
  });
}

// CPU seconds used by pid and its descendants (live ones, plus the children they reaped), from /proc.
function treeCpuSeconds(root) {
  if (process.platform !== 'linux') return undefined;
  const stats = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // the fields after the command name, which is in parentheses and may contain spaces
      const f = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ');
      stats.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // exited meanwhile
    }
  }
  let ticks = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop();
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, st] of stats) if (st.ppid === pid) queue.push(child);
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

async function once() {
  // The previous run's server may still be closing: wait (bounded) for its port.
  for (let i = 0; !(await portFree()); i++) {
    if (i === 200) throw new Error(`port ${port} is in use: pick another with --port`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let ms;
  let cpu;
  try {
    while (performance.now() - started < LIMIT_MS) {
      if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited with ${child.exitCode}`);
      if (await healthy()) {
        ms = performance.now() - started;
        cpu = treeCpuSeconds(child.pid);
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await exited;
  }
  if (ms === undefined) throw new Error(`no 200 from /healthz within ${LIMIT_MS} ms`);
  return { s: ms / 1000, cpu };
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await once());
function summary(values) {
  const v = values.sort((a, b) => a - b);
  return `median ${v[Math.floor(v.length / 2)].toFixed(2)} s, min ${v[0].toFixed(2)} s, max ${v[v.length - 1].toFixed(2)} s`;
}
process.stdout.write(`${command.join(' ')}\n  launch to /healthz 200 over ${runs} runs: ${summary(results.map((r) => r.s))}\n`);
if (results[0].cpu !== undefined) process.stdout.write(`  CPU time (user+sys) by then: ${summary(results.map((r) => r.cpu))}\n`);
