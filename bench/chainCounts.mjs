// What one job costs the simulator, counted: store writes by verb and kind, watch notifications and
// the deliveries they make, and event-queue tasks by the function queued, each per job of the run.
// Runs a scenario file through `jobsim simulate` (compiled: `npm run build` first) for a horizon,
// with the scenario's latency model or another (a preset or a file, as `--latency` takes), and
// counts the instants too (the distinct virtual milliseconds at which any task ran), the Job
// controller's syncs a job (`jobSyncs`: those that ran, and of them those that wrote nothing), the Map
// operations (get, set, has, delete) the run makes (hash-table work is the largest kind of work in
// the month's native profile, bench/nativeProfile.mjs, spread over every component), and the Maps
// it makes (`newMaps`, by the place that makes them: each is an object and a hash table to allocate).
//
//   node bench/chainCounts.mjs examples/scenarios/month.yaml 1d
//   node bench/chainCounts.mjs examples/scenarios/month.yaml 1d model.yaml   # model.yaml: `jobSync: 0.025`
//
// Prints one JSON object. bench/history.md ("The time at ...") quotes its figures.
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/src/', import.meta.url));
const { ObjectStore } = await import(`${dist}sim/store.js`);
const { EventQueue } = await import(`${dist}sim/eventQueue.js`);
const { Watchers } = await import(`${dist}sim/watchers.js`);
const { JobController } = await import(`${dist}sim/jobController.js`);
const { loadSimulation } = await import(`${dist}runtime/simulate.js`);
const { simulateScenario, withOverrides } = await import(`${dist}cli/simulate.js`);
const { parseSpan } = await import(`${dist}sim/simulation.js`);
const { parseLatencyOption } = await import(`${dist}sim/latency.js`);

const [file, span = '1d', latency] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/chainCounts.mjs SCENARIO [HORIZON, e.g. 1d] [LATENCY: off, cluster or a model file]');
  process.exit(2);
}
const counts = { writes: {}, notifies: {}, deliveries: {}, tasks: {} };
let instants = 0;
/** The Job controller's syncs that ran, and those of them that wrote nothing to the store. */
const jobSyncs = { ran: 0, wroteNothing: 0 };
let storeWrites = 0;
const add = (table, key, n = 1) => (table[key] = (table[key] ?? 0) + n);

// Counted by wrapping the prototypes before the simulator is built: nothing in src/ changes.
for (const verb of ['create', 'update', 'replace', 'delete']) {
  const original = ObjectStore.prototype[verb];
  ObjectStore.prototype[verb] = function (kind, ...rest) {
    add(counts.writes, `${verb} ${kind}${verb === 'update' && rest[1] === 'status' ? '/status' : ''}`);
    storeWrites++;
    return original.call(this, kind, ...rest);
  };
}
const sync = JobController.prototype.sync;
JobController.prototype.sync = function (...args) {
  const before = storeWrites;
  jobSyncs.ran++;
  try {
    return sync.apply(this, args);
  } finally {
    if (storeWrites === before) jobSyncs.wroteNothing++;
  }
};
// Deliveries: each watcher's handler counts into the notification it is called from (the top of
// `delivering`; a handler's own writes notify in turn, each counted apart).
const notify = Watchers.prototype.notify;
const counted = new WeakSet();
const delivering = [];
Watchers.prototype.notify = function (type, obj) {
  for (const w of this.all) {
    if (counted.has(w)) continue;
    const handler = w.handler;
    w.handler = (e) => (delivering[delivering.length - 1]++, handler(e));
    counted.add(w);
  }
  const key = `${obj.kind ?? '?'} ${type}`;
  add(counts.notifies, key);
  delivering.push(0);
  try {
    return notify.call(this, type, obj);
  } finally {
    add(counts.deliveries, key, delivering.pop());
  }
};
const schedule = EventQueue.prototype.schedule;
EventQueue.prototype.schedule = function (at, task, lane) {
  add(counts.tasks, task.toString().replace(/\s+/g, ' ').slice(0, 72));
  return schedule.call(this, at, task, lane);
};

// An instant is counted when its first task is popped (tasks run in time order).
const popDue = EventQueue.prototype.popDue;
let lastAt;
EventQueue.prototype.popDue = function (at) {
  const task = popDue.call(this, at);
  if (task && at !== lastAt) {
    instants++;
    lastAt = at;
  }
  return task;
};

// Map operations of the run only (not of loading the scenario), by wrapping Map's own methods.
let mapOps = 0;
const mapMethods = ['get', 'set', 'has', 'delete'].map((name) => [name, Map.prototype[name]]);
const countMapOps = () => {
  for (const [name, method] of mapMethods) {
    Map.prototype[name] = function (...args) {
      mapOps++;
      return method.apply(this, args);
    };
  }
};
const restoreMapOps = () => {
  for (const [name, method] of mapMethods) Map.prototype[name] = method;
};
// Maps made during the run, by the place (file:line:column in dist/) of the `new Map` that made
// them: the global Map is a counting subclass meanwhile (set after loading, as modules that keep
// Map's own methods at load time, such as ajv's dependencies, refuse a subclass's instances).
const OriginalMap = globalThis.Map;
const newMaps = {};
let makingMaps = 0;
class CountedMap extends OriginalMap {
  constructor(entries) {
    super(entries);
    makingMaps++;
    const caller = new Error().stack?.split('\n')[2] ?? '';
    add(newMaps, caller.replace(/^.*\/dist\/src\//, '').replace(/\)$/, '').trim());
  }
}

const loaded = loadSimulation(file);
const options = { horizonMs: parseSpan('horizon', span) };
const run = latency ? withOverrides(loaded, { latency: parseLatencyOption(latency) }) : loaded;
countMapOps();
globalThis.Map = CountedMap;
const report = await simulateScenario(run, options).finally(() => {
  globalThis.Map = OriginalMap;
  restoreMapOps();
});
const jobs = report.jobs.total;
const perJob = (table) =>
  Object.fromEntries(
    Object.entries(table)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => [k, { total: v, perJob: round(v / jobs) }]),
  );
const round = (x) => Math.round(x * 100) / 100;
const total = (table) => Object.values(table).reduce((a, b) => a + b, 0);
console.log(
  JSON.stringify(
    {
      scenario: file,
      horizon: span,
      ...(latency ? { latency } : {}),
      jobs,
      instants,
      jobSyncs: { ran: round(jobSyncs.ran / jobs), wroteNothing: round(jobSyncs.wroteNothing / jobs) },
      perJob: { writes: round(total(counts.writes) / jobs), notifies: round(total(counts.notifies) / jobs), deliveries: round(total(counts.deliveries) / jobs), tasks: round(total(counts.tasks) / jobs), mapOps: round(mapOps / jobs), newMaps: round(makingMaps / jobs) },
      writes: perJob(counts.writes),
      notifies: perJob(counts.notifies),
      deliveries: perJob(counts.deliveries),
      tasks: perJob(counts.tasks),
      newMaps: perJob(newMaps),
    },
    null,
    2,
  ),
);
