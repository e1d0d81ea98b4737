// Diagnostic: a fingerprint of what a run shows, to check that an engine change alters no
// behaviour. 3,000 jobs (every 7th fails once or three times, backoffLimit 2); the batch view
// every 3 virtual seconds, the final job list, the stored RadixBatch statuses (JSON, key order
// included) and the simulator's event-log hash. Run it on two trees and compare the lines:
//   npx tsx bench/fingerprint.ts
import { createHash } from 'node:crypto';
import { benchRuntime } from './runtime.js';

const N = 3000;
const { runtime, manager } = await benchRuntime(N);
const descs = Array.from({ length: N }, (_, i) => ({
  backoffLimit: 2,
  ...(i % 7 === 0 ? { variables: { WORKLOAD_EXIT_CODES: i % 14 === 0 ? '1,1,1' : '1,0' } } : {}),
}));
const accepted = await manager.createBatch({ jobScheduleDescriptions: descs });
const views: string[] = [];
for (let step = 0; step < 40; step++) {
  await runtime.advance(3);
  views.push(JSON.stringify(await manager.getBatch(accepted.name)));
}
await runtime.runUntilIdle();
views.push(JSON.stringify(await manager.getBatch(accepted.name)), JSON.stringify(manager.listJobs()));
const statuses = (await runtime.sim.port('default').list('RadixBatch')).map((r) => JSON.stringify(r.status));
const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
console.log(JSON.stringify({ views: hash(views.join('\n')), statuses: hash(statuses.join('\n')), log: runtime.sim.log.sha256().slice(0, 16) }));
runtime.stop();
