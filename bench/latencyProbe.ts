// What a client sees over time: polls a Job Manager API (the reference, or jobsim on any backend)
// and records, for each job, when each status first shows, then prints how long each phase lasted.
// The figures behind the simulator's `--latency cluster` defaults (docs/simulator-timing.md) come
// from this script.
//
//   npx tsx bench/latencyProbe.ts --base-url http://127.0.0.1:18001 --interval-ms 700 --rounds 5 \
//     [--kubeconfig PATH --namespace NS] [--scenarios success,fail,stop,batch] [--json out.json]
//   npx tsx bench/latencyProbe.ts --simulator [--latency cluster|off|FILE] [--seed 1] [--interval-ms 10]
//
// --simulator probes jobsim's simulator in-process (radix profile) on its manual clock instead of a
// server: polls are `--interval-ms` of virtual time apart, and the RadixBatch, Job and pod watches
// are the simulator's own, so every figure is exact and the same for the same seed.
//
// Scenarios, one after another (one object polled at a time):
//   success  a 2 s job that succeeds
//   fail     a job that fails (exit code 1, 1 s per attempt) with backoffLimit 1: two attempts
//   stop     a 60 s job, stopped once it shows Running
//   batch    a batch of 5 jobs of 2 s (one GET of the batch per poll)
//
// Poll rate: the reference's job-scheduler talks to Kubernetes with client-go's default limit of
// 5 requests/s, and a GET of a job costs it ~3 of them: poll it no faster than ~1.5 GET/s per job
// (`--interval-ms 700`), or its answers slow down and the figures measure its rate limiter. jobsim
// answers GETs from a cache: the default 200 ms (5 Hz) is fine there.
//
// A poll's time is the midpoint of its request. A phase's length is the time between the first
// polls that showed it and the next phase, so each figure is within one poll interval of the truth.
//
// With --kubeconfig and --namespace (the namespace the server's RadixBatch objects live in) two
// things get exact: the workload's end (for the result lag) is read from the kwok stages'
// annotation `kwok.jobsim.local/ends-at` of the job's last pod (otherwise: the pod's `endTime` from
// the API, whole seconds, truncated, plus 0.5 s), and a watch of the RadixBatch objects (group
// radix.equinor.com for the reference, jobsim.io for jobsim) gives a second timeline, `watch.*`:
// when each recorded job status changed, as received, whatever the poll rate. Both servers answer
// a GET from the recorded status, so that is when a client could first have seen the change. The
// API status is derived from it as the servers do (a stop request on an unfinished job: Stopping;
// every pod Failed: Failed).
import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const { values } = parseArgs({
  options: {
    'base-url': { type: 'string', default: 'http://127.0.0.1:8000' },
    simulator: { type: 'boolean', default: false },
    latency: { type: 'string', default: 'cluster' },
    seed: { type: 'string', default: '1' },
    'interval-ms': { type: 'string' },
    rounds: { type: 'string', default: '3' },
    scenarios: { type: 'string', default: 'success,fail,stop,batch' },
    kubeconfig: { type: 'string' },
    namespace: { type: 'string' },
    json: { type: 'string' },
    'timeout-s': { type: 'string', default: '120' },
  },
});

const INTERVAL = Number(values['interval-ms'] ?? (values.simulator ? 10 : 200));
const ROUNDS = Number(values.rounds);
const TIMEOUT_MS = Number(values['timeout-s']) * 1000;
if (!(INTERVAL > 0) || !(ROUNDS > 0) || !(TIMEOUT_MS > 0)) throw new Error('--interval-ms, --rounds and --timeout-s must be positive numbers');
const SCENARIOS = values.scenarios!.split(',').map((s) => s.trim());
for (const s of SCENARIOS) if (!['success', 'fail', 'stop', 'batch'].includes(s)) throw new Error(`unknown scenario ${s}`);

type WatchKind = 'RadixBatch' | 'Job' | 'Pod';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type WatchHandler = (type: string, obj: any) => void;

/** What is probed: its API, its clock, and (when known) its cluster's objects. */
interface Target {
  baseUrl: string;
  /** ms since the epoch: wall clock for a server, virtual time for the simulator. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Streams changes of a kind in the server's namespace; undefined when the cluster is not known. */
  watch?(kind: WatchKind, handler: WatchHandler): Promise<() => void>;
  /** The planned end of a pod's workload (kwok's annotation), when the cluster tells it. */
  plannedEnd?(pod: string): Promise<number | undefined>;
  close(): Promise<void>;
}

async function serverTarget(): Promise<Target> {
  const origin = Date.now() - performance.now();
  let kc: KubeConfig | undefined;
  if (values.kubeconfig && values.namespace) {
    kc = new KubeConfig();
    kc.loadFromFile(values.kubeconfig);
  }
  const core = kc?.makeApiClient(CoreV1Api);
  const ns = values.namespace;
  const paths: Record<WatchKind, string[]> = {
    // Both groups: the reference's and jobsim's (the one the server uses has the objects).
    RadixBatch: [`/apis/radix.equinor.com/v1/namespaces/${ns}/radixbatches`, `/apis/jobsim.io/v1/namespaces/${ns}/radixbatches`],
    Job: [`/apis/batch/v1/namespaces/${ns}/jobs`],
    Pod: [`/api/v1/namespaces/${ns}/pods`],
  };
  return {
    baseUrl: values['base-url']!.replace(/\/$/, ''),
    // Wall-clock ms with sub-ms precision (the API's timestamps are wall-clock seconds).
    now: () => origin + performance.now(),
    sleep: (ms) => new Promise<void>((r) => setTimeout(r, ms)),
    ...(kc
      ? {
          async watch(kind: WatchKind, handler: WatchHandler) {
            const aborts: AbortController[] = [];
            for (const path of paths[kind]) {
              const abort = await new Watch(kc!).watch(path, {}, handler, () => undefined).catch(() => undefined);
              if (abort) aborts.push(abort);
            }
            return () => aborts.forEach((a) => a.abort());
          },
          async plannedEnd(pod: string) {
            try {
              const p = await core!.readNamespacedPod({ name: pod, namespace: ns! });
              const ends = p.metadata?.annotations?.['kwok.jobsim.local/ends-at'];
              return ends ? Date.parse(ends) : undefined;
            } catch {
              return undefined;
            }
          },
        }
      : {}),
    close: async () => undefined,
  };
}

/** jobsim's simulator in-process (radix profile, manual clock), its API on a local port. */
async function simulatorTarget(): Promise<Target> {
  const { createServer } = await import('node:http');
  const { createApp } = await import('../src/api/app.js');
  const { profileByName } = await import('../src/engine/profile.js');
  const { defaultComponent } = await import('../src/engine/types.js');
  const { parseClockMode } = await import('../src/runtime/clockDriver.js');
  const { SimRuntime } = await import('../src/runtime/simRuntime.js');
  const { parseLatencyOption } = await import('../src/sim/latency.js');
  const profile = profileByName('radix');
  const component = defaultComponent();
  const seed = /^\d+$/.test(values.seed!) ? Number(values.seed) : values.seed!;
  const runtime = new SimRuntime({ components: [component], profile, clock: parseClockMode('manual'), sim: { seed, latency: parseLatencyOption(values.latency!) } });
  await runtime.start();
  const server = createServer(createApp({ profile, manager: () => runtime.manager(component.name), sim: runtime }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  /** Each pod's end, as the kubelet wrote it: the workload's planned end (no lag in the model). */
  const ends = new Map<string, number>();
  runtime.sim.store.watch('Pod', (e) => {
    const phase = (e.object as { status?: { phase?: string } }).status?.phase;
    if ((phase === 'Succeeded' || phase === 'Failed') && !ends.has(e.object.metadata.name)) ends.set(e.object.metadata.name, runtime.sim.now());
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    now: () => runtime.sim.now(),
    sleep: (ms) => runtime.advance(ms / 1000),
    async watch(kind, handler) {
      return runtime.sim.store.watch(kind, (e) => handler(e.type, e.object), 'default');
    },
    plannedEnd: async (pod) => ends.get(pod),
    close: async () => {
      runtime.stop();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const target: Target = values.simulator ? await simulatorTarget() : await serverTarget();
const now = () => target.now();
const sleep = (ms: number) => target.sleep(ms);
const s3 = (ms: number) => Math.round(ms) / 1000;

interface PodView {
  name: string;
  endTime?: string;
  replicaStatus?: { status?: string };
}
interface JobView {
  name: string;
  status: string;
  ended?: string | null;
  started?: string | null;
  podStatuses?: PodView[];
}
interface BatchView extends JobView {
  jobStatuses?: JobView[];
}

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(target.baseUrl + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return { status: res.status, json: json as T };
}

/** What a poll shows of one job: its status, and whether `ended` is set. */
function stateOf(job: JobView): string {
  return `${job.status}${job.ended ? '' : '/no-end'}`;
}

interface Observation {
  /** ms since the request that created the job was answered */
  at: number;
  state: string;
  pods: string;
}

interface JobRecord {
  scenario: string;
  round: number;
  name: string;
  createdAt: number;
  observations: Observation[];
  /** the stop request: sent and answered, ms since createdAt */
  stopSentAt?: number;
  stopAt?: number;
  /** the last pod's workload end, ms since createdAt, and how it was found */
  workloadEnd?: { at: number; source: 'planned-end' | 'api-endTime' };
  polls: number;
}

function observe(rec: JobRecord, job: JobView, at: number): void {
  const state = stateOf(job);
  const pods = (job.podStatuses ?? []).map((p) => p.replicaStatus?.status ?? '?').join(',');
  const last = rec.observations[rec.observations.length - 1];
  if (!last || last.state !== state || last.pods !== pods) rec.observations.push({ at: at - rec.createdAt, state, pods });
}

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped']);
const done = (job: JobView) => TERMINAL.has(job.status) && !!job.ended;

/** The workload end of the job's latest attempt: the planned end the cluster tells, else the API's endTime + 0.5 s. */
async function workloadEnd(rec: JobRecord, job: JobView): Promise<void> {
  // The latest attempt is the one that ended last (servers list pods in different orders).
  let latest: number | undefined;
  let source: 'planned-end' | 'api-endTime' = 'api-endTime';
  for (const pod of job.podStatuses ?? []) {
    let end = await target.plannedEnd?.(pod.name);
    if (end !== undefined) source = 'planned-end';
    if (end === undefined && pod.endTime) end = Date.parse(pod.endTime) + 500;
    if (end !== undefined && (latest === undefined || end > latest)) latest = end;
  }
  if (latest !== undefined) rec.workloadEnd = { at: latest - rec.createdAt, source };
}

/** Polls `path` until `finished`, one GET per interval, feeding each answer to `seen`. */
async function poll<T>(path: string, seen: (view: T, at: number) => void, finished: (view: T) => boolean, onPoll?: (view: T) => Promise<void> | void): Promise<T> {
  const deadline = now() + TIMEOUT_MS;
  for (;;) {
    const sent = now();
    const { json } = await call<T>('GET', path);
    const at = (sent + now()) / 2;
    seen(json, at);
    await onPoll?.(json);
    if (finished(json)) return json;
    if (now() > deadline) throw new Error(`${path}: not finished after ${TIMEOUT_MS / 1000} s`);
    await sleep(Math.max(0, INTERVAL - (now() - sent)));
  }
}

// ---- the RadixBatch watch ------------------------------------------------------------------

interface RecordedJob {
  name: string;
  phase?: string;
  endTime?: string;
  podStatuses?: { phase?: string }[];
}
interface RadixBatchObject {
  metadata: { name: string };
  spec?: { jobs?: { name: string; stop?: boolean }[] };
  status?: { jobStatuses?: RecordedJob[] };
}

/** API job name -> the recorded status changes, as received (ms since the epoch). */
const watched = new Map<string, { at: number; job: JobView }[]>();

function apiView(rb: RadixBatchObject, s: RecordedJob): JobView {
  const stop = rb.spec?.jobs?.find((j) => j.name === s.name)?.stop === true;
  const phase = s.phase ?? 'Waiting';
  const pods = s.podStatuses ?? [];
  let status = phase;
  if (stop && ['Waiting', 'Active', 'Running'].includes(phase)) status = 'Stopping';
  else if (pods.length > 0 && pods.every((p) => p.phase === 'Failed')) status = 'Failed';
  const ended = TERMINAL.has(phase) ? (s.endTime ?? null) : null;
  return { name: `${rb.metadata.name}-${s.name}`, status, ended, podStatuses: pods.map((p) => ({ name: '', replicaStatus: { status: p.phase } })) };
}

/** Watches the namespace's RadixBatch objects (when the target knows its cluster). */
async function watchBatches(): Promise<(() => void) | undefined> {
  if (!target.watch) return undefined;
  return target.watch('RadixBatch', (_type, obj: RadixBatchObject) => {
    const at = now();
    for (const s of obj.status?.jobStatuses ?? []) {
      const view = apiView(obj, s);
      const list = watched.get(view.name) ?? [];
      watched.set(view.name, list);
      list.push({ at, job: view });
    }
  });
}

/** The record a poll timeline gives, rebuilt from the watch's changes. */
function watchRecord(rec: JobRecord): JobRecord {
  const out: JobRecord = { ...rec, observations: [], polls: 0 };
  observe(out, { name: rec.name, status: 'Waiting', ended: null }, rec.createdAt);
  for (const { at, job } of watched.get(rec.name) ?? []) observe(out, job, Math.max(at, rec.createdAt));
  return out;
}

// ---- the cluster's own steps (Jobs and pods) ------------------------------------------------

/** First time (ms since the epoch) each step of an object was seen, by object name. */
const steps = new Map<string, Record<string, number>>();

function step(name: string, key: string, at: number): void {
  let s = steps.get(name);
  if (!s) steps.set(name, (s = {}));
  if (s[key] === undefined) s[key] = at;
}

interface KubeThing {
  metadata?: { name?: string; annotations?: Record<string, string>; ownerReferences?: { kind?: string; name?: string }[]; deletionTimestamp?: string };
  spec?: { nodeName?: string };
  status?: {
    phase?: string;
    active?: number;
    ready?: number;
    conditions?: { type?: string; status?: string }[];
  };
}

/**
 * Watches the namespace's Jobs and pods and notes when each step was first seen: a pod's creation,
 * binding, Running, end (and its planned end, from kwok's annotation); a Job's creation, first
 * `active`, first `ready`, FailureTarget/SuccessCriteriaMet and Failed/Complete, and deletion.
 */
async function watchCluster(): Promise<(() => void) | undefined> {
  if (!target.watch) return undefined;
  const pods = await target.watch('Pod', (type, pod: KubeThing) => {
    const at = now();
    const name = `pod/${pod.metadata?.name}`;
    const job = pod.metadata?.ownerReferences?.find((r) => r.kind === 'Job')?.name;
    if (job) step(name, `job:${job}`, 0);
    step(name, 'added', at);
    if (pod.spec?.nodeName) step(name, 'bound', at);
    const phase = pod.status?.phase;
    if (phase === 'Running' && pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) step(name, 'ready', at);
    if (phase === 'Succeeded' || phase === 'Failed') step(name, 'ended', at);
    const ends = pod.metadata?.annotations?.['kwok.jobsim.local/ends-at'];
    if (ends) step(name, 'plannedEnd', Date.parse(ends));
    if (type === 'DELETED') step(name, 'deleted', at);
  });
  const jobs = await target.watch('Job', (type, job: KubeThing) => {
    const at = now();
    const name = `job/${job.metadata?.name}`;
    step(name, 'added', at);
    if ((job.status?.active ?? 0) > 0) step(name, 'active', at);
    if ((job.status?.ready ?? 0) > 0) step(name, 'ready', at);
    for (const c of job.status?.conditions ?? []) if (c.status === 'True' && c.type) step(name, c.type, at);
    if (type === 'DELETED') step(name, 'deleted', at);
  });
  return () => {
    pods();
    jobs();
  };
}

/** The cluster's own latencies (seconds) from the steps seen: what the simulator's model is made of. */
function clusterSteps(): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const add = (key: string, from: number | undefined, to: number | undefined) => {
    if (from === undefined || to === undefined || !(from > 0) || !(to > 0)) return;
    out.set(key, [...(out.get(key) ?? []), s3(to - from)]);
  };
  const podsOf = new Map<string, Record<string, number>[]>();
  for (const [name, s] of steps) {
    if (!name.startsWith('pod/')) continue;
    const job = Object.keys(s).find((k) => k.startsWith('job:'))?.slice(4);
    if (job) podsOf.set(job, [...(podsOf.get(job) ?? []), s]);
    add('podScheduling (created -> bound)', s.added, s.bound);
    add('podStartup (bound -> Running, ready)', s.bound, s.ready);
    // (not for a pod deleted before its planned end: a stopped job's)
    if (!(s.deleted !== undefined && s.plannedEnd !== undefined && s.deleted < s.plannedEnd)) add('podEnd (planned end -> phase written)', s.plannedEnd, s.ended);
  }
  for (const [name, s] of steps) {
    if (!name.startsWith('job/')) continue;
    const pods = (podsOf.get(name.slice(4)) ?? []).sort((a, b) => (a.added ?? 0) - (b.added ?? 0));
    const first = pods[0];
    const last = pods[pods.length - 1];
    add('jobFirstSync (Job created -> status.active)', s.added, s.active);
    add('jobReadySync (pod ready -> Job status.ready)', first?.ready, s.ready);
    const end = s.Complete ?? s.Failed;
    const target = s.SuccessCriteriaMet ?? s.FailureTarget;
    add('jobEndSync (pod ended -> Job FailureTarget/SuccessCriteriaMet)', last?.ended, target);
    add('jobEndSync (pod ended -> Job Failed/Complete)', last?.ended, end);
    add('jobFinish (FailureTarget/SuccessCriteriaMet -> Failed/Complete)', target, end);
    // A retry: the pod-failure backoff, from the failed pod's end to its replacement's creation.
    for (let i = 1; i < pods.length; i++) add('retry (pod ended -> next pod created)', pods[i - 1]!.ended, pods[i]!.added);
  }
  return out;
}

async function singleJob(scenario: string, round: number, body: unknown, stopWhenRunning = false): Promise<JobRecord> {
  const { json: created } = await call<JobView>('POST', '/api/v1/jobs', body);
  const rec: JobRecord = { scenario, round, name: created.name, createdAt: now(), observations: [], polls: 0 };
  let stopping: Promise<void> | undefined;
  const last = await poll<JobView>(
    `/api/v1/jobs/${created.name}`,
    (job, at) => {
      rec.polls++;
      observe(rec, job, at);
    },
    done,
    async (job) => {
      if (stopWhenRunning && !stopping && job.status === 'Running') {
        rec.stopSentAt = now() - rec.createdAt;
        stopping = call('POST', `/api/v1/jobs/${created.name}/stop`).then(() => {
          rec.stopAt = now() - rec.createdAt;
        });
        await stopping;
      }
    },
  );
  if (!stopWhenRunning) await workloadEnd(rec, last);
  await call('DELETE', `/api/v1/jobs/${created.name}`).catch(() => undefined);
  return rec;
}

async function batch(round: number): Promise<JobRecord[]> {
  const body = {
    defaultRadixJobComponentConfig: { variables: { WORKLOAD_SECONDS: '2' } },
    jobScheduleDescriptions: [1, 2, 3, 4, 5].map((i) => ({ jobId: `j${i}` })),
  };
  const { json: created } = await call<BatchView>('POST', '/api/v1/batches', body);
  const createdAt = now();
  const recs = new Map<string, JobRecord>();
  const last = await poll<BatchView>(
    `/api/v1/batches/${created.name}`,
    (b, at) => {
      for (const job of b.jobStatuses ?? []) {
        let rec = recs.get(job.name);
        if (!rec) recs.set(job.name, (rec = { scenario: 'batch', round, name: job.name, createdAt, observations: [], polls: 0 }));
        rec.polls++;
        observe(rec, job, at);
      }
    },
    (b) => (b.jobStatuses ?? []).length === 5 && (b.jobStatuses ?? []).every(done),
  );
  for (const job of last.jobStatuses ?? []) await workloadEnd(recs.get(job.name)!, job);
  await call('DELETE', `/api/v1/batches/${created.name}`).catch(() => undefined);
  return [...recs.values()];
}

// ---- phases -------------------------------------------------------------------------------

const status = (o: Observation) => o.state.split('/')[0]!;
const firstAt = (rec: JobRecord, test: (o: Observation) => boolean, from = 0) => rec.observations.slice(from).find(test)?.at;

/** The phase lengths (seconds) one job's record shows; absent when the job did not go through it. */
function phases(rec: JobRecord): Record<string, number | undefined> {
  const obs = rec.observations;
  const out: Record<string, number | undefined> = {};
  const notWaiting = firstAt(rec, (o) => status(o) !== 'Waiting');
  if (notWaiting !== undefined) out.waiting = s3(notWaiting);
  const active = firstAt(rec, (o) => status(o) === 'Active');
  const running = firstAt(rec, (o) => status(o) === 'Running');
  if (running !== undefined) out.active = s3(active !== undefined && active < running ? running - active : 0);
  const terminal = obs.find((o) => TERMINAL.has(status(o)) && !o.state.endsWith('/no-end'));
  if (terminal && rec.workloadEnd && rec.stopAt === undefined) out.resultLag = s3(terminal.at - rec.workloadEnd.at);
  if (rec.stopAt !== undefined) {
    const stopped = firstAt(rec, (o) => status(o) === 'Stopped');
    if (stopped !== undefined) out.stopping = s3(stopped - rec.stopAt);
    if (rec.stopSentAt !== undefined) out.stopRequest = s3(rec.stopAt - rec.stopSentAt);
  }
  // `Failed` without `ended`: after an attempt with retries left (until the next pod shows), and
  // after the last one (until the Job's failure is recorded).
  for (let i = 0; i < obs.length; i++) {
    if (obs[i]!.state !== 'Failed/no-end') continue;
    let j = i + 1;
    while (j < obs.length && obs[j]!.state === 'Failed/no-end') j++;
    const next = obs[j];
    if (!next) break;
    const key = next.state === 'Failed' ? 'failedBeforeEnded' : 'failedRetryWindow';
    out[key] = s3(next.at - obs[i]!.at);
    i = j - 1;
  }
  return out;
}

function summary(values: number[]) {
  const v = [...values].sort((a, b) => a - b);
  const q = (p: number) => v[Math.min(v.length - 1, Math.floor(p * v.length))]!;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { n: v.length, min: v[0], median: q(0.5), mean: Math.round(mean * 1000) / 1000, max: v[v.length - 1], values: v };
}

async function main(): Promise<void> {
  const records: JobRecord[] = [];
  const started = new Date(now()).toISOString();
  const byPhaseInit = new Map<string, number[]>();
  const stopWatch = await watchBatches();
  const stopCluster = await watchCluster();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const scenario of SCENARIOS) {
      if (scenario === 'success') records.push(await singleJob('success', round, { variables: { WORKLOAD_SECONDS: '2' } }));
      if (scenario === 'fail') records.push(await singleJob('fail', round, { backoffLimit: 1, variables: { WORKLOAD_SECONDS: '1', WORKLOAD_EXIT_CODE: '1' } }));
      if (scenario === 'stop') records.push(await singleJob('stop', round, { variables: { WORKLOAD_SECONDS: '60' } }, true));
      if (scenario === 'batch') records.push(...(await batch(round)));
      process.stderr.write(`round ${round} ${scenario}: done\n`);
    }
  }
  stopWatch?.();
  stopCluster?.();
  await target.close();
  if (stopCluster) for (const [k, v] of clusterSteps()) byPhaseInit.set(`cluster.${k}`, v);
  const byPhase = byPhaseInit;
  const add = (key: string, v: number | undefined) => {
    if (v !== undefined) byPhase.set(key, [...(byPhase.get(key) ?? []), v]);
  };
  const timeline = (r: JobRecord) => r.observations.map((o) => `${s3(o.at)}s ${o.state} [${o.pods}]`);
  const perJob = records.map((rec) => {
    const p = phases(rec);
    for (const [k, v] of Object.entries(p)) {
      add(`poll.${rec.scenario}.${k}`, v);
      add(`poll.all.${k}`, v);
    }
    if (!stopWatch) return { scenario: rec.scenario, round: rec.round, name: rec.name, phases: p, timeline: timeline(rec) };
    const w = watchRecord(rec);
    const wp = phases(w);
    for (const [k, v] of Object.entries(wp)) {
      add(`watch.${rec.scenario}.${k}`, v);
      add(`watch.all.${k}`, v);
    }
    return { scenario: rec.scenario, round: rec.round, name: rec.name, phases: p, timeline: timeline(rec), watchPhases: wp, watchTimeline: timeline(w) };
  });
  const result = {
    target: values.simulator ? `simulator (latency ${values.latency}, seed ${values.seed})` : target.baseUrl,
    intervalMs: INTERVAL,
    rounds: ROUNDS,
    started,
    workloadEndFrom: [...new Set(records.map((r) => r.workloadEnd?.source).filter(Boolean))],
    phases: Object.fromEntries([...byPhase].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, summary(v)])),
  };
  if (values.json) writeFileSync(values.json, JSON.stringify({ ...result, jobs: perJob }, null, 2));
  for (const [k, s] of Object.entries(result.phases)) {
    process.stdout.write(`${k.padEnd(48)} n=${String(s.n).padStart(2)}  min ${s.min}  median ${s.median}  mean ${s.mean}  max ${s.max}   [${s.values.join(' ')}]\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
