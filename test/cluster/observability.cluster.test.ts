// The dashboard's data and watch stream, /metrics and Swagger UI on the kubernetes backend
// (`jobsim serve --backend kubernetes`, in-process) against the local control plane, in a fresh
// namespace: a job's run shows in the metrics (Kubernetes API requests included) and on the watch
// stream, nodes and events are read from the cluster, and the page shows no simulator controls.
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveKubernetes, type KubeServing } from '../../src/cli/serveKube.js';
import { launchBrowser, type Browser } from '../ui/browser.js';
import { parseScrape } from '../ui/promText.js';
import { openSse } from '../ui/sse.js';
import { deleteNamespace, ensureCrd, freshNamespace } from './support/clusterBackend.js';
import { detectCluster } from './support/clusterEnv.js';

const env = await detectCluster();

describe.skipIf(!env.ok)(`dashboard, watch stream, metrics and Swagger UI on the kubernetes backend${env.ok ? '' : ` (skipped: ${env.reason})`}`, () => {
  let namespace = '';
  let serving: KubeServing;
  let base = '';
  beforeAll(async () => {
    await ensureCrd(env);
    namespace = await freshNamespace(env, 'jobsim-ui');
    serving = await serveKubernetes(
      {
        port: 0,
        host: '127.0.0.1',
        seed: '1',
        clock: 'real',
        compat: 'documented',
        component: 'compute',
        bodyLimit: '32mb',
        backoffCap: 600,
        workloadSeconds: 5,
        historyLimit: 10,
        backend: 'kubernetes',
        kubeconfig: env.kubeconfig,
        namespace,
        kubeQps: 50,
        kubeBurst: 100,
      },
      pino({ level: 'silent' }),
    );
    base = `http://127.0.0.1:${(serving.servers[0]!.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await serving?.close();
    if (namespace) await deleteNamespace(env, namespace);
  });

  const json = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(base + path, init);
    expect(res.status, `${path}: ${res.status}`).toBe(200);
    return (await res.json()) as T;
  };
  const scrape = async () => parseScrape(await (await fetch(`${base}/metrics`)).text());

  it('follows a job on the watch stream and in the metrics, Kubernetes API requests included', async () => {
    const before = await scrape();
    expect(before.total('jobsim_kube_requests_total')).toBeGreaterThan(0); // the start-up lists and the preflight
    const sse = await openSse(`${base}/jobsim/v1/watch`);
    await sse.read((f) => f.event === 'hello');
    const job = await json<{ name: string }>('/api/v1/jobs', { method: 'POST', body: JSON.stringify({ jobId: 'k1', variables: { WORKLOAD_SECONDS: '1' } }) });
    const batch = job.name.slice(0, job.name.lastIndexOf('-'));
    const frames = await sse.read((f) => f.event === 'batch' && f.data.batch.name === batch && f.data.batch.status === 'Succeeded', 90_000);
    sse.close();
    const last = frames.at(-1)!;
    expect(last.data.batch).toMatchObject({ name: batch, status: 'Succeeded', counts: { Succeeded: 1 } });
    expect(frames.some((f) => f.event === 'sim' || f.event === 'clock')).toBe(false);

    const after = await scrape();
    expect(after.value('jobsim_jobs', { component: 'compute', status: 'Succeeded' })).toBe(1);
    expect(after.value('jobsim_kube_requests_total', { verb: 'create' })).toBeGreaterThan(before.value('jobsim_kube_requests_total', { verb: 'create' }) ?? 0);
    expect(after.value('jobsim_http_requests_total', { method: 'POST', route: '/api/v1/jobs', code: '200' })).toBe(1);
    expect(after.value('jobsim_reconcile_duration_seconds', { component: 'compute', outcome: 'ok' })).toBeGreaterThan(0);
    for (const name of ['jobsim_kube_rate_limiter_waits_total', 'jobsim_kube_rate_limiter_wait_seconds_total', 'jobsim_kube_request_retries_total', 'jobsim_kube_watches']) {
      expect(after.value(name), name).toBeGreaterThanOrEqual(0);
    }
    expect(after.value('jobsim_kube_watches')).toBeGreaterThan(0);
    expect(after.value('jobsim_sim_clock_seconds')).toBeUndefined();

    const detail = await json<{ attempts: { exitCode: number; phase: string }[] }>(`/jobsim/v1/jobs/${job.name}`);
    expect(detail.attempts).toMatchObject([{ phase: 'Succeeded', exitCode: 0 }]);
  });

  it('reads nodes, pods and events from the cluster, read-only', async () => {
    const info = await json<{ backend: string; controls: boolean }>('/jobsim/v1/info');
    expect(info).toMatchObject({ backend: 'kubernetes', controls: false });
    const cluster = await json<{ source: string; nodes: { name: string; allocatable: { cpu: number } }[]; errors: string[] }>('/jobsim/v1/cluster');
    expect(cluster.source).toBe('kubernetes');
    expect(cluster.errors).toEqual([]);
    expect(cluster.nodes.length).toBeGreaterThan(0);
    expect(cluster.nodes.every((n) => n.allocatable.cpu > 0)).toBe(true);
    const events = await json<{ events: { type: string }[] }>('/jobsim/v1/events?limit=50');
    expect(events.events.length).toBeGreaterThan(0);
    expect((await fetch(`${base}/sim/v1/clock`)).status).toBe(404);
  });

  it('serves Swagger UI with the spec pointed at this server', async () => {
    const page = await fetch(`${base}/swaggerui/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    const spec = await json<{ servers: { url: string }[]; paths: Record<string, unknown> }>('/swaggerui/openapi.json');
    expect(spec.servers).toEqual([{ url: '/', description: 'this server' }]);
    expect(Object.keys(spec.paths)).toContain('/api/v1/jobs');
  });

  it('shows the page in chromium without simulator controls', async () => {
    const launched = await launchBrowser();
    if ('skip' in launched) {
      process.stdout.write(`browser check skipped: ${launched.skip}\n`);
      return;
    }
    const browser = launched as Browser;
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      await page.goto(`${base}/ui/#/cluster`);
      await page.locator('[data-testid=app][data-live=true]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid=nodes] tr[data-node]').first().waitFor({ timeout: 30_000 });
      expect(await page.locator('[data-testid=sim-controls]').count()).toBe(0);
      expect(await page.locator('[data-testid=fault-panel]').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
