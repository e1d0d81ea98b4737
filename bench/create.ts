// Accept latency: creating one job (median and p99 over many) and accepting a large batch, both
// directly through the JobManager and through the HTTP app served on a local port (fetch, keep-alive;
// client and server share the process).
import { benchRuntime } from './runtime.js';
import { percentile, round, timed } from './measure.js';

export async function createLatency(o: { singles: number; batch: number }) {
  const direct = await benchRuntime(o.batch);
  const directMs: number[] = [];
  for (let i = 0; i < o.singles; i++) directMs.push((await timed(() => direct.manager.createJob({}))).ms);
  const directBatch = await timed(() => direct.manager.createBatch({ jobScheduleDescriptions: Array.from({ length: o.batch }, () => ({})) }));
  direct.runtime.stop();

  const viaHttp = await benchRuntime(o.batch);
  const app = await viaHttp.serve();
  const httpMs: number[] = [];
  for (let i = 0; i < o.singles; i++) {
    const r = await timed(() => app.post('/api/v1/jobs', {}));
    if (r.value !== 200) throw new Error(`create job answered ${r.value}`);
    httpMs.push(r.ms);
  }
  // The HTTP stack alone (Express, request validation, fetch client in the same process).
  const healthMs: number[] = [];
  for (let i = 0; i < o.singles; i++) healthMs.push((await timed(() => app.get('/healthz'))).ms);
  const body = { jobScheduleDescriptions: Array.from({ length: o.batch }, () => ({})) };
  const httpBatch = await timed(() => app.post('/api/v1/batches', body));
  if (httpBatch.value !== 200) throw new Error(`create batch answered ${httpBatch.value}`);
  await app.close();
  viaHttp.runtime.stop();

  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { median: round(percentile(s, 50), 3), p90: round(percentile(s, 90), 3), p99: round(percentile(s, 99), 3) };
  };
  return {
    singles: o.singles,
    jobManagerCreateJobMs: stats(directMs),
    httpCreateJobMs: stats(httpMs),
    httpHealthzMs: stats(healthMs),
    batchSize: o.batch,
    jobManagerCreateBatchMs: round(directBatch.ms),
    httpCreateBatchMs: round(httpBatch.ms),
  };
}
