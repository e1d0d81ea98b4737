// Kubernetes backend throughput against a real control plane (scripts/cluster/up.sh; another one
// with JOBSIM_CLUSTER_DIR): one batch per run through the Job Manager API, timed from the answer to
// the POST (accept) to all Jobs created, all pods created, all Jobs ended (from watches of the
// namespace) and all jobs terminal as the API reports them; Jobs and pods created per second.
//
// jobsim (`jobsim serve --backend kubernetes` as a child process, as the reference runs apart from
// its client), one run per --kube-qps setting, each in a fresh namespace:
//   npx tsx bench/kube.ts --qps 5,20,50,100 --jobs 500 [--burst N] [--config examples/radixconfig.yaml --environment dev]
// The reference (scripts/reference/up.sh; its instance's reference.env gives its URL and namespace):
//   npx tsx bench/kube.ts --reference ~/.cache/jobsim/reference-run/ha/reference.env --jobs 200,1000
// A batch the reference refuses (over its 500-job limit) is reported, then sent as 500-job batches at once.
import { Watch } from '@kubernetes/client-node';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { benchCluster } from './cluster.js';
import { freePort, processUsage, startServe } from './serveProcess.js';

const { values } = parseArgs({
  options: {
    qps: { type: 'string', default: '20,50,100' },
    burst: { type: 'string' },
    jobs: { type: 'string', default: '500' },
    'workload-seconds': { type: 'string', default: '1' },
    kubeconfig: { type: 'string' },
    config: { type: 'string' },
    environment: { type: 'string' },
    reference: { type: 'string' },
  },
});
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const TERMINAL = ['Succeeded', 'Failed', 'Stopped'];

const cluster = benchCluster(values.kubeconfig);

interface Seen {
  /** first ADDED time (performance.now) by object name, and the object's batch label */
  added: Map<string, { at: number; batch: string | undefined }>;
  /** Job name -> time its status first showed succeeded or failed */
  ended: Map<string, number>;
  stop(): void;
}

/**
 * Watches a namespace's objects of one kind from now on. A watch the server ends (timeout, a
 * loaded apiserver) is resumed from the last resourceVersion, or started afresh when that expired
 * (the objects not seen yet are then timed at the resumption).
 */
async function watchNamespace(path: string): Promise<Seen> {
  const added = new Map<string, { at: number; batch: string | undefined }>();
  const ended = new Map<string, number>();
  type Obj = { metadata: { name: string; resourceVersion?: string; labels?: Record<string, string> }; status?: { succeeded?: number; failed?: number } };
  let rv = '';
  let stopped = false;
  let ctrl: AbortController | undefined;
  const onEvent = (phase: string, obj: Obj) => {
    if (phase === 'ERROR') {
      rv = ''; // 410 Gone: start afresh
      ctrl?.abort();
      return;
    }
    rv = obj.metadata?.resourceVersion ?? rv;
    if (phase === 'BOOKMARK') return;
    const name = obj.metadata.name;
    if (!added.has(name)) added.set(name, { at: performance.now(), batch: obj.metadata.labels?.['radix-batch-name'] });
    if (((obj.status?.succeeded ?? 0) > 0 || (obj.status?.failed ?? 0) > 0) && !ended.has(name)) ended.set(name, performance.now());
  };
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const again = () => {
      if (!stopped) setTimeout(() => void connect(), 200);
    };
    try {
      ctrl = await new Watch(cluster.kc).watch(path, { allowWatchBookmarks: true, ...(rv ? { resourceVersion: rv } : {}) }, onEvent, again);
    } catch {
      again();
    }
  };
  await connect();
  return {
    added,
    ended,
    stop: () => {
      stopped = true;
      ctrl?.abort();
    },
  };
}

function rate(times: number[]): number {
  const s = [...times].sort((a, b) => a - b);
  if (s.length < 2) return Number.NaN;
  return (s.length - 1) / ((s[s.length - 1]! - s[0]!) / 1000);
}

interface Api {
  post(path: string, body: unknown): Promise<{ status: number; body: { name?: string; status?: string; message?: string } }>;
  get(path: string): Promise<{ status: number; body: { status?: string } }>;
  /** Time between two status polls (the reference's client runs at 5 requests/s). */
  pollMs: number;
}

/** Posts the batch(es), then times Jobs, pods and the end as seen by watches and the API. */
async function timeBatches(api: Api, namespace: string, jobs: number, split: number | undefined) {
  const jobsSeen = await watchNamespace(`/apis/batch/v1/namespaces/${namespace}/jobs`);
  const podsSeen = await watchNamespace(`/api/v1/namespaces/${namespace}/pods`);
  const sizes = split ? Array.from({ length: Math.ceil(jobs / split) }, (_, i) => Math.min(split, jobs - i * split)) : [jobs];
  const t0 = performance.now();
  const answers = await Promise.all(
    sizes.map((n, b) =>
      api.post('/api/v1/batches', { jobScheduleDescriptions: Array.from({ length: n }, (_, i) => ({ jobId: `b${b}-j${i}`, variables: { WORKLOAD_SECONDS: values['workload-seconds'] } })) }),
    ),
  );
  const accepted = performance.now();
  const refused = answers.find((a) => a.status !== 200);
  if (refused) {
    jobsSeen.stop();
    podsSeen.stop();
    return { refused: { status: refused.status, message: refused.body.message } };
  }
  const names = new Set(answers.map((a) => a.body.name!));
  const mine = (s: Seen) => [...s.added.entries()].filter(([, v]) => v.batch !== undefined && names.has(v.batch));
  // Done when every Job has ended (watch) and the API reports every batch terminal. Both: the
  // reference's API calls a batch its controller has not taken up yet "Succeeded".
  let status: string[] = [];
  let terminal: number | undefined;
  for (;;) {
    await sleep(api.pollMs);
    status = await Promise.all([...names].map(async (n) => (await api.get(`/api/v1/batches/${n}`)).body.status ?? ''));
    const allEnded = mine(jobsSeen).filter(([n]) => jobsSeen.ended.has(n)).length >= jobs;
    if (status.every((s) => TERMINAL.includes(s))) {
      terminal ??= performance.now();
      if (allEnded) break;
    } else terminal = undefined;
    if (performance.now() - accepted > 1_800_000) throw new Error(`batches not done after 30 min: ${status.join(', ')}`);
  }
  const apiTerminal = terminal!;
  jobsSeen.stop();
  podsSeen.stop();
  const jt = mine(jobsSeen).map(([, v]) => v.at);
  const pt = mine(podsSeen).map(([, v]) => v.at);
  const ends = mine(jobsSeen).map(([n]) => jobsSeen.ended.get(n) ?? Number.NaN);
  return {
    batches: names.size,
    status: [...new Set(status)].join(','),
    acceptMs: round(accepted - t0),
    kubeJobs: jt.length,
    pods: pt.length,
    jobsCreatedPerSec: round(rate(jt)),
    podsCreatedPerSec: round(rate(pt)),
    allJobsCreatedS: round((Math.max(...jt) - accepted) / 1000),
    allPodsCreatedS: round((Math.max(...pt) - accepted) / 1000),
    allKubeJobsEndedS: round((Math.max(...ends) - accepted) / 1000),
    /** First poll from which the API reported every batch terminal (for good). */
    apiTerminalS: round((apiTerminal - accepted) / 1000),
  };
}

/**
 * The radixconfig for jobsim with only the `compute` job component, listening on `port`, without
 * webhooks (they would go nowhere here), in a temp dir.
 */
function benchConfig(file: string, port: number): { path: string; remove: () => void } {
  type JobSpec = { name: string; schedulerPort?: number; notifications?: unknown; environmentConfig?: { notifications?: unknown }[] };
  const doc = parse(readFileSync(file, 'utf8')) as { spec: { jobs: JobSpec[] } };
  doc.spec.jobs = doc.spec.jobs.filter((j) => j.name === 'compute');
  for (const job of doc.spec.jobs) {
    job.schedulerPort = port;
    delete job.notifications;
    for (const e of job.environmentConfig ?? []) delete e.notifications;
  }
  const dir = mkdtempSync(join(tmpdir(), 'jobsim-bench-'));
  const path = join(dir, 'radixconfig.yaml');
  writeFileSync(path, stringify(doc));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const fetchApi = (url: string, pollMs: number): Api => ({
  post: async (path, body) => {
    const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  },
  get: async (path) => {
    const res = await fetch(url + path);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  },
  pollMs,
});

async function runJobsim(qps: number, burst: number, jobs: number) {
  const ns = await cluster.freshNamespace('jobsim-bench');
  const port = await freePort();
  const config = values.config ? benchConfig(values.config, port) : undefined;
  const args = ['--backend', 'kubernetes', '--kubeconfig', cluster.kubeconfig, '--namespace', ns, '--kube-qps', String(qps), '--kube-burst', String(burst), '--max-batch-size', String(Math.max(jobs, 1)), '--log-level', 'warn'];
  // The job component the reference serves: same resources, limits and policies.
  if (config) args.push('--config', config.path, '--environment', values.environment ?? 'dev', '--compat', 'radix');
  let serve: Awaited<ReturnType<typeof startServe>> | undefined;
  try {
    serve = await startServe(args, port);
    const cpu0 = processUsage(serve.child.pid!)?.cpuS ?? 0;
    const r = await timeBatches(fetchApi(serve.base, 250), ns, jobs, undefined);
    return { target: 'jobsim', qps, burst, jobs, ...r, serverCpuS: round((processUsage(serve.child.pid!)?.cpuS ?? 0) - cpu0) };
  } finally {
    await serve?.stop();
    config?.remove();
    await cluster.deleteNamespace(ns);
  }
}

async function runReference(envFile: string, jobs: number) {
  const env = Object.fromEntries(
    readFileSync(envFile, 'utf8')
      .split('\n')
      .map((l) => /^([A-Z_]+)=(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
  const ns = env.JOBSIM_REFERENCE_NAMESPACE!;
  // The reference's client runs at 5 requests/s and a GET of a batch costs it ~3: poll slowly.
  const api = fetchApi(env.JOBSIM_REFERENCE_URL!, 2000);
  const whole = await timeBatches(api, ns, jobs, undefined);
  if (!('refused' in whole)) return { target: 'reference', namespace: ns, jobs, ...whole };
  const split = await timeBatches(api, ns, jobs, 500);
  return { target: 'reference', namespace: ns, jobs, refusedWhole: whole.refused, splitInto: 500, ...split };
}

const jobCounts = values.jobs.split(',').map(Number);
const host = () => ({ load1: round(loadavg()[0]!, 2) });
if (values.reference) {
  for (const jobs of jobCounts) process.stdout.write(JSON.stringify({ ...(await runReference(values.reference, jobs)), ...host() }) + '\n');
} else {
  for (const jobs of jobCounts) {
    for (const q of values.qps.split(',').map(Number)) {
      const burst = values.burst ? Number(values.burst) : Math.ceil(q * 1.5);
      process.stdout.write(JSON.stringify({ ...(await runJobsim(q, burst, jobs)), ...host() }) + '\n');
    }
  }
}
process.exit(0);
