// The cluster port itself against the real API server: error mapping of real answers, list+watch
// that resumes after the server ends a watch, the rate limiter's pace, and retries when the server
// cannot be reached.
import { KubeConfig } from '@kubernetes/client-node';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterError, type WatchEvent } from '../../src/cluster/port.js';
import type { Secret } from '../../src/cluster/types.js';
import { KubeClusterPort } from '../../src/kubernetes/kubePort.js';
import { deleteNamespace, ensureCrd, freshNamespace } from './support/clusterBackend.js';
import { detectCluster } from './support/clusterEnv.js';

const env = await detectCluster();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const secret = (name: string, labels: Record<string, string> = { t: 'port' }): Secret =>
  ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, labels }, type: 'Opaque', data: { k: Buffer.from(name).toString('base64') } }) as Secret;

describe.skipIf(!env.ok)(`cluster port on the API server${env.ok ? '' : ` (skipped: ${env.reason})`}`, () => {
  let namespace = '';
  let kc: KubeConfig;
  beforeAll(async () => {
    await ensureCrd(env);
    namespace = await freshNamespace(env, 'jobsim-port');
    kc = new KubeConfig();
    kc.loadFromFile(env.kubeconfig);
  });
  afterAll(async () => {
    if (namespace) await deleteNamespace(env, namespace);
  });

  it("maps the API server's errors: 409 AlreadyExists, 404, 409 Conflict on a stale resourceVersion, 422 Invalid", async () => {
    const port = new KubeClusterPort({ kubeConfig: kc, namespace });
    const created = await port.create('Secret', secret('s1'));
    expect(created.metadata.uid).toBeTruthy();
    expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await expect(port.create('Secret', secret('s1'))).rejects.toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'secrets "s1" already exists' });
    expect(await port.get('Secret', 'nope')).toBeUndefined();
    await expect(port.delete('Secret', 'nope')).rejects.toMatchObject({ code: 404, reason: 'NotFound' });
    const updated = await port.update('Secret', { ...created, metadata: { ...created.metadata, labels: { t: 'port', v: '2' } } });
    await expect(port.update('Secret', { ...created, metadata: { ...created.metadata, labels: { t: 'stale' } } })).rejects.toMatchObject({ code: 409, reason: 'Conflict' });
    expect(updated.metadata.labels).toEqual({ t: 'port', v: '2' });
    await expect(port.create('Secret', secret('Not_A_Name'))).rejects.toMatchObject({ code: 422, reason: 'Invalid' });
    // RadixBatch: the CRD's schema is enforced by the server.
    await expect(
      port.create('RadixBatch', { apiVersion: 'jobsim.io/v1', kind: 'RadixBatch', metadata: { name: 'rb-bad' }, spec: { radixDeploymentJobRef: { name: 'd', job: 'c' }, jobs: [{ name: 'BAD NAME' }] } }),
    ).rejects.toMatchObject({ code: 422, reason: 'Invalid' });
    // Status subresource: an unconditional status write (no resourceVersion) works on a custom resource.
    const rb = await port.create('RadixBatch', { apiVersion: 'jobsim.io/v1', kind: 'RadixBatch', metadata: { name: 'rb-ok' }, spec: { radixDeploymentJobRef: { name: 'd', job: 'c' }, jobs: [{ name: 'j1' }] } });
    const withStatus = await port.updateStatus('RadixBatch', { ...rb, metadata: { ...rb.metadata, resourceVersion: undefined }, status: { condition: { type: 'Waiting' } } });
    expect(withStatus.status).toEqual({ condition: { type: 'Waiting' } });
    const spec = await port.update('RadixBatch', { ...rb, metadata: { ...rb.metadata, resourceVersion: undefined }, spec: { ...rb.spec, jobs: [{ name: 'j1', stop: true }] } });
    expect(spec.spec.jobs[0]!.stop).toBe(true);
    expect(spec.status).toEqual({ condition: { type: 'Waiting' } });
  });

  it('list+watch: ADDED for existing objects first, then changes, and it resumes after the server ends each watch', async () => {
    const port = new KubeClusterPort({ kubeConfig: kc, namespace, watchTimeoutSeconds: 1 });
    await port.create('Secret', secret('w-before', { t: 'watch' }));
    const events: WatchEvent<Secret>[] = [];
    const stop = await port.watch('Secret', (e) => events.push(e), { t: 'watch' });
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'w-before']]);
    // Across several server-side watch timeouts (1 s each), changes keep arriving, none twice.
    for (let i = 0; i < 4; i++) {
      await port.create('Secret', secret(`w-${i}`, { t: 'watch' }));
      await sleep(800);
    }
    await port.delete('Secret', 'w-before');
    for (let i = 0; i < 50 && !events.some((e) => e.type === 'DELETED'); i++) await sleep(100);
    const [lw] = [...port.watches];
    stop();
    expect(port.watches.size).toBe(0);
    // The server ended the watch about once a second: it was re-opened from the last resourceVersion.
    expect(lw!.connections).toBeGreaterThanOrEqual(3);
    expect(events.filter((e) => e.type === 'ADDED').map((e) => e.object.metadata.name)).toEqual(['w-before', 'w-0', 'w-1', 'w-2', 'w-3']);
    expect(events.filter((e) => e.type === 'DELETED').map((e) => e.object.metadata.name)).toEqual(['w-before']);
    expect(events.every((e) => e.object.apiVersion === 'v1' && e.object.kind === 'Secret')).toBe(true);
  });

  it('the token bucket holds requests to --kube-qps after the burst', async () => {
    const port = new KubeClusterPort({ kubeConfig: kc, namespace, qps: 10, burst: 5 });
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 15 }, (_, i) => port.create('Secret', secret(`q-${i}`, { t: 'qps' }))));
    const s = (performance.now() - t0) / 1000;
    // 5 at once, 10 more at 10/s: at least ~1 s.
    expect(s).toBeGreaterThanOrEqual(0.95);
    expect(port.stats.byVerb.create).toBe(15);
  });

  it('retries a refused connection with backoff, then fails with a 503 ClusterError naming the request', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const dead = new KubeConfig();
    dead.loadFromOptions({
      clusters: [{ name: 'dead', server: `https://127.0.0.1:${closed}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'x' }],
      contexts: [{ name: 'dead', cluster: 'dead', user: 'u' }],
      currentContext: 'dead',
    });
    const retries: number[] = [];
    const port = new KubeClusterPort({ kubeConfig: dead, namespace, retry: { attempts: 3, baseDelayMs: 50 }, onRetry: (_w, _e, attempt) => retries.push(attempt) });
    const err = await port.get('Secret', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err).toMatchObject({ code: 503, reason: 'ServiceUnavailable' });
    expect((err as Error).message).toMatch(/get Secret x: .*ECONNREFUSED/);
    expect(retries).toEqual([1, 2]);
    expect(port.stats.requests).toBe(3);
  });
});
