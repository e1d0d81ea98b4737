// Where a run's main-thread time goes by kind of work, from Linux perf samples: hash-table (Map,
// Set, WeakMap) operations, garbage collection and the write barrier, inline-cache misses,
// compiled and unoptimized JS, the kernel (page faults, the heap's mmap and munmap). A V8 CPU
// profile (`--cpu-prof`) cannot show these: it charges the builtins a function calls (a Map
// lookup, a scavenge it triggers) to that function.
// Needs `perf` (Debian: apt-get install linux-perf) and a kernel that lets it sample (cpu-clock).
//
//   npm run build
//   node bench/nativeProfile.mjs -- dist/src/cli/main.js simulate examples/scenarios/month.yaml --horizon 1d --no-png --out /tmp/day
//   node bench/nativeProfile.mjs --script saved.txt   # a saved `perf script -F comm,pid,tid,ip,sym,dso` text
//
// The arguments after `--` are node's (it runs as `node --max-semi-space-size=64 --perf-basic-prof
// ...`, as `npm start` and the month's figures do); the run's own output goes to stderr. Prints one
// JSON object: the main thread's samples by category (percent), its 25 hottest leaf symbols, the
// JS functions its hash-table samples were called from, and the samples by jobsim's own source:
// each charged to the innermost frame of a module under src/ (its directory and its file), with the
// builtins, IC misses and scavenges it called (so src/engine against src/sim is the production
// engine's share against the simulator's). JIT code can move and its addresses be reused by other
// code over a long run, so a JS frame's name is the one perf's map gave last.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const USAGE = 'usage: node bench/nativeProfile.mjs -- NODE_ARGS... | --script PERF_SCRIPT_TEXT';

/** Categories by a sample's leaf frame, the first rule that matches (order matters: WeakMap before GC). */
const RULES = [
  ['hashTables', (sym) => /OrderedHash|FindOrderedHash|(Map|Set)Prototype|Runtime_(Map|Set)|WeakMap|WeakSet|WeakCollection|EphemeronHashTable/.test(sym)],
  ['gc', (sym) => /Scaveng|Marking|MarkCompact|Sweep|Evacuat|Heap::|GCTracer|RecordWrite|WriteBarrier|MemoryAllocator|PagedSpace|NewSpace/.test(sym)],
  ['inlineCacheMisses', (sym) => /^Builtins_(Keyed)?(Load|Store|Has|DefineNamedOwn|DefineKeyedOwn|LoadGlobal|StoreGlobal|StoreInArrayLiteral)IC/.test(sym)],
  ['compiler', (sym) => /compiler::|maglev::|interpreter::|Parser|Scanner|Compile/.test(sym)],
  ['jsOptimized', (sym) => /^JS:\*/.test(sym)],
  ['jsUnoptimized', (sym) => /^JS:[~^+]/.test(sym)],
  ['builtins', (sym) => /^Builtins_/.test(sym)],
  ['kernel', (_sym, dso) => dso === '[kernel.kallsyms]'],
  ['libc', (_sym, dso) => /\/libc\.so|\/libstdc\+\+|\/libm\.so/.test(dso)],
  ['unknown', (sym) => sym === '[unknown]'],
  // The rest of V8's and Node's C++ (string hashing, JSON, the factory, math): spread thin.
  ['runtime', (sym) => /^(v8|node|uv|std)::|^uv_/.test(sym)],
];

/** Samples of a `perf script -F comm,pid,tid,ip,sym,dso` text: pid, tid and frames (leaf first). */
function readPerfScript(text) {
  const samples = [];
  let current;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      current = undefined;
      continue;
    }
    const head = /^(\S.*?)\s+(\d+)\/(\d+)\s*/.exec(line);
    if (head && !line.startsWith('\t') && !line.startsWith(' ')) {
      current = { comm: head[1], pid: Number(head[2]), tid: Number(head[3]), frames: [] };
      samples.push(current);
      continue;
    }
    const frame = /^\s*[0-9a-f]+\s+(.*?)\s+\(([^()]*)\)\s*$/.exec(line);
    if (current && frame) current.frames.push({ sym: frame[1].replace(/\+0x[0-9a-f]+$/, ''), dso: frame[2] });
  }
  return samples;
}

/** A JS frame of jobsim's own sources (under src/, compiled into dist/src/): [directory, file]. */
function sourceOf(sym) {
  const m = /^JS:\S*\s+\S*?\/dist\/(src\/[^/\s]+)\/([^\s:]+)\.js:/.exec(sym);
  return m ? [m[1], `${m[1]}/${m[2]}`] : undefined;
}

/** Where a sample without a jobsim frame went: GC or V8 running by itself, Node's own JS, or dependencies. */
function outsideSources(frames) {
  if (frames.some((f) => /^JS:\S*\s+node:/.test(f.sym))) return '(Node.js internals)';
  if (frames.some((f) => /^JS:\S*\s+\S*\/node_modules\//.test(f.sym))) return '(dependencies)';
  return '(no JS frame: V8, GC, kernel)';
}

const short = (sym) => sym.replace(/file:\/\/\/\S*?\/(dist|node_modules)\//, '').replace(/ \(\/tmp\/perf-\d+\.map\)$/, '');
const pct = (n, total) => Math.round((1000 * n) / total) / 10;

/** The main thread's samples (the thread whose id is its process's, the busiest if several) by category. */
function summarize(samples) {
  const perThread = new Map();
  for (const s of samples) if (s.pid === s.tid && s.frames.length > 0) perThread.set(s.tid, (perThread.get(s.tid) ?? 0) + 1);
  const main = [...perThread].sort((a, b) => b[1] - a[1])[0]?.[0];
  const mine = samples.filter((s) => s.tid === main && s.frames.length > 0);
  const total = mine.length;
  const categories = Object.fromEntries([...RULES.map(([name]) => [name, 0]), ['other', 0]]);
  const leaves = new Map();
  const callers = new Map();
  const directories = new Map();
  const files = new Map();
  for (const s of mine) {
    let src;
    for (const f of s.frames) if ((src = sourceOf(f.sym))) break;
    // Outside jobsim's sources, the directory and the file are one name.
    const outside = src ? undefined : outsideSources(s.frames);
    const [directory, file] = src ?? [outside, outside];
    directories.set(directory, (directories.get(directory) ?? 0) + 1);
    files.set(file, (files.get(file) ?? 0) + 1);
    const { sym, dso } = s.frames[0];
    const category = RULES.find(([, test]) => test(sym, dso))?.[0] ?? 'other';
    categories[category]++;
    const leaf = short(sym);
    leaves.set(leaf, (leaves.get(leaf) ?? 0) + 1);
    if (category === 'hashTables') {
      const js = s.frames.find((f) => f.sym.startsWith('JS:'));
      const key = js ? short(js.sym) : '(no JS frame)';
      callers.set(key, (callers.get(key) ?? 0) + 1);
    }
  }
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, count]) => [pct(count, total), name]);
  return {
    samples: { all: samples.length, mainThread: total },
    percentOfMainThread: Object.fromEntries(Object.entries(categories).map(([name, n]) => [name, total ? pct(n, total) : 0])),
    topLeaves: top(leaves, 25),
    hashTableCallers: top(callers, 15),
    bySourceDirectory: top(directories, 20),
    bySourceFile: top(files, 25),
  };
}

/** A usage or perf error: one line and exit 2, after the temporary files are gone. */
class Refused extends Error {}

function fail(message) {
  throw new Refused(message);
}

/** The JIT-code maps --perf-basic-prof writes, /tmp/perf-PID.map, by name. */
const perfMaps = () => new Set(readdirSync('/tmp').filter((f) => /^perf-\d+\.map$/.test(f)));

/** Whether process `pid` still runs (a map of a live process is another tool's, left alone). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function record(nodeArgs) {
  const mapsBefore = perfMaps();
  const dir = mkdtempSync(join(tmpdir(), 'jobsim-perf-'));
  const data = join(dir, 'perf.data');
  try {
    const run = spawnSync(
      'perf',
      // --perf-basic-prof also opens V8's log (isolate-*-v8.log in the working folder): into `dir`.
      ['record', '-g', '-e', 'cpu-clock', '-F', '1999', '-o', data, '--', process.execPath, '--max-semi-space-size=64', '--perf-basic-prof', '--interpreted-frames-native-stack', `--logfile=${join(dir, 'v8.log')}`, '--no-logfile-per-isolate', ...nodeArgs],
      { stdio: ['ignore', 2, 'pipe'], encoding: 'utf8' },
    );
    if (run.error?.code === 'ENOENT') fail('perf is not installed (Debian: apt-get install linux-perf)');
    process.stderr.write(run.stderr ?? '');
    if (run.status !== 0) fail(`perf record ended with ${run.status ?? run.signal}: ${(run.stderr ?? '').trim().split('\n').pop()}`);
    const script = spawnSync('perf', ['script', '-i', data, '-F', 'comm,pid,tid,ip,sym,dso'], { encoding: 'utf8', maxBuffer: 2 ** 31 - 1, stdio: ['ignore', 'pipe', 'pipe'] });
    if (script.status !== 0) fail(`perf script ended with ${script.status ?? script.signal}: ${(script.stderr ?? '').trim().split('\n').pop()}`);
    return readPerfScript(script.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    // --perf-basic-prof leaves its map of JIT code in /tmp, one per process, whether the run succeeded or not.
    for (const name of perfMaps()) {
      if (!mapsBefore.has(name) && !alive(Number(/\d+/.exec(name)[0]))) rmSync(join('/tmp', name), { force: true });
    }
  }
}

function main(args) {
  if (args[0] === '--script') {
    if (!args[1] || args.length > 2) fail(USAGE);
    let text;
    try {
      text = readFileSync(args[1], 'utf8');
    } catch (err) {
      fail(`cannot read ${args[1]}: ${err.code ?? err.message}`);
    }
    const samples = readPerfScript(text);
    if (samples.length === 0) fail(`${args[1]}: no samples (is it \`perf script -F comm,pid,tid,ip,sym,dso\` output?)`);
    return summarize(samples);
  }
  if (args[0] === '--' && args.length > 1) return summarize(record(args.slice(1)));
  fail(USAGE);
}

try {
  console.log(JSON.stringify(main(process.argv.slice(2))));
} catch (err) {
  if (!(err instanceof Refused)) throw err;
  console.error(`nativeProfile: ${err.message}`);
  process.exitCode = 2;
}
