// What the kubernetes backend writes, checked on the real API server: payload Secrets and Jobs
// owned by the RadixBatch (deletion cascades through the real garbage collector, leaving no
// orphans), and a batch too large for one object split into a head and parts that the API server
// accepts and that complete.
import { BatchV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterBackend, type ClusterBackend } from './support/clusterBackend.js';
import { detectCluster } from './support/clusterEnv.js';

const env = await detectCluster();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.skipIf(!env.ok)(`objects on the API server${env.ok ? '' : ` (skipped: ${env.reason})`}`, () => {
  let b: ClusterBackend;
  let batchApi: BatchV1Api;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;
  beforeAll(async () => {
    b = await clusterBackend(env, { component: { payloadPath: '/compute/args' } });
    const kc = new KubeConfig();
    kc.loadFromFile(env.kubeconfig);
    batchApi = kc.makeApiClient(BatchV1Api);
    core = kc.makeApiClient(CoreV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
  });
  afterAll(async () => {
    await b?.close();
  });

  const until = async <T>(probe: () => Promise<T | undefined>, seconds: number, what: string) => b.until(probe, seconds, what);

  it('payload Secrets and Jobs are owned by the RadixBatch; deleting the batch removes them all (real garbage collector)', async () => {
    const ns = b.namespace;
    const res = await b.http.post('/api/v1/batches').send({
      jobScheduleDescriptions: [
        { jobId: 'a', payload: '{"n":1}', variables: { WORKLOAD_SECONDS: '30' } },
        { jobId: 'b', payload: '{"n":2}', variables: { WORKLOAD_SECONDS: '30' } },
      ],
    });
    expect(res.status).toBe(200);
    const name = res.body.name as string;
    const sel = `radix-batch-name=${name}`;
    const rb = (await custom.getNamespacedCustomObject({ group: 'jobsim.io', version: 'v1', namespace: ns, plural: 'radixbatches', name })) as { metadata: { uid: string } };
    const jobs = await until(async () => {
      const items = (await batchApi.listNamespacedJob({ namespace: ns, labelSelector: sel })).items;
      return items.length === 2 ? items : undefined;
    }, 30, 'two Jobs');
    const secrets = (await core.listNamespacedSecret({ namespace: ns, labelSelector: sel })).items;
    expect(secrets.length).toBeGreaterThanOrEqual(1);
    for (const o of [...jobs, ...secrets]) expect(o.metadata!.ownerReferences?.map((r) => [r.kind, r.uid, r.controller])).toEqual([['RadixBatch', rb.metadata.uid, true]]);
    for (const j of jobs) {
      const vol = j.spec!.template.spec!.volumes?.find((v) => v.name === 'payload');
      expect(secrets.map((s) => s.metadata!.name)).toContain(vol?.secret?.secretName);
      expect(j.spec!.template.spec!.containers[0]!.volumeMounts).toEqual([{ name: 'payload', mountPath: '/compute/args', readOnly: true }]);
    }
    await until(async () => ((await b.http.get(`/api/v1/batches/${name}`)).body.status === 'Running' ? true : undefined), 30, 'batch Running');

    expect((await b.http.delete(`/api/v1/batches/${name}`)).status).toBe(200);
    expect((await b.http.get(`/api/v1/batches/${name}`)).status).toBe(404);
    await until(
      async () => {
        const left =
          (await batchApi.listNamespacedJob({ namespace: ns, labelSelector: sel })).items.length +
          (await core.listNamespacedSecret({ namespace: ns, labelSelector: sel })).items.length +
          (await core.listNamespacedPod({ namespace: ns, labelSelector: sel })).items.length;
        return left === 0 ? true : undefined;
      },
      60,
      'Jobs, Secrets and Pods of the deleted batch gone',
    );
  });

  it('a batch too large for one object is split into head and parts, each under 1 MiB, and completes', async () => {
    const ns = b.namespace;
    // ~120 KB of variables per job: the engine's 512 KiB budget per object gives 4 jobs a part.
    const big = 'x'.repeat(120_000);
    const res = await b.http.post('/api/v1/batches').send({
      jobScheduleDescriptions: Array.from({ length: 9 }, (_, i) => ({ jobId: `j${i}`, variables: { WORKLOAD_SECONDS: '1', FILLER: big } })),
    });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    const name = res.body.name as string;
    const list = (await custom.listNamespacedCustomObject({ group: 'jobsim.io', version: 'v1', namespace: ns, plural: 'radixbatches' })) as {
      items: { metadata: { name: string; labels?: Record<string, string> }; spec: { jobs: unknown[]; parts?: number } }[];
    };
    const objects = list.items.filter((o) => o.metadata.name === name || o.metadata.labels?.['jobsim.io/part-of'] === name);
    expect(objects.length).toBeGreaterThan(1);
    expect(objects.find((o) => o.metadata.name === name)!.spec.parts).toBe(objects.length - 1);
    expect(objects.reduce((n, o) => n + o.spec.jobs.length, 0)).toBe(9);
    for (const o of objects) expect(JSON.stringify(o).length).toBeLessThan(1024 * 1024);
    const final = await until(async () => {
      const body = (await b.http.get(`/api/v1/batches/${name}`)).body as { status: string; jobStatuses: { status: string }[] };
      return ['Succeeded', 'Failed', 'Stopped'].includes(body.status) ? body : undefined;
      // 9 one-second jobs: well under 40 s. (The head used to wait 60 s for parts it had not seen yet.)
    }, 40, 'split batch done');
    expect(final.status).toBe('Succeeded');
    expect(final.jobStatuses.map((j) => j.status)).toEqual(Array(9).fill('Succeeded'));
    expect(b.errors).toEqual([]);
    await sleep(0);
  });
});
