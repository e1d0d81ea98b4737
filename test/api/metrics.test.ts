// GET /metrics: scraped and parsed as Prometheus text; the job, request, reconcile, webhook and
// simulator series move as the server works, and requests are labelled by route template.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScrape } from '../ui/promText.js';
import { freePort, startServer, type TestServer } from '../ui/server.js';

describe('GET /metrics on the simulator', () => {
  let server: TestServer;
  let receiver: Server;
  let received = 0;
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      received++;
      req.resume();
      res.end('ok');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'jobsim-metrics-'));
    const config = join(dir, 'radixconfig.yaml');
    writeFileSync(
      config,
      `apiVersion: radix.equinor.com/v1\nkind: RadixApplication\nmetadata: { name: app }\nspec:\n  environments: [{ name: dev }]\n  jobs:\n    - name: compute\n      schedulerPort: ${await freePort()}\n      notifications: { webhook: "http://127.0.0.1:${port}/hook" }\n`,
    );
    server = await startServer({ config });
  });
  afterAll(async () => {
    await server.close();
    receiver.close();
  });

  const scrape = async () => {
    const res = await fetch(`${server.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseScrape(await res.text());
  };

  it('counts jobs by status, requests by route template, reconciles, webhooks and the clock', async () => {
    const before = await scrape();
    expect(before.total('jobsim_jobs')).toBe(0);
    const clock0 = before.value('jobsim_sim_clock_seconds')!;

    const job = await server.post<{ name: string }>('/api/v1/jobs', { jobId: 'm1', backoffLimit: 1, variables: { WORKLOAD_SECONDS: '5', WORKLOAD_EXIT_CODE: '1' } });
    await server.post('/api/v1/batches', { jobScheduleDescriptions: [{ jobId: 'a' }, { jobId: 'b' }] });
    const mid = await scrape();
    expect(mid.value('jobsim_jobs', { component: 'compute', status: 'Waiting' })).toBe(3);
    expect(mid.value('jobsim_batches', { component: 'compute', type: 'batch', status: 'Waiting' })).toBe(1);

    await server.get(`/api/v1/jobs/${job.name}`);
    await fetch(`${server.base}/api/v1/jobs/nope-nope`);
    await fetch(`${server.base}/no/such/route`);
    await server.post('/sim/v1/clock/advance', { seconds: 60 });
    await server.post('/sim/v1/faults', { type: 'receiverDown', status: 503, count: 1 });
    await server.post('/api/v1/jobs', { jobId: 'm2' });
    await server.post('/sim/v1/clock/advance', { seconds: 60 });
    await server.serving.webhooks.whenIdle(); // deliveries go over the network: let the last answers in

    const after = await scrape();
    expect(after.value('jobsim_jobs', { status: 'Failed' })).toBe(1);
    expect(after.value('jobsim_jobs', { status: 'Succeeded' })).toBe(3);
    expect(after.value('jobsim_batches', { type: 'job', status: 'Failed' })).toBe(1);
    // Route templates, never raw names:
    expect(after.value('jobsim_http_requests_total', { method: 'GET', route: '/api/v1/jobs/:jobName', code: '200' })).toBe(1);
    expect(after.value('jobsim_http_requests_total', { method: 'GET', route: '/api/v1/jobs/:jobName', code: '404' })).toBe(1);
    expect(after.value('jobsim_http_requests_total', { method: 'GET', route: 'unmatched', code: '404' })).toBe(1);
    expect(after.value('jobsim_http_requests_total', { method: 'POST', route: '/api/v1/jobs', code: '200' })).toBe(2);
    expect(after.value('jobsim_http_request_duration_seconds', { method: 'POST', route: '/sim/v1/clock/advance', code: '200' })).toBe(2);
    expect(after.labels('jobsim_http_requests_total').some((l) => l.route?.includes(job.name))).toBe(false);
    expect(after.value('jobsim_reconcile_duration_seconds', { component: 'compute', outcome: 'ok' })).toBeGreaterThan(mid.value('jobsim_reconcile_duration_seconds', { component: 'compute', outcome: 'ok' }) ?? 0);
    expect(after.value('jobsim_reconcile_queue_depth', { component: 'compute' })).toBe(0);
    expect(after.value('jobsim_sim_clock_seconds')).toBe(clock0 + 120);
    expect(after.value('jobsim_sim_log_events_total')).toBeGreaterThan(before.value('jobsim_sim_log_events_total')!);
    expect(after.value('jobsim_sim_faults')).toBe(1);
    // Webhook events went to the receiver; the one refused by receiverDown was retried.
    expect(received).toBeGreaterThan(0);
    expect(after.value('jobsim_webhook_deliveries_total')).toBe(received);
    expect(after.value('jobsim_webhook_retries_total')).toBe(1);
    expect(after.value('jobsim_webhook_dropped_total')).toBe(0);
    expect(after.value('jobsim_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
