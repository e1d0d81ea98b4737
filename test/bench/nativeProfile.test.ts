// bench/nativeProfile.mjs sorts a run's main-thread perf samples by kind of work (hash tables, GC,
// inline-cache misses, JS...); bench/history.md quotes it for the month. Its reading is checked on a
// made-up `perf script` text; the recording itself runs where perf can sample (else it is skipped).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jobsim-native-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Summary {
  samples: { all: number; mainThread: number };
  percentOfMainThread: Record<string, number>;
  topLeaves: [number, string][];
  hashTableCallers: [number, string][];
  bySourceDirectory: [number, string][];
  bySourceFile: [number, string][];
}

function run(...args: string[]) {
  return spawnSync(process.execPath, ['bench/nativeProfile.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });
}

const sample = (pid: number, tid: number, ...frames: [string, string][]) =>
  [`node ${pid}/${tid} `, ...frames.map(([sym, dso], i) => `\t    ${(0x1000 + i).toString(16)} ${sym} (${dso})`)].join('\n');
const NODE = '/usr/bin/node';
const MAP = '/tmp/perf-100.map';

// Ten samples of the main thread (pid 100, tid 100) and three of a GC helper thread (tid 101).
const TEXT = [
  sample(100, 100, ['Builtins_FindOrderedHashMapEntry+0x413', NODE], ['JS:*get file:///home/dev/jobsim/dist/src/sim/store.js:70:6', MAP], ['JS:*sync file:///home/dev/jobsim/dist/src/sim/jobController.js:195:7', MAP]),
  sample(100, 100, ['Builtins_FindOrderedHashMapEntry+0x3e5', NODE], ['JS:*get file:///home/dev/jobsim/dist/src/sim/store.js:70:6', MAP]),
  sample(100, 100, ['Builtins_MapPrototypeSet+0x602', NODE], ['JS:*enqueueAt file:///home/dev/jobsim/dist/src/sim/jobController.js:139:12', MAP]),
  sample(100, 100, ['v8::internal::Scavenger::ScavengeObject<v8::internal::FullHeapObjectSlot>', NODE]),
  sample(100, 100, ['Builtins_RecordWriteSaveFP+0x7f', NODE], ['JS:*put file:///home/dev/jobsim/dist/src/sim/store.js:332:6', MAP]),
  sample(100, 100, ['Builtins_LoadIC_Megamorphic+0x43', NODE], ['JS:*reconcile file:///home/dev/jobsim/dist/src/engine/reconciler.js:227:18', MAP]),
  sample(100, 100, ['JS:*reconcile file:///home/dev/jobsim/dist/src/engine/reconciler.js:227:18', MAP]),
  sample(100, 100, ['JS:~round3 file:///home/dev/jobsim/dist/src/runtime/nodeUtilisation.js:44:16', MAP]),
  sample(100, 100, ['clear_page_erms', '[kernel.kallsyms]'], ['asm_exc_page_fault', '[kernel.kallsyms]']),
  sample(100, 100, ['v8::internal::JsonStringifier::SerializeString', NODE]),
  sample(100, 101, ['v8::internal::ConcurrentMarking::RunMajor', NODE]),
  sample(100, 101, ['v8::internal::ConcurrentMarking::RunMajor', NODE]),
  sample(100, 101, ['v8::internal::compiler::GraphReducer::ReduceTop', NODE]),
].join('\n\n');

describe('bench/nativeProfile.mjs', () => {
  it('sorts the main thread samples by leaf frame, and names the JS each hash-table sample came from', () => {
    const file = join(dir, 'perf-script.txt');
    writeFileSync(file, `${TEXT}\n`);
    const out = run('--script', file);
    expect(out.status, out.stderr).toBe(0);
    const summary = JSON.parse(out.stdout) as Summary;
    expect(summary.samples).toEqual({ all: 13, mainThread: 10 });
    // The helper thread's marking and compiling are not the main thread's time.
    expect(summary.percentOfMainThread).toEqual({
      hashTables: 30,
      gc: 20,
      inlineCacheMisses: 10,
      compiler: 0,
      jsOptimized: 10,
      jsUnoptimized: 10,
      builtins: 0,
      kernel: 10,
      libc: 0,
      unknown: 0,
      runtime: 10,
      other: 0,
    });
    expect(summary.topLeaves[0]).toEqual([20, 'Builtins_FindOrderedHashMapEntry']);
    expect(summary.hashTableCallers).toEqual([
      [20, 'JS:*get src/sim/store.js:70:6'],
      [10, 'JS:*enqueueAt src/sim/jobController.js:139:12'],
    ]);
  });

  it("charges each main-thread sample to the innermost frame of jobsim's own sources, with what it called", () => {
    const file = join(dir, 'perf-script-sources.txt');
    const extra = [
      // Node's own JS (a stream write) and a dependency's, with no jobsim frame under them.
      sample(100, 100, ['Builtins_LoadIC+0x10', NODE], ['JS:~writeOrBuffer node:internal/streams/writable:380:23', MAP]),
      sample(100, 100, ['JS:*parse file:///home/dev/jobsim/node_modules/yaml/dist/parse/parser.js:12:3', MAP]),
    ];
    writeFileSync(file, `${[TEXT, ...extra].join('\n\n')}\n`);
    const out = run('--script', file);
    expect(out.status, out.stderr).toBe(0);
    const summary = JSON.parse(out.stdout) as Summary;
    expect(summary.samples.mainThread).toBe(12);
    // The store's lookup called from the Job controller's sync is the store's (its innermost jobsim frame).
    expect(summary.bySourceDirectory).toEqual([
      [33.3, 'src/sim'],
      [25, '(no JS frame: V8, GC, kernel)'],
      [16.7, 'src/engine'],
      [8.3, 'src/runtime'],
      [8.3, '(Node.js internals)'],
      [8.3, '(dependencies)'],
    ]);
    expect(summary.bySourceFile.slice(0, 4)).toEqual([
      [25, 'src/sim/store'],
      [25, '(no JS frame: V8, GC, kernel)'],
      [16.7, 'src/engine/reconciler'],
      [8.3, 'src/sim/jobController'],
    ]);
  });

  it('refuses no arguments, a missing file and a text without samples, with one line and exit 2', () => {
    const none = run();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^nativeProfile: usage: node bench\/nativeProfile\.mjs/);
    const missing = run('--script', join(dir, 'no-such-file.txt'));
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe(`nativeProfile: cannot read ${join(dir, 'no-such-file.txt')}: ENOENT`);
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, 'not perf output\n');
    const nothing = run('--script', empty);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toMatch(/no samples/);
  });

  // perf may be missing, or the kernel may not let it sample (perf_event_paranoid, a container).
  const probe = spawnSync('perf', ['record', '-e', 'cpu-clock', '-o', join(dir, 'probe.data'), '--', 'true'], { encoding: 'utf8' });
  it.skipIf(probe.status !== 0)('records a run of the compiled CLI, refuses a failed one, and leaves no perf map behind', () => {
    const maps = () => readdirSync('/tmp').filter((f) => /^perf-\d+\.map$/.test(f)).length;
    const before = maps();
    const out = run('--', 'dist/src/cli/main.js', 'simulate', 'examples/scenarios/month.yaml', '--horizon', '20m', '--no-png', '--out', join(dir, 'report'));
    expect(out.status, out.stderr).toBe(0);
    const summary = JSON.parse(out.stdout) as Summary;
    expect(summary.samples.mainThread).toBeGreaterThan(100);
    const total = Object.values(summary.percentOfMainThread).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(99);
    expect(total).toBeLessThan(101);
    expect(summary.percentOfMainThread.jsOptimized! + summary.percentOfMainThread.jsUnoptimized!).toBeGreaterThan(0);
    // The simulator's and the engine's modules both ran, and perf's JIT map named them.
    expect(summary.bySourceDirectory.map(([, d]) => d)).toEqual(expect.arrayContaining(['src/sim', 'src/engine']));
    // The simulation's own report was written; its summary went to stderr, not into the JSON.
    expect(out.stderr).toMatch(/"jobs":\d+/);
    expect(maps()).toBe(before);
    // A run that fails is refused the same way, and its map is removed too.
    const failed = run('--', '-e', 'process.exit(3)');
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(/^nativeProfile: perf record ended with 3: /m);
    expect(failed.stdout).toBe('');
    expect(maps()).toBe(before);
  }, 120_000);
});
