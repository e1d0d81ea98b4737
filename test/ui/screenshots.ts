// Takes the screenshots of docs/dashboard.md (docs/dashboard-*.png) from a simulator with a little
// of everything: a 2,000-job batch part done, a job that retried, a job too big for any node and a
// node lost. Run: npx tsx test/ui/screenshots.ts
import { launchBrowser, type Browser } from './browser.js';
import { startServer } from './server.js';

const out = new URL('../../docs/', import.meta.url).pathname;
const launched = await launchBrowser();
if ('skip' in launched) throw new Error(launched.skip);
const browser = launched as Browser;
const server = await startServer();
try {
  const jobs = Array.from({ length: 2000 }, (_, i) => ({
    jobId: `frame-${i}`,
    variables: { WORKLOAD_SECONDS: String(20 + (i % 7) * 5), ...(i % 13 === 0 ? { WORKLOAD_EXIT_CODES: '1,0' } : {}) },
  }));
  const batch = await server.post<{ name: string }>('/api/v1/batches', { batchId: 'render-frames', defaultRadixJobComponentConfig: { backoffLimit: 2, resources: { requests: { cpu: '100m', memory: '256Mi' } } }, jobScheduleDescriptions: jobs });
  const retry = await server.post<{ name: string }>('/api/v1/jobs', { jobId: 'flaky-import', backoffLimit: 3, timeLimitSeconds: 40, variables: { WORKLOAD_SECONDS: '8', WORKLOAD_EXIT_CODES: '1,1,0' } });
  await server.post('/api/v1/jobs', { jobId: 'huge-model', resources: { requests: { cpu: '16', memory: '64Gi' } } });
  await server.post('/sim/v1/clock/advance', { seconds: 30 });
  await server.post('/sim/v1/faults', { type: 'nodeLoss', node: 'node-3', durationSeconds: 600 });
  await server.post('/sim/v1/clock/advance', { seconds: 35 });

  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 760 });
  const shot = async (hash: string, file: string, ready: string) => {
    await page.goto(`${server.base}/ui/${hash}`);
    await page.locator(ready).first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${out}${file}`, type: 'png' });
    process.stdout.write(`wrote docs/${file}\n`);
  };
  await shot(`#/batch/${batch.name}`, 'dashboard-jobs.png', '[data-testid=job-list] [data-loaded=true]');
  await shot(`#/job/${retry.name}`, 'dashboard-timeline.png', '[data-testid=backoff-gap]');
  await shot('#/cluster', 'dashboard-cluster.png', '[data-testid=nodes] tr[data-node]');
  await shot('#/events', 'dashboard-events.png', '[data-testid=event-log] tbody tr');
} finally {
  await browser.close();
  await server.close();
}
