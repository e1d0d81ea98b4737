// `jobsim simulate SCENARIO --seeds 1-8`: the scenario once per seed, as many runs at a time as the
// machine has cores, and each headline figure's spread over the seeds. A seed draws every job's
// duration and failures, so one run's figure is one draw: the spread says how far to trust it, and
// whether a what-if's change is bigger than chance.
//
// Each seed is a `jobsim simulate --seed S` of its own (a child process running this same CLI), so
// its report is byte for byte the one a single run with that seed writes.
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { figureOf, figuresFor, loadEarlierReport } from './reportComparison.js';
import { progress } from './progress.js';
import { changeText, esc, figureText } from './simulationReport.js';
import { seedOf, UsageError } from './flags.js';
import { loadSimulation } from '../runtime/simulate.js';
import { horizonOverride, makeOutFolder } from './simulate.js';

/** Seeds one command runs at most. */
export const MAX_SEEDS = 100;

/** A seed of a list: letters, digits, `_` and `-` (it names the run's folder, `seed-S`). */
const SEED_ITEM = /^[A-Za-z0-9_-]{1,64}$/;

/** `--seeds 1-8`, `--seeds 1,5,9` or `--seeds night-1,night-2`: the seeds in the order given. */
export function parseSeedList(text: string): string[] {
  const seeds: string[] = [];
  for (const item of text.split(',')) {
    const range = /^(\d{1,9})-(\d{1,9})$/.exec(item);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (from > to) throw new UsageError(`--seeds ${text}: the range ${item} runs backwards`);
      if (to - from + 1 > MAX_SEEDS) throw new UsageError(`--seeds ${text}: more than ${MAX_SEEDS} seeds`);
      for (let s = from; s <= to; s++) seeds.push(String(s));
    } else if (SEED_ITEM.test(item)) {
      // As --seed reads it: 01 is the seed 1 (its run, its folder seed-1).
      seeds.push(String(seedOf(item)));
    } else {
      throw new UsageError(`--seeds ${text}: "${item}" is neither a seed (letters, digits, _ and -, at most 64) nor a range such as 1-8`);
    }
    if (seeds.length > MAX_SEEDS) throw new UsageError(`--seeds ${text}: more than ${MAX_SEEDS} seeds`);
  }
  const twice = seeds.find((s, i) => seeds.indexOf(s) !== i);
  if (twice !== undefined) throw new UsageError(`--seeds ${text}: seed ${twice} is listed twice (a seed gives the same report every time)`);
  return seeds;
}

export interface SeedsOptions {
  out: string;
  seeds: string[];
  /** Passed to each run as given on the command line. */
  horizon?: string;
  latency?: string;
  png: boolean;
  withoutFaults?: boolean;
  /**
   * An earlier run to set each seed's figures beside: a `report.json` (every seed against it) or
   * the folder of an earlier `--seeds` run (each seed against the same seed's report there).
   */
  compare?: string;
}

/** One figure over the seeds: each seed's value (null where its report has none) and their spread. */
export interface SeedFigure {
  figure: string;
  label: string;
  unit: 'count' | 'seconds';
  values: (number | null)[];
  min: number | null;
  /** The nearest-rank median (a value some seed had), as the report's own percentiles. */
  median: number | null;
  max: number | null;
  /** With --compare: each seed's change against its earlier report (after - before), and their spread. */
  change?: Spread;
}

export interface Spread {
  values: (number | null)[];
  min: number | null;
  median: number | null;
  max: number | null;
}

export interface SeedsSummary {
  scenario: string | null;
  seeds: string[];
  /** Each seed's folder under --out, in the order of `seeds`. */
  reports: string[];
  /** With --compare: what each seed was set beside (a report, or a folder of seed-S reports). */
  comparedWith?: string;
  figures: SeedFigure[];
}

/** The values' min, nearest-rank median (a value some seed had, as the report's own percentiles) and max. */
function spread(values: (number | null)[]): Spread {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return {
    values,
    min: known.length ? known[0]! : null,
    median: known.length ? known[Math.ceil(known.length / 2) - 1]! : null,
    max: known.length ? known[known.length - 1]! : null,
  };
}

/**
 * The figures of each seed's report, side by side; with `earlier` (each seed's earlier report, in
 * the same order), each one's change too.
 */
export function summarizeSeeds(name: string | null, seeds: string[], reports: unknown[], earlier?: { label: string; reports: unknown[] }): SeedsSummary {
  const figures = figuresFor(reports[0], ...reports.slice(1), ...(earlier?.reports ?? [])).map((f) => {
    const values = reports.map((r) => figureOf(r, f));
    const figure: SeedFigure = { figure: f.path, label: f.label, unit: f.unit, ...spread(values) };
    if (earlier) {
      const changes = values.map((after, i) => {
        const before = figureOf(earlier.reports[i], f);
        return after === null || before === null ? null : Math.round((after - before) * 1000) / 1000;
      });
      figure.change = spread(changes);
    }
    return figure;
  });
  return { scenario: name, seeds, reports: seeds.map(seedFolder), ...(earlier ? { comparedWith: earlier.label } : {}), figures };
}

const seedFolder = (seed: string) => `seed-${seed}`;

/** Seeds shown one by one in the page's table (all are in seeds.json). */
const SEED_COLUMNS = 10;

export function seedsHtml(s: SeedsSummary): string {
  const value = figureText;
  const compared = s.comparedWith !== undefined;
  const shown = s.seeds.slice(0, SEED_COLUMNS);
  const head = shown.map((seed, i) => `<th><a href="${esc(s.reports[i])}/report.html">seed ${esc(seed)}</a></th>`).join('');
  const rows = s.figures
    .filter((f) => f.values.some((v) => v !== null))
    .map((f) => {
      const spread = f.min === null || f.max === null ? '–' : value(Math.round((f.max - f.min) * 1000) / 1000, f.unit);
      const each = f.values.slice(0, SEED_COLUMNS).map((v) => `<td>${value(v, f.unit)}</td>`).join('');
      const change = f.change ? [f.change.min, f.change.median, f.change.max].map((v) => `<td>${changeText(v, f.unit)}</td>`).join('') : '';
      return `<tr><td>${esc(f.label)}</td><td>${value(f.min, f.unit)}</td><td>${value(f.median, f.unit)}</td><td>${value(f.max, f.unit)}</td><td>${spread}</td>${change}${each}</tr>`;
    })
    .join('');
  const more = s.seeds.length - shown.length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(s.scenario ?? 'simulation')}: ${s.seeds.length} seeds – jobsim simulate</title>
<style>
body{font-family:system-ui,"DejaVu Sans",Arial,sans-serif;margin:24px auto;max-width:1400px;color:#111;padding:0 12px}.wide{overflow-x:auto}
table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ddd;padding:4px 6px;text-align:right}td{white-space:nowrap}td:first-child,th:first-child{text-align:left}
th{background:#f4f4f4}.note{color:#555;font-size:13px}
</style></head><body>
<h1>${esc(s.scenario ?? 'Simulation')}: ${s.seeds.length} seeds</h1>
<p>The same scenario run once per seed: a seed draws every job's duration and failures. The spread of a figure over the seeds is how much of it is chance; a what-if's change smaller than that spread says little.</p>
${compared ? `<p>Each seed set beside ${esc(s.comparedWith)}: the change columns are the spread of the seeds' changes (this run's figure minus the earlier one, seed by seed).</p>` : ''}
<div class="wide"><table><tr><th></th><th>min</th><th>median</th><th>max</th><th>spread</th>${compared ? '<th>change min</th><th>change median</th><th>change max</th>' : ''}${head}</tr>${rows}</table></div>
<p class="note">Median: the nearest-rank median, a value some seed had. Each seed's own report is in its folder (<code>seed-S/report.html</code>)${more > 0 ? `; ${more} more seeds are in seeds.json` : ''}.</p>
</body></html>
`;
}

/** The CLI this module belongs to, and the Node flags to run it with (tsx when run from the sources). */
function cliCommand(): { node: string[]; entry: string } {
  const self = fileURLToPath(import.meta.url);
  const fromSources = self.endsWith('.ts');
  return { node: [...(fromSources ? ['--import', 'tsx'] : []), '--max-semi-space-size=64'], entry: join(dirname(self), fromSources ? 'main.ts' : 'main.js') };
}

interface SeedRun {
  seed: string;
  code: number | null;
  stderr: string;
}

function runOne(file: string, seed: string, o: SeedsOptions, compare: string | undefined): Promise<SeedRun> {
  const { node, entry } = cliCommand();
  const args = [...node, entry, 'simulate', file, '--seed', seed, '--out', join(o.out, seedFolder(seed))];
  if (o.horizon !== undefined) args.push('--horizon', o.horizon);
  if (o.latency !== undefined) args.push('--latency', o.latency);
  if (!o.png) args.push('--no-png');
  if (o.withoutFaults) args.push('--no-faults');
  if (compare !== undefined) args.push('--compare', compare);
  return new Promise((resolve) => {
    // Its stdout (the run's line of wall and CPU time) is not needed: seeds.json reads the reports.
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(child);
    child.once('exit', () => running.delete(child));
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => resolve({ seed, code: -1, stderr: stderr + err.message }));
    child.on('close', (code) => resolve({ seed, code, stderr }));
  });
}

/** The runs under way: stopped with this command (a CI job's timeout sends it SIGTERM). */
const running = new Set<ChildProcess>();

function stopRuns(signal: NodeJS.Signals): void {
  for (const child of running) child.kill('SIGTERM');
  // As a process killed by the signal would end (128 + its number).
  process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
}

/** Runs every seed, as many at a time as the machine has cores, taken in the order given. */
async function runAll(file: string, o: SeedsOptions, compare: (string | undefined)[], onDone: (done: number) => void): Promise<SeedRun[]> {
  const parallel = Math.max(1, Math.min(o.seeds.length, availableParallelism()));
  const done: SeedRun[] = new Array(o.seeds.length);
  let next = 0;
  let finished = 0;
  const lane = async () => {
    while (next < o.seeds.length) {
      const i = next++;
      done[i] = await runOne(file, o.seeds[i]!, o, compare[i]);
      onDone(++finished);
    }
  };
  process.once('SIGTERM', stopRuns).once('SIGINT', stopRuns);
  try {
    await Promise.all(Array.from({ length: parallel }, lane));
  } finally {
    process.off('SIGTERM', stopRuns).off('SIGINT', stopRuns);
  }
  return done;
}

/**
 * Each seed's earlier report for --compare: the one report given, or the same seed's in the folder
 * of an earlier --seeds run. Read (and refused) before any run, as a single run's --compare is.
 */
function earlierReports(compare: string, seeds: string[]): { paths: string[]; reports: unknown[] } {
  let folder = false;
  try {
    folder = statSync(compare).isDirectory();
  } catch {
    // Not there: loadEarlierReport says so, naming it.
  }
  if (!folder) {
    const report = loadEarlierReport(compare);
    return { paths: seeds.map(() => compare), reports: seeds.map(() => report) };
  }
  if (!existsSync(join(compare, 'seeds.json'))) {
    // A single run's folder: its report can stand beside every seed, named as a file.
    const single = join(compare, 'report.json');
    const hint = existsSync(single) ? `; to set every seed beside its one report, give ${single}` : '';
    throw new UsageError(`--compare ${compare}: a folder, but not one of an earlier --seeds run (it has no seeds.json)${hint}`);
  }
  const paths = seeds.map((seed) => join(compare, seedFolder(seed), 'report.json'));
  const missing = seeds.find((_, i) => !existsSync(paths[i]!));
  if (missing !== undefined) throw new UsageError(`--compare ${compare}: the earlier run has no seed ${missing} (${join(compare, seedFolder(missing))} is missing): compare the seeds it ran`);
  return { paths, reports: paths.map((p) => loadEarlierReport(p)) };
}

export async function runSeeds(file: string, o: SeedsOptions, print: (line: string) => void, warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<void> {
  // The scenario's mistakes once, before any run starts.
  const loaded = loadSimulation(file);
  horizonOverride(loaded, o.horizon);
  const earlier = o.compare !== undefined ? earlierReports(o.compare, o.seeds) : undefined;
  makeOutFolder(o.out);
  const t0 = performance.now();
  // On a terminal: how many seeds are done (a month a seed takes a while).
  const shown = progress(`jobsim simulate: ${file}: ${o.seeds.length} seeds`);
  const runs = await runAll(file, o, earlier?.paths ?? [], (done) => shown.update(`jobsim simulate: ${file}: ${done} of ${o.seeds.length} seeds done`));
  shown.done();
  // What a run says of the scenario (a fault past the horizon) is the same for every seed: once.
  for (const line of runs[0]!.stderr.split('\n').filter(Boolean)) warn(line);
  const failed = runs.find((r) => r.code !== 0);
  if (failed) {
    const said = failed.stderr.trim().split('\n').pop() ?? '';
    throw new Error(`the run with seed ${failed.seed} failed (exit ${failed.code}): ${said}`);
  }
  const reports = runs.map((r) => JSON.parse(readFileSync(join(o.out, seedFolder(r.seed), 'report.json'), 'utf8')) as unknown);
  const summary = summarizeSeeds(loaded.spec.name ?? null, o.seeds, reports, earlier && { label: o.compare!, reports: earlier.reports });
  const json = join(o.out, 'seeds.json');
  const html = join(o.out, 'seeds.html');
  writeFileSync(json, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(html, seedsHtml(summary));
  print(JSON.stringify({ scenario: file, seeds: o.seeds.length, wallMs: Math.round(performance.now() - t0), files: [json, html, ...summary.reports.map((d) => join(o.out, d, 'report.json'))] }));
}
