// The HTTP cost of jobsim, measured side by side in one run (`jobsim bench --scenario http`):
//  1. POST /api/v1/jobs throughput against three servers, each in a child process of its own, driven
//     by autocannon from this process: raw node:http (the floor), bare Express 5 with express.json(),
//     and jobsim (simulator, manual clock), taking turns over three rounds (the median round of each
//     is reported, with every round's rate). Target: jobsim >= 90% of bare Express.
//  2. A 100,000-job batch accepted over HTTP against the engine's own accept time (createBatch called
//     in this process), the median of three accepts each way. Target: <= 3x.
//  3. GET of such a batch, run to its end, from a jobsim server: time to first byte, total time, bytes, and the server's
//     RSS sampled from /proc during the answer (streamed: first byte fast, memory flat).
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { round, timed } from './measure.js';
import { benchRuntime } from './runtime.js';

// From the sources (.ts, through tsx) or compiled in dist/ (.js, beside this module; scripts/build.mjs).
const COMPILED = import.meta.url.endsWith('.js');
const TARGETS = fileURLToPath(new URL(`./httpTargets.${COMPILED ? 'js' : 'ts'}`, import.meta.url));

interface Target {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

async function startTarget(kind: 'raw' | 'express' | 'jobsim'): Promise<Target> {
  const child: ChildProcess = spawn(process.execPath, ['--max-semi-space-size=64', ...(COMPILED ? [] : ['--import', 'tsx']), TARGETS, kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`target ${kind} exited with ${code} before listening`)));
  });
  const { port } = JSON.parse(line) as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const JOB_BODY = JSON.stringify({ jobId: 'bench', variables: { WORKLOAD_SECONDS: '5' }, timeLimitSeconds: 60 });

async function load(base: string, seconds: number, connections: number) {
  const run = (duration: number) =>
    autocannon({
      url: `${base}/api/v1/jobs`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JOB_BODY,
      connections,
      duration,
    });
  await run(Math.min(2, seconds)); // warm up the JIT and the connection pool
  const r = await run(seconds);
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${base}: ${r.non2xx} non-2xx answers and ${r.errors} errors`);
  return { requestsPerSecond: round(r.requests.average, 0), latencyMs: { p50: r.latency.p50, p99: r.latency.p99 }, requests: r.requests.total };
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

type Throughput = Awaited<ReturnType<typeof load>>;

/** Batches accepted each way (engine, HTTP); the median is reported. */
const ACCEPT_ROUNDS = 3;

/** The round with the median rate: one figure per server that a busy moment on the host moves less. */
function median(runs: Throughput[]): Throughput {
  return [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)]!;
}

export async function httpBench(o: { seconds: number; connections: number; batch: number; rounds?: number }) {
  // The three servers take turns, round after round (a shared host's load then falls on all of
  // them alike); each server's figure is its median round.
  const kinds = ['raw', 'express', 'jobsim'] as const;
  const runs: Record<string, Throughput[]> = { raw: [], express: [], jobsim: [] };
  const targets = await Promise.all(kinds.map((k) => startTarget(k)));
  try {
    for (let round = 0; round < (o.rounds ?? 3); round++) {
      for (const [i, kind] of kinds.entries()) runs[kind]!.push(await load(targets[i]!.base, o.seconds, o.connections));
    }
  } finally {
    await Promise.all(targets.map((t) => t.stop()));
  }
  const throughput = Object.fromEntries(kinds.map((k) => [k, { ...median(runs[k]!), roundsPerSecond: runs[k]!.map((r) => r.requestsPerSecond) }]));

  // The batch accepted three times each way, each time a new batch: the engine alone (a JobManager
  // in this process) and over HTTP (a jobsim server of its own); each side's figure is its median.
  // A single accept is mostly the JIT warming up, and its time moved by a third from run to run.
  const jobs = Array.from({ length: o.batch }, () => ({}));
  const body = JSON.stringify({ jobScheduleDescriptions: jobs });
  const direct = await benchRuntime(o.batch);
  const engineRuns: number[] = [];
  for (let i = 0; i < ACCEPT_ROUNDS; i++) engineRuns.push((await timed(() => direct.manager.createBatch({ jobScheduleDescriptions: jobs }))).ms);
  direct.runtime.stop();

  // Timed until the whole answer (18 MB: every job's status) has arrived; reading it (JSON.parse in
  // this client, ~50 ms) is the client's work, timed apart.
  const post = async (base: string) => {
    const received = await timed(async () => {
      const res = await fetch(`${base}/api/v1/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`create batch answered ${res.status}: ${text.slice(0, 200)}`);
      return text;
    });
    const parsed = await timed(async () => JSON.parse(received.value) as { name: string });
    return { ms: received.ms, parseMs: parsed.ms, name: parsed.value.name };
  };
  const httpRuns: Awaited<ReturnType<typeof post>>[] = [];
  const a = await startTarget('jobsim');
  try {
    for (let i = 0; i < ACCEPT_ROUNDS; i++) httpRuns.push(await post(a.base));
  } finally {
    await a.stop();
  }
  const mid = <T>(xs: T[], by: (x: T) => number) => [...xs].sort((x, y) => by(x) - by(y))[Math.floor(xs.length / 2)]!;
  const engine = { ms: mid(engineRuns, (x) => x) };
  const accepted = mid(httpRuns, (r) => r.ms);

  const t = await startTarget('jobsim');
  try {
    const created = await post(t.base);

    // Run the batch to the end (every job then has its pod statuses), then GET it, sampling the
    // server's RSS while it answers.
    const idle = await fetch(`${t.base}/sim/v1/clock/run-until-idle`, { method: 'POST' });
    if (idle.status !== 200) throw new Error(`run-until-idle answered ${idle.status}`);
    const rssBefore = rssBytes(t.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssBytes(t.pid))), 10);
    const t0 = performance.now();
    const res = await fetch(`${t.base}/api/v1/batches/${created.name}`);
    let firstByteMs = Number.NaN;
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (bytes === 0) firstByteMs = performance.now() - t0;
      bytes += chunk.byteLength;
    }
    const totalMs = performance.now() - t0;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, rssBytes(t.pid));

    const ratio = (a: number, b: number) => round(a / b, 2);
    return {
      seconds: o.seconds,
      connections: o.connections,
      createJob: throughput,
      jobsimVsExpress: ratio(throughput.jobsim!.requestsPerSecond, throughput.express!.requestsPerSecond),
      expressVsRaw: ratio(throughput.express!.requestsPerSecond, throughput.raw!.requestsPerSecond),
      batch: {
        jobs: o.batch,
        engineAcceptMs: round(engine.ms),
        httpAcceptMs: round(accepted.ms),
        clientParseMs: round(accepted.parseMs),
        engineRunsMs: engineRuns.map((x) => round(x)),
        httpRunsMs: httpRuns.map((r) => round(r.ms)),
        httpVsEngine: ratio(accepted.ms, engine.ms),
        requestBytes: Buffer.byteLength(body),
      },
      getBatch: {
        status: res.status,
        firstByteMs: round(firstByteMs),
        totalMs: round(totalMs),
        bytes,
        serverRssGrowthMB: round((rssPeak - rssBefore) / 2 ** 20),
      },
    };
  } finally {
    await t.stop();
  }
}
