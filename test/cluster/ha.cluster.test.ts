// High availability against the real control plane: two replicas (`jobsim serve --backend
// kubernetes`, child processes on their own ports, one namespace) elect one reconciler through a
// Lease. A 500-job batch with payloads is created through the replica that does not lead; the
// leader is SIGKILLed while it creates the Jobs. The other must take the Lease over within 15 s,
// keep answering meanwhile, and finish the batch: exactly 500 Jobs, no duplicates, every Job owned
// by a live RadixBatch, every payload Secret referenced and every reference resolved. Then a
// graceful stop (SIGTERM) hands the Lease to a new replica at once.
import { BatchV1Api, CoordinationV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteNamespace, ensureCrd, freshNamespace } from './support/clusterBackend.js';
import { detectCluster } from './support/clusterEnv.js';
import { freePort } from '../support/net.js';

const env = await detectCluster();
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const JOBS = 500;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Replica {
  tag: string;
  port: number;
  proc: ChildProcess;
  identity: string;
  exited: Promise<void>;
}

interface RadixBatchItem {
  metadata: { name: string; uid: string };
  spec: { jobs: { name: string; payloadSecretRef?: { name: string; key: string } }[] };
}

describe.skipIf(!env.ok)(`high availability${env.ok ? '' : ` (skipped: ${env.reason})`}`, () => {
  let namespace = '';
  const replicas: Replica[] = [];
  const logDir = `${ROOT}reports`;
  const kc = new KubeConfig();
  let batchApi: BatchV1Api;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;
  let leases: CoordinationV1Api;

  async function start(tag: string): Promise<Replica> {
    mkdirSync(logDir, { recursive: true });
    const port = await freePort();
    const log = createWriteStream(`${logDir}/ha-${tag}.log`);
    const proc = spawn(
      process.execPath,
      ['bin/jobsim.js', 'serve', '--backend', 'kubernetes', '--kubeconfig', env.kubeconfig, '--namespace', namespace, '--port', String(port), '--kube-qps', '20', '--kube-burst', '30', '--log-level', 'info'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    proc.stdout!.pipe(log);
    proc.stderr!.pipe(log);
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    const replica = { tag, port, proc, identity: `${hostname()}_${proc.pid}`, exited };
    replicas.push(replica);
    for (let i = 0; i < 300; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return replica;
      } catch {
        // not yet listening
      }
      await sleep(100);
    }
    throw new Error(`replica ${tag} did not become ready in 30 s (log: reports/ha-${tag}.log)`);
  }

  async function holder(): Promise<{ identity: string; transitions: number } | undefined> {
    try {
      const lease = await leases.readNamespacedLease({ name: 'jobsim', namespace });
      return { identity: lease.spec?.holderIdentity ?? '', transitions: lease.spec?.leaseTransitions ?? 0 };
    } catch {
      return undefined;
    }
  }

  /** Polls until `probe` holds; returns the seconds it took. */
  async function within(seconds: number, what: string, probe: () => Promise<boolean>): Promise<number> {
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      if (await probe()) return (performance.now() - t0) / 1000;
      await sleep(100);
    }
    throw new Error(`${what}: not within ${seconds} s`);
  }

  const jobsOf = async (batch: string) => (await batchApi.listNamespacedJob({ namespace, labelSelector: `radix-batch-name=${batch}` })).items;

  beforeAll(async () => {
    kc.loadFromFile(env.kubeconfig);
    batchApi = kc.makeApiClient(BatchV1Api);
    core = kc.makeApiClient(CoreV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
    leases = kc.makeApiClient(CoordinationV1Api);
    await ensureCrd(env);
    namespace = await freshNamespace(env, 'jobsim-ha');
  });
  afterAll(async () => {
    for (const r of replicas) r.proc.kill('SIGKILL');
    if (namespace) await deleteNamespace(env, namespace);
  });

  it(`SIGKILL of the leader while it creates a ${JOBS}-job batch: the other replica takes over within 15 s and finishes it, no duplicates, no orphans`, async () => {
    const [a, b] = await Promise.all([start('a'), start('b')]);
    await within(15, 'a replica leads', async () => [a!.identity, b!.identity].includes((await holder())?.identity ?? ''));
    const leaderId = (await holder())!.identity;
    const leader = leaderId === a!.identity ? a! : b!;
    const survivor = leader === a ? b! : a!;
    const base = `http://127.0.0.1:${survivor.port}`;

    // Written through the replica that does not lead: it records the batch; the leader runs it.
    const res = await fetch(`${base}/api/v1/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        defaultRadixJobComponentConfig: { variables: { WORKLOAD_SECONDS: '1' } },
        jobScheduleDescriptions: Array.from({ length: JOBS }, (_, i) => ({ jobId: `j${i}`, payload: JSON.stringify({ item: i }) })),
      }),
    });
    expect(res.status).toBe(200);
    const batch = ((await res.json()) as { name: string }).name;

    // At 20 requests/s the 500 Jobs take ~25 s: kill the leader once 100 exist.
    await within(60, '100 Jobs created', async () => (await jobsOf(batch)).length >= 100);
    const killedAt = performance.now();
    leader.proc.kill('SIGKILL');
    await leader.exited;
    const atKill = (await jobsOf(batch)).length;
    expect(atKill, 'the kill came too late: all Jobs existed already').toBeLessThan(JOBS);

    // While the Lease changes hands the survivor keeps answering from its caches.
    let answered = 0;
    let failed = 0;
    let takeoverS = 0;
    while (performance.now() - killedAt < 20_000) {
      const r = await fetch(`${base}/api/v1/batches/${batch}`);
      if (r.ok) answered++;
      else failed++;
      await r.arrayBuffer();
      if ((await holder())?.identity === survivor.identity) {
        takeoverS = (performance.now() - killedAt) / 1000;
        break;
      }
      await sleep(100);
    }
    expect(takeoverS, 'the survivor holds the Lease').toBeGreaterThan(0);
    await within(30, 'Job creation resumed', async () => (await jobsOf(batch)).length > atKill);
    const resumedS = (performance.now() - killedAt) / 1000;
    process.stdout.write(
      `ha test: killed the leader with ${atKill}/${JOBS} Jobs created; the survivor took the Lease over ${takeoverS.toFixed(1)} s after SIGKILL ` +
        `and created Jobs again by ${resumedS.toFixed(1)} s; it answered ${answered} GETs meanwhile (${failed} failed)\n`,
    );
    expect(takeoverS).toBeLessThan(15);
    expect(failed).toBe(0);

    let status = '';
    await within(240, 'the batch finished', async () => {
      const r = await fetch(`${base}/api/v1/batches/${batch}`);
      status = r.ok ? ((await r.json()) as { status: string }).status : `HTTP ${r.status}`;
      return ['Succeeded', 'Failed', 'Stopped'].includes(status);
    });
    expect(status).toBe('Succeeded');

    const rbs = (await custom.listNamespacedCustomObject({ group: 'jobsim.io', version: 'v1', namespace, plural: 'radixbatches' })) as { items: RadixBatchItem[] };
    expect(rbs.items.map((r) => r.metadata.name)).toEqual([batch]);
    const head = rbs.items[0]!;
    const live = new Set(rbs.items.map((r) => r.metadata.uid));
    const all = (await batchApi.listNamespacedJob({ namespace })).items;
    expect(all.length, 'Jobs in the namespace').toBe(JOBS);
    const shortNames = all.map((j) => j.metadata!.labels!['radix-batch-job-name']);
    expect(new Set(shortNames).size, 'distinct batch jobs').toBe(JOBS);
    expect(new Set(shortNames)).toEqual(new Set(head.spec.jobs.map((j) => j.name)));
    for (const j of all) {
      expect(j.metadata!.name).toBe(`${batch}-${j.metadata!.labels!['radix-batch-job-name']}`);
      const owners = j.metadata!.ownerReferences?.map((o) => o.uid) ?? [];
      expect(owners.length === 1 && live.has(owners[0]!), `owner of ${j.metadata!.name}`).toBe(true);
    }
    // The Job controller writes a Job's `succeeded` after its pod ended: the API may report the batch
    // Succeeded (from the pods) a moment before the last Job's status says so.
    await within(30, 'every Job succeeded', async () => (await batchApi.listNamespacedJob({ namespace })).items.filter((j) => (j.status?.succeeded ?? 0) === 1).length === JOBS);

    // Payload Secrets: each referenced one exists with its key, each one is referenced, all owned by the batch.
    const secrets = (await core.listNamespacedSecret({ namespace, labelSelector: `radix-batch-name=${batch}` })).items;
    const keysBySecret = new Map(secrets.map((s) => [s.metadata!.name!, new Set(Object.keys(s.data ?? {}))]));
    const referenced = new Set<string>();
    for (const job of head.spec.jobs) {
      const ref = job.payloadSecretRef!;
      expect(ref, `payloadSecretRef of ${job.name}`).toBeDefined();
      expect(keysBySecret.get(ref.name)?.has(ref.key), `secret ${ref.name} key ${ref.key}`).toBe(true);
      referenced.add(ref.name);
    }
    expect([...keysBySecret.keys()].sort()).toEqual([...referenced].sort());
    for (const s of secrets) expect(s.metadata!.ownerReferences?.map((o) => o.uid)).toEqual([head.metadata.uid]);
    expect((await holder())?.transitions).toBeGreaterThanOrEqual(1);
  }, 360_000);

  it('a replica stopped with SIGTERM releases the Lease and another takes it within a retry period or two', async () => {
    const current = (await holder())?.identity;
    const leader = replicas.find((r) => r.identity === current && r.proc.exitCode === null && r.proc.signalCode === null);
    expect(leader, 'a live leader from the first test').toBeDefined();
    const next = await start('c');
    const stoppedAt = performance.now();
    leader!.proc.kill('SIGTERM');
    await leader!.exited;
    await within(15, 'the new replica leads', async () => (await holder())?.identity === next.identity);
    const afterStopS = (performance.now() - stoppedAt) / 1000;
    process.stdout.write(`ha test: after SIGTERM of the leader the new replica held the Lease ${afterStopS.toFixed(1)} s later\n`);
    expect(afterStopS).toBeLessThan(5);
  }, 60_000);
});
