// The dashboard in a real browser (Debian's chromium through playwright-core): it loads without
// console errors, follows the API live, draws a job's retries with their backoff, and injects a
// fault from the page. Skipped, with the reason, when no browser can be started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from './browser.js';
import { startServer, type TestServer } from './server.js';

const launched = await launchBrowser();
const skip = 'skip' in launched ? launched.skip : undefined;
const browser = 'skip' in launched ? undefined : (launched as Browser);

describe.skipIf(skip)(`dashboard in chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: TestServer;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    page = await browser!.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => {
      // An EventSource closed by navigation is not a failure of the page.
      if (!r.url().endsWith('/jobsim/v1/watch')) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const advance = (seconds: number) => server.post('/sim/v1/clock/advance', { seconds });

  it('loads with no console errors and connects to the watch stream', async () => {
    await page.goto(`${server.base}/ui/`);
    await page.locator('[data-testid=app][data-live=true]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=clock-now]').getByText('00:00:00').waitFor();
    // Every asset came from this server: the page works offline.
    const origins = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).origin));
    expect(new Set(origins)).toEqual(new Set([server.base]));
    expect(problems).toEqual([]);
  });

  it('shows a job created through the API and follows its statuses without a reload', async () => {
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));
    const job = await server.post<{ name: string; status: string }>('/api/v1/jobs', { jobId: 'live-1', variables: { WORKLOAD_SECONDS: '30' } });
    const batchName = job.name.slice(0, job.name.lastIndexOf('-'));
    const item = page.locator(`[data-testid=batch-list] li[data-batch="${batchName}"]`);
    await item.getByText('Waiting').waitFor({ timeout: 10_000 });
    await page.goto(`${server.base}/ui/#/job/${job.name}`);
    await page.locator('[data-testid=job-status]').getByText('Waiting').waitFor();
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));
    // The default latency model takes about a second to schedule and start the pod (Active meanwhile).
    await advance(5);
    await page.locator('[data-testid=job-status]').getByText('Running').waitFor({ timeout: 10_000 });
    await item.getByText('Running').waitFor();
    await advance(60);
    await page.locator('[data-testid=job-status]').getByText('Succeeded').waitFor({ timeout: 10_000 });
    await item.getByText('Succeeded').waitFor();
    // Same document all along: the changes came over the watch stream, not a reload.
    expect(await page.evaluate(() => (globalThis as unknown as { marker: number }).marker)).toBe(42);
    expect(problems).toEqual([]);
  });

  it("draws a job's attempts with the 10 s backoff gap between them", async () => {
    const job = await server.post<{ name: string }>('/api/v1/jobs', { jobId: 'retry-1', backoffLimit: 1, variables: { WORKLOAD_SECONDS: '5', WORKLOAD_EXIT_CODE: '1' } });
    await server.post('/sim/v1/clock/advance', { seconds: 120 });
    await page.goto(`${server.base}/ui/#/job/${job.name}`);
    await page.locator('[data-testid=job-status]').getByText('Failed').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('[data-testid=timeline] [data-testid=attempt]').count()).toBe(2);
    const gap = page.locator('[data-testid=backoff-gap]');
    expect(await gap.getAttribute('data-seconds')).toBe('10');
    expect(await gap.textContent()).toBe('backoff 10 s');
    expect(problems).toEqual([]);
  });

  it('injects a node loss from the page and shows its effect', async () => {
    await page.goto(`${server.base}/ui/#/cluster`);
    const nodes = page.locator('[data-testid=nodes] tbody tr[data-node]');
    await expect.poll(() => nodes.count(), { timeout: 10_000 }).toBe(3);
    await page.locator('[data-testid=fault-type]').selectOption('nodeLoss');
    await page.locator('[data-testid=fault-node]').selectOption('node-2');
    await page.locator('[data-testid=fault-inject]').click();
    await page.locator('[data-testid=fault-list]').getByText('nodeLoss').waitFor({ timeout: 10_000 });
    await expect.poll(() => nodes.count(), { timeout: 10_000 }).toBe(2);
    expect(await page.locator('[data-testid=nodes] tr[data-node=node-2]').count()).toBe(0);
    const faults = await server.get<{ type: string; node: string }[]>('/sim/v1/faults');
    expect(faults).toMatchObject([{ type: 'nodeLoss', node: 'node-2' }]);
    const events = await server.get<{ events: { type: string; name?: string }[] }>('/sim/v1/events');
    expect(events.events.some((e) => e.type === 'NodeLost' && e.name === 'node-2')).toBe(true);
    expect(problems).toEqual([]);
  });

  it("serves Swagger UI offline, and its Try it out calls this server", async () => {
    const swagger = await browser!.newPage();
    const errors: string[] = [];
    swagger.on('pageerror', (e) => errors.push(e.message));
    const origins = new Set<string>();
    swagger.on('request', (r) => origins.add(new URL(r.url()).origin));
    await swagger.goto(`${server.base}/swaggerui`);
    expect(swagger.url()).toBe(`${server.base}/swaggerui/`);
    const op = swagger.locator('#operations-health-getHealth');
    await op.waitFor({ timeout: 30_000 });
    await op.locator('.opblock-summary').click();
    await op.locator('.try-out__btn').click();
    await op.locator('.execute').click();
    const status = op.locator('.live-responses-table tbody .response-col_status').first();
    await status.waitFor({ timeout: 10_000 });
    expect((await status.textContent())?.trim()).toBe('200');
    expect(await op.locator('.live-responses-table .microlight, .live-responses-table pre').first().textContent()).toContain('"status": "ok"');
    expect([...origins]).toEqual([server.base]);
    expect(errors).toEqual([]);
    await swagger.close();
  });
});
