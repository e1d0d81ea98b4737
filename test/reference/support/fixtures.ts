// The jobs and batches many read-only cases look at, created once per target and waited for until
// each is in its stable state (Running for minutes, or ended).
import type { Fixtures } from './cases.js';
import type { Poller } from './poller.js';
import type { Target } from './targets.js';

const vars = (seconds: number) => ({ WORKLOAD_SECONDS: String(seconds) });

async function create(t: Target, path: string, body: unknown): Promise<{ name: string; jobs: string[] }> {
  const r = await t.send('POST', path, { body: JSON.stringify(body) });
  const b = r.json as { name?: string; jobStatuses?: { name: string }[] } | undefined;
  if (r.status !== 200 || !b?.name) throw new Error(`${t.name}: creating a fixture: ${r.status} ${r.text.slice(0, 300)}`);
  return { name: b.name, jobs: (b.jobStatuses ?? []).map((j) => j.name) };
}

export async function createFixtures(t: Target, poller: Poller): Promise<Fixtures> {
  const running = await create(t, '/api/v1/jobs', { jobId: 'fixture-running', variables: vars(900) });
  const succeeded = await create(t, '/api/v1/jobs', { jobId: 'fixture-done', variables: vars(1), backoffLimit: 0 });
  const runningBatch = await create(t, '/api/v1/batches', {
    batchId: 'fixture-running',
    jobScheduleDescriptions: [{ jobId: 'a', variables: vars(900) }, { jobId: 'b', variables: vars(900) }],
  });
  const doneBatch = await create(t, '/api/v1/batches', {
    batchId: 'fixture-done',
    jobScheduleDescriptions: [{ jobId: 'a', variables: vars(1) }, { jobId: 'b', variables: vars(1) }],
  });
  const waits: [string, string][] = [
    [running.name, 'Running'],
    [succeeded.name, 'Succeeded'],
    [runningBatch.name, 'Running'],
    ...runningBatch.jobs.map((j): [string, string] => [j, 'Running']),
    [doneBatch.name, 'Succeeded'],
    ...doneBatch.jobs.map((j): [string, string] => [j, 'Succeeded']),
  ];
  for (const [name] of waits) poller.follow(name);
  try {
    for (const [name, status] of waits) await poller.waitFor(name, (s) => s.status === status, 90_000);
  } finally {
    for (const [name] of waits) poller.unfollow(name);
  }
  // The last status writes (a job's message, the batch condition) follow the status by a moment.
  await new Promise((r) => setTimeout(r, 3000));
  return {
    running: running.name,
    succeeded: succeeded.name,
    runningBatch: runningBatch.name,
    runningBatchJobs: runningBatch.jobs,
    doneBatch: doneBatch.name,
    doneBatchJobs: doneBatch.jobs,
  };
}
