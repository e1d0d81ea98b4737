// Kubernetes backend benchmark against a real control plane (scripts/cluster/up.sh): for each
// --kube-qps, one batch of --jobs jobs through the Job Manager API (KubeRuntime in-process, the
// code `serve --backend kubernetes` runs), in a fresh namespace. Measures Jobs and pods created per
// second (from watch events) and the time from accept to all-terminal as the API reports it.
//
//   npx tsx bench/kube.ts --qps 20,50,100 --jobs 500 [--workload-seconds 1] [--kubeconfig PATH]
import { BatchV1Api, CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import request from 'supertest';
import { createApp } from '../src/api/app.js';
import { profileByName } from '../src/engine/profile.js';
import { defaultComponent } from '../src/engine/types.js';
import { KubeRuntime } from '../src/runtime/kubeRuntime.js';

const { values } = parseArgs({
  options: {
    qps: { type: 'string', default: '20,50,100' },
    burst: { type: 'string' },
    jobs: { type: 'string', default: '500' },
    'workload-seconds': { type: 'string', default: '1' },
    kubeconfig: { type: 'string' },
  },
});
const stateDir = process.env.JOBSIM_CLUSTER_DIR || join(homedir(), '.cache', 'jobsim', 'cluster');
const kubeconfig = values.kubeconfig ?? (existsSync(join(stateDir, 'kubeconfig.path')) ? readFileSync(join(stateDir, 'kubeconfig.path'), 'utf8').trim() : '');
if (!kubeconfig || !existsSync(kubeconfig)) {
  process.stderr.write('no kubeconfig: start the control plane with scripts/cluster/up.sh or pass --kubeconfig\n');
  process.exit(2);
}
const JOBS = Number(values.jobs);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

const kc = new KubeConfig();
kc.loadFromFile(kubeconfig);
const core = kc.makeApiClient(CoreV1Api);

function kubectl(args: string[]): void {
  const env = Object.fromEntries(
    readFileSync(join(stateDir, 'cluster.env'), 'utf8')
      .split('\n')
      .map((l) => /^([A-Z_]+)=(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
  execFileSync(join(env.JOBSIM_BIN_DIR ?? '', 'kubectl'), ['--kubeconfig', kubeconfig, ...args], { stdio: 'ignore' });
}

async function namespace(): Promise<string> {
  const name = `jobsim-bench-${Date.now().toString(36)}`;
  await core.createNamespace({ body: { metadata: { name } } });
  for (;;) {
    try {
      await core.readNamespacedServiceAccount({ name: 'default', namespace: name });
      return name;
    } catch {
      await sleep(100);
    }
  }
}

/** Times (ms, performance.now) at which each object was first seen, from a watch. */
async function firstSeen(path: string, onObject?: (obj: { metadata: { name: string }; status?: { succeeded?: number; failed?: number } }) => void) {
  const seen = new Map<string, number>();
  const ctrl = await new Watch(kc).watch(
    path,
    {},
    (phase, obj: { metadata: { name: string } }) => {
      if (phase === 'ADDED' && !seen.has(obj.metadata.name)) seen.set(obj.metadata.name, performance.now());
      onObject?.(obj);
    },
    () => undefined,
  );
  return { seen, stop: () => ctrl.abort() };
}

function rate(times: number[]): number {
  const s = [...times].sort((a, b) => a - b);
  if (s.length < 2) return Number.NaN;
  return (s.length - 1) / ((s[s.length - 1]! - s[0]!) / 1000);
}

async function run(qps: number, burst: number) {
  const ns = await namespace();
  const component = defaultComponent();
  const profile = profileByName('documented');
  const runtime = new KubeRuntime({ components: [component], profile, kubeconfig, namespace: ns, qps, burst });
  await runtime.start();
  const http = request(createApp({ profile, manager: () => runtime.manager(component.name) }));
  const jobsDone = new Map<string, number>();
  const jobs = await firstSeen(`/apis/batch/v1/namespaces/${ns}/jobs`, (j) => {
    if (((j.status?.succeeded ?? 0) > 0 || (j.status?.failed ?? 0) > 0) && !jobsDone.has(j.metadata.name)) jobsDone.set(j.metadata.name, performance.now());
  });
  const pods = await firstSeen(`/api/v1/namespaces/${ns}/pods`);
  const before = { ...runtime.port.stats, byVerb: { ...runtime.port.stats.byVerb } };

  const t0 = performance.now();
  const res = await http.post('/api/v1/batches').send({
    jobScheduleDescriptions: Array.from({ length: JOBS }, (_, i) => ({ jobId: `j${i}`, variables: { WORKLOAD_SECONDS: values['workload-seconds'] } })),
  });
  const accepted = performance.now();
  if (res.status !== 200) throw new Error(`POST /api/v1/batches -> ${res.status} ${JSON.stringify(res.body)}`);
  const name = res.body.name as string;
  let status = '';
  while (!['Succeeded', 'Failed', 'Stopped'].includes(status)) {
    await sleep(250);
    status = (await http.get(`/api/v1/batches/${name}`)).body.status;
    if (performance.now() - accepted > 900_000) throw new Error('batch not terminal after 15 min');
  }
  const terminal = performance.now();
  jobs.stop();
  pods.stop();
  const after = runtime.port.stats;
  runtime.stop();
  await core.deleteNamespace({ name: ns }).catch(() => undefined);
  const jt = [...jobs.seen.values()];
  const pt = [...pods.seen.values()];
  return {
    qps,
    burst,
    jobs: JOBS,
    status,
    acceptMs: round(accepted - t0),
    jobsCreatedPerSec: round(rate(jt)),
    podsCreatedPerSec: round(rate(pt)),
    allJobsCreatedS: round((Math.max(...jt) - accepted) / 1000),
    allPodsCreatedS: round((Math.max(...pt) - accepted) / 1000),
    allKubeJobsFinishedS: round((Math.max(...jobsDone.values()) - accepted) / 1000),
    acceptToAllTerminalS: round((terminal - accepted) / 1000),
    apiRequests: after.requests - before.requests,
    retries: after.retries - before.retries,
    rateLimitWaitS: round(runtime.port.limiter.waitedMs / 1000),
  };
}

kubectl(['apply', '--server-side', '--force-conflicts', '-f', join(import.meta.dirname, '..', 'deploy', 'manifests', 'crd-radixbatch.yaml')]);
kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/radixbatches.jobsim.io']);
for (const q of values.qps.split(',').map(Number)) {
  const burst = values.burst ? Number(values.burst) : Math.ceil(q * 1.5);
  const r = await run(q, burst);
  process.stdout.write(JSON.stringify(r) + '\n');
}
process.exit(0);
