// Restart safety against the real control plane: jobsim (`serve --backend kubernetes`, a child
// process) is SIGKILLed while it creates the Jobs of a 500-job batch, then started again. The
// result must be exactly 500 Jobs, one per job of the batch, all owned by the batch (no
// duplicates, no orphans), and the batch must complete.
import { BatchV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteNamespace, ensureCrd, freshNamespace } from './support/clusterBackend.js';
import { detectCluster } from './support/clusterEnv.js';
import { freePort } from '../support/net.js';

const env = await detectCluster();
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const JOBS = 500;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.skipIf(!env.ok)(`restart safety${env.ok ? '' : ` (skipped: ${env.reason})`}`, () => {
  let namespace = '';
  let child: ChildProcess | undefined;
  let port = 0;
  const logDir = `${ROOT}reports`;

  function start(tag: string): ChildProcess {
    mkdirSync(logDir, { recursive: true });
    const log = createWriteStream(`${logDir}/restart-${tag}.log`);
    const p = spawn(
      process.execPath,
      ['bin/jobsim.js', 'serve', '--backend', 'kubernetes', '--kubeconfig', env.kubeconfig, '--namespace', namespace, '--port', String(port), '--kube-qps', '20', '--kube-burst', '30', '--log-level', 'warn'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    p.stdout!.pipe(log);
    p.stderr!.pipe(log);
    return p;
  }

  async function ready(): Promise<void> {
    for (let i = 0; i < 300; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
      } catch {
        // not yet listening
      }
      await sleep(100);
    }
    throw new Error('jobsim did not become ready in 30 s');
  }

  beforeAll(async () => {
    await ensureCrd(env);
    namespace = await freshNamespace(env, 'jobsim-restart');
    port = await freePort();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    if (namespace) await deleteNamespace(env, namespace);
  });

  it(`SIGKILL while creating a ${JOBS}-job batch, then restart: exactly ${JOBS} Jobs, no duplicates, no orphans, the batch completes`, async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(env.kubeconfig);
    const batchApi = kc.makeApiClient(BatchV1Api);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const jobsOf = async (batch: string) => (await batchApi.listNamespacedJob({ namespace, labelSelector: `radix-batch-name=${batch}` })).items;

    child = start('first');
    await ready();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jobScheduleDescriptions: Array.from({ length: JOBS }, (_, i) => ({ jobId: `j${i}`, variables: { WORKLOAD_SECONDS: '1' } })) }),
    });
    expect(res.status).toBe(200);
    const batch = ((await res.json()) as { name: string }).name;

    // Kill it in the middle: at 20 requests/s the 500 Jobs take ~25 s to create.
    let atKill = 0;
    for (let i = 0; i < 600 && atKill < 100; i++) {
      atKill = (await jobsOf(batch)).length;
      if (atKill < 100) await sleep(100);
    }
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const afterKill = (await jobsOf(batch)).length;
    expect(afterKill, 'the kill came too late: all Jobs existed already').toBeLessThan(JOBS);
    process.stdout.write(`restart test: killed jobsim with ${afterKill}/${JOBS} Jobs created\n`);

    child = start('second');
    await ready();
    let status = '';
    const deadline = Date.now() + 200_000;
    while (Date.now() < deadline) {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/batches/${batch}`);
      status = r.ok ? ((await r.json()) as { status: string }).status : `HTTP ${r.status}`;
      if (['Succeeded', 'Failed', 'Stopped'].includes(status)) break;
      await sleep(1000);
    }
    expect(status).toBe('Succeeded');

    const rbs = (await custom.listNamespacedCustomObject({ group: 'jobsim.io', version: 'v1', namespace, plural: 'radixbatches' })) as {
      items: { metadata: { name: string; uid: string }; spec: { jobs: { name: string }[] } }[];
    };
    expect(rbs.items.map((r) => r.metadata.name)).toEqual([batch]);
    const head = rbs.items[0]!;
    const jobs = await jobsOf(batch);
    const all = (await batchApi.listNamespacedJob({ namespace })).items;
    expect(all.length, 'Jobs in the namespace').toBe(JOBS);
    expect(jobs.length).toBe(JOBS);
    const shortNames = jobs.map((j) => j.metadata!.labels!['radix-batch-job-name']);
    expect(new Set(shortNames).size, 'distinct batch jobs').toBe(JOBS);
    expect(new Set(shortNames)).toEqual(new Set(head.spec.jobs.map((j) => j.name)));
    for (const j of jobs) {
      expect(j.metadata!.name).toBe(`${batch}-${j.metadata!.labels!['radix-batch-job-name']}`);
      expect(j.metadata!.ownerReferences?.map((o) => o.uid), `owner of ${j.metadata!.name}`).toEqual([head.metadata.uid]);
    }
    const succeeded = jobs.filter((j) => (j.status?.succeeded ?? 0) === 1).length;
    expect(succeeded).toBe(JOBS);
  }, 360_000);
});
