// A CPU profile (`node --cpu-prof`) read two ways: the functions with the most self time, and for
// one of them, its lines by the samples taken on each (V8 records the line of every sample).
//
//   node --max-semi-space-size=64 --cpu-prof --cpu-prof-dir=/tmp/prof dist/src/cli/main.js simulate examples/scenarios/month.yaml --horizon 1d --no-png --out /tmp/day
//   node bench/cpuLines.mjs /tmp/prof/*.cpuprofile                  # top 30 functions by self time
//   node bench/cpuLines.mjs /tmp/prof/*.cpuprofile 'sync src/sim/jobController.js'   # its hottest lines
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [file, wanted] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/cpuLines.mjs PROFILE.cpuprofile ["FUNCTION FILE" to show its lines]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const short = (url) => url.replace(/^.*\/(dist|node_modules)\//, '');
const nameOf = (f) => (f.url ? `${f.functionName || '(anonymous)'} ${short(f.url)}:${f.lineNumber + 1}` : f.functionName);

// Self time per node id, from the samples and the time between them.
const selfUs = new Map();
let totalUs = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  totalUs += dt;
});

if (!wanted) {
  const byFunction = new Map();
  for (const node of profile.nodes) byFunction.set(nameOf(node.callFrame), (byFunction.get(nameOf(node.callFrame)) ?? 0) + (selfUs.get(node.id) ?? 0));
  console.log(`${(totalUs / 1000).toFixed(0)} ms sampled`);
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${name}`);
} else {
  const ticks = new Map();
  let url;
  for (const node of profile.nodes) {
    if (!nameOf(node.callFrame).startsWith(wanted)) continue;
    url = node.callFrame.url;
    for (const t of node.positionTicks ?? []) ticks.set(t.line, (ticks.get(t.line) ?? 0) + t.ticks);
  }
  if (!url) {
    console.error(`no function ${wanted} in the profile`);
    process.exit(1);
  }
  const source = readFileSync(url.startsWith('file:') ? fileURLToPath(url) : url, 'utf8').split('\n');
  const all = [...ticks.values()].reduce((a, b) => a + b, 0);
  console.log(`${all} samples in ${wanted}`);
  for (const [line, n] of [...ticks].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`${String(n).padStart(6)}  ${String(line).padStart(4)}  ${source[line - 1]?.trim().slice(0, 140)}`);
  }
}
