// The dashboard with a 100,000-job batch: the job list renders and scrolls with only the rows in
// view in the DOM, filters on the server, and stays responsive while the batch runs. The figures
// (time to first render, to rows after a jump, frame gaps while scrolling) are printed, not
// asserted: speed targets are measured, never asserted as timings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from './browser.js';
import { startServer, type TestServer } from './server.js';

const JOBS = 100_000;
const launched = await launchBrowser();
const skip = 'skip' in launched ? launched.skip : undefined;
const browser = 'skip' in launched ? undefined : (launched as Browser);

const figures: Record<string, string> = {};
const ms = (t: number) => `${Math.round(t)} ms`;

describe.skipIf(skip)(`dashboard with a ${JOBS.toLocaleString('en-US')}-job batch${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let server: TestServer;
  let page: Page;
  let batch: string;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startServer({ maxBatchSize: JOBS });
    const jobs = Array.from({ length: JOBS }, (_, i) => ({ jobId: `j${i}`, ...(i % 10 === 0 ? { variables: { WORKLOAD_EXIT_CODE: '1' } } : {}) }));
    let t = performance.now();
    const created = await server.post<{ name: string }>('/api/v1/batches', { batchId: 'big', defaultRadixJobComponentConfig: { variables: { WORKLOAD_SECONDS: '30' } }, jobScheduleDescriptions: jobs });
    figures['create batch (POST)'] = ms(performance.now() - t);
    batch = created.name;
    t = performance.now();
    await server.post('/sim/v1/clock/advance', { seconds: 1 });
    figures['first virtual second (100,000 Jobs and pods created)'] = ms(performance.now() - t);
    page = await browser!.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
  }, 600_000);

  afterAll(async () => {
    process.stdout.write(`\nUI figures, ${JOBS.toLocaleString('en-US')}-job batch (this machine, ${new Date().toISOString()}):\n${Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`);
    await browser?.close();
    await server?.close();
  });

  const rowLoaded = (index: number) => page.locator(`[data-testid=job-list] [data-index="${index}"][data-loaded=true]`);

  it('renders the first rows, and only the rows in view', async () => {
    const t = performance.now();
    await page.goto(`${server.base}/ui/#/batch/${batch}`);
    await rowLoaded(0).waitFor({ timeout: 60_000 });
    figures['time to first render (navigation to first job row)'] = ms(performance.now() - t);
    figures['  of which in the page (performance.now at first row)'] = ms(await page.evaluate(() => performance.now()));
    expect(await page.locator('[data-testid=job-list]').getAttribute('data-matched')).toBe(String(JOBS));
    const rows = await page.locator('[data-testid=job-list] [data-index]').count();
    figures['job rows in the DOM'] = String(rows);
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(200);
  });

  it('jumps to the middle and the end of the list', async () => {
    for (const index of [JOBS / 2, JOBS - 1]) {
      const t = performance.now();
      await page.locator('[data-testid=job-list]').evaluate((el, i) => (el.scrollTop = i * 30), index);
      await rowLoaded(index).waitFor({ timeout: 60_000 });
      figures[`jump to row ${index.toLocaleString('en-US')} until it is loaded`] = ms(performance.now() - t);
      expect(await rowLoaded(index).locator('.c-id').textContent()).toBe(`j${index}`);
    }
  });

  it('keeps frames coming while scrolling and while the batch runs', async () => {
    await page.locator('[data-testid=job-list]').evaluate((el) => (el.scrollTop = 0));
    await rowLoaded(0).waitFor();
    // A frame counter in the page, then wheel scrolling while the clock moves (live updates).
    await page.evaluate(() => {
      // In the page (a browser global; the test's own types are Node's).
      const w = globalThis as unknown as { frames: number[]; stopFrames: boolean; requestAnimationFrame(cb: (t: number) => void): void };
      w.frames = [];
      w.stopFrames = false;
      const loop = (t: number) => {
        w.frames.push(t);
        if (!w.stopFrames) w.requestAnimationFrame(loop);
      };
      w.requestAnimationFrame(loop);
    });
    await page.locator('[data-testid=job-list]').hover();
    const advancing = (async () => {
      for (let i = 0; i < 4; i++) await server.post('/sim/v1/clock/advance', { seconds: 10 });
    })();
    const t = performance.now();
    for (let i = 0; i < 40; i++) {
      await page.mouse.wheel(0, 1200);
      await page.waitForTimeout(25);
    }
    const scrollMs = performance.now() - t;
    await advancing;
    const frames = await page.evaluate(() => {
      const w = globalThis as unknown as { frames: number[]; stopFrames: boolean };
      w.stopFrames = true;
      return w.frames;
    });
    const gaps = frames.slice(1).map((f, i) => f - frames[i]!);
    const sorted = [...gaps].sort((a, b) => a - b);
    figures['wheel scrolling (40 steps of 1200 px)'] = ms(scrollMs);
    figures['frames while scrolling and advancing'] = `${frames.length} (${((frames.length / (frames[frames.length - 1]! - frames[0]!)) * 1000).toFixed(0)} fps; median gap ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, worst ${sorted[sorted.length - 1]?.toFixed(0)} ms)`;
    expect(frames.length).toBeGreaterThan(10);
    const scrolled = await page.locator('[data-testid=job-list]').evaluate((el) => el.scrollTop);
    expect(scrolled).toBeGreaterThan(10_000);
  });

  it('filters by status on the server', async () => {
    const page0 = await server.get<{ matched: number }>(`/jobsim/v1/batches/${batch}/jobs?status=Failed&limit=1`);
    const t = performance.now();
    await page.locator('[data-testid=job-status-filter]').selectOption('Failed');
    await expect.poll(() => page.locator('[data-testid=job-list]').getAttribute('data-matched'), { timeout: 60_000 }).toBe(String(page0.matched));
    await rowLoaded(0).waitFor();
    figures[`filter to status Failed (${page0.matched.toLocaleString('en-US')} jobs)`] = ms(performance.now() - t);
    expect(page0.matched).toBeGreaterThan(0);
    expect(await rowLoaded(0).locator('.st').textContent()).toBe('Failed');
    expect(problems).toEqual([]);
  });
});
