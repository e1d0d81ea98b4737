// Where a simulation allocates: V8's sampling heap profiler, keeping the samples of objects the
// garbage collector has freed too (so it counts everything allocated, not only what is left at the
// end), summed by the function that allocated. Runs `jobsim simulate` (compiled: `npm run build`
// first) in this process with the given arguments.
//
//   node --max-semi-space-size=64 bench/allocations.mjs examples/scenarios/month.yaml --horizon 1d --no-png --out /tmp/day
//
// Prints the total and the top 40 functions (share, MB) to stderr after the run's own output.
import inspector from 'node:inspector';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
if (process.argv.length < 3) {
  console.error('usage: node bench/allocations.mjs SCENARIO [simulate options]');
  process.exit(2);
}
const session = new inspector.Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
await post('HeapProfiler.enable');
// One sample every 4 KiB allocated on average: ~350,000 samples for a simulated day.
await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });

let reported = false;
process.on('beforeExit', async () => {
  if (reported) return;
  reported = true;
  const { profile } = await post('HeapProfiler.stopSampling');
  const byFunction = new Map();
  let total = 0;
  // A built-in (a Map's set, an array's push, sort) is charged with the JS function that called it:
  // `set (built-in)` alone does not say which map grows.
  const walk = (node, caller) => {
    const f = node.callFrame;
    const js = f.url ? `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(dist|node_modules)\//, '')}:${f.lineNumber + 1}` : undefined;
    const where = js ?? `${f.functionName} (built-in)${caller ? ` from ${caller}` : ''}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const child of node.children) walk(child, js ?? caller);
  };
  walk(profile.head, undefined);
  console.error(`allocated: ${(total / 1e6).toFixed(0)} MB`);
  for (const [where, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.error(`${((100 * bytes) / total).toFixed(1).padStart(5)}% ${(bytes / 1e6).toFixed(0).padStart(5)} MB  ${where}`);
  }
});

process.argv = [process.argv[0], main, 'simulate', ...process.argv.slice(2)];
await import(main);
