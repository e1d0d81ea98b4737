// `jobsim simulate --compare EARLIER/report.json`: the run's headline figures beside an earlier
// run's, for what-if questions ("the night with node-3 lost against the night without"). The
// earlier report is read before the run, so a wrong path fails in a second, not after a month.
import type { SimulationReport } from '../runtime/simulate.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputFileError, readInputFile } from '../common/inputFile.js';
import { UsageError } from './flags.js';

/** A figure both reports carry: where it is in report.json, what the page calls it, its unit. */
export interface FigureSpec {
  path: string;
  label: string;
  unit: 'count' | 'seconds';
}

/** The figures compared, in the page's order: what a capacity question reads first. */
export const COMPARED_FIGURES: readonly FigureSpec[] = [
  { path: 'jobs.total', label: 'jobs', unit: 'count' },
  { path: 'jobs.byStatus.Succeeded', label: 'jobs Succeeded', unit: 'count' },
  { path: 'jobs.byStatus.Failed', label: 'jobs Failed', unit: 'count' },
  { path: 'jobs.byStatus.Stopped', label: 'jobs Stopped', unit: 'count' },
  { path: 'batches.api.completed', label: 'API batches completed', unit: 'count' },
  { path: 'batches.api.durationSeconds.p50', label: 'API batch duration p50', unit: 'seconds' },
  { path: 'batches.api.durationSeconds.p95', label: 'API batch duration p95', unit: 'seconds' },
  { path: 'batches.api.durationSeconds.max', label: 'API batch duration max', unit: 'seconds' },
  { path: 'batches.cron.durationSeconds.p50', label: 'cron job duration p50', unit: 'seconds' },
  { path: 'batches.cron.durationSeconds.p95', label: 'cron job duration p95', unit: 'seconds' },
  { path: 'batches.cron.durationSeconds.max', label: 'cron job duration max', unit: 'seconds' },
  { path: 'queueingDelaySeconds.p50', label: 'queueing delay p50', unit: 'seconds' },
  { path: 'queueingDelaySeconds.p95', label: 'queueing delay p95', unit: 'seconds' },
  { path: 'queueingDelaySeconds.max', label: 'queueing delay max', unit: 'seconds' },
  { path: 'attempts.total', label: 'attempts', unit: 'count' },
  { path: 'attempts.retries', label: 'retries', unit: 'count' },
];

/** Each component's figures compared too (`byComponent.NAME.` and these). */
export const COMPARED_COMPONENT_FIGURES: readonly FigureSpec[] = [
  { path: 'batchDurationSeconds.p95', label: 'batch duration p95', unit: 'seconds' },
  { path: 'queueingDelaySeconds.p95', label: 'queueing delay p95', unit: 'seconds' },
];

/**
 * Components compared at most: an earlier report is any JSON of up to 16 MB, and a million names in
 * it would make a page of millions of rows.
 */
export const MAX_COMPARED_COMPONENTS = 250;

/**
 * The components to compare, in name order: the first report's (this run's), and those only the
 * others have (a component renamed or dropped), up to MAX_COMPARED_COMPONENTS in all.
 */
function componentNames(first: unknown, others: unknown[]): string[] {
  const namesOf = (r: unknown): string[] => {
    const by = (r as { byComponent?: unknown } | null)?.byComponent;
    return by !== null && typeof by === 'object' && !Array.isArray(by) ? Object.keys(by) : [];
  };
  const names = new Set(namesOf(first).slice(0, MAX_COMPARED_COMPONENTS));
  for (const r of others) {
    for (const name of namesOf(r)) {
      if (names.size >= MAX_COMPARED_COMPONENTS) break;
      names.add(name);
    }
  }
  return [...names].sort();
}

/** The figures set side by side for these reports: the headline ones, then each component's. */
export function figuresFor(first: unknown, ...others: unknown[]): FigureSpec[] {
  return [
    ...COMPARED_FIGURES,
    ...componentNames(first, others).flatMap((name) => COMPARED_COMPONENT_FIGURES.map((f) => ({ path: `byComponent.${name}.${f.path}`, label: `${name}: ${f.label}`, unit: f.unit }))),
  ];
}

export interface ComparedFigure {
  figure: string;
  label: string;
  unit: 'count' | 'seconds';
  /** The earlier run's value; null where it has none (no batch completed, or an older report). */
  before: number | null;
  after: number | null;
  /** after - before (to the thousandth, as the report's figures), or null if either is. */
  change: number | null;
}

export interface Comparison {
  /** The earlier run, as its report describes it (its file's path is left out: the report's bytes depend only on its inputs' contents). */
  with: {
    name: string | null;
    seed: string | number | null;
    horizonSeconds: number | null;
    nodes: number | null;
    faults: number | null;
    /** Its latency model (report.json's `scenario.latency`): the same scenario under another model moves every duration. */
    latency: Record<string, unknown> | null;
  };
  figures: ComparedFigure[];
}

/** The value at a dotted path, if it is a finite number. */
function at(report: unknown, path: string): number | null {
  let v: unknown = report;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[key];
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * A status absent from `jobs.byStatus` is 0 jobs, not unknown: a report lists only the statuses
 * some job had.
 */
export function figureOf(report: unknown, f: FigureSpec): number | null {
  const v = at(report, f.path);
  if (v === null && f.path.startsWith('jobs.byStatus.') && at(report, 'jobs.total') !== null) return 0;
  return v;
}

/** Reads an earlier `report.json`; anything else is a usage error naming the file. */
export function loadEarlierReport(file: string): unknown {
  let text: string;
  try {
    // A regular file of bounded size: /dev/zero must not be read until memory runs out.
    text = readInputFile(file);
  } catch (err) {
    if (err instanceof InputFileError) {
      // The folder of an earlier run (its --out): the report in it is the file to name.
      const inside = join(file, 'report.json');
      const hint = existsSync(inside) ? `; the report in it is ${inside}` : '';
      throw new UsageError(`--compare ${err.message}${hint}`);
    }
    throw err;
  }
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--compare ${file}: not JSON (${(err as Error).message})`);
  }
  const r = report as Record<string, unknown> | null;
  if (r === null || typeof r !== 'object' || typeof r.scenario !== 'object' || r.scenario === null || at(r, 'jobs.total') === null) {
    throw new UsageError(`--compare ${file}: not a report.json of jobsim simulate (it needs "scenario" and "jobs.total")`);
  }
  return report;
}

export function compareReports(earlier: unknown, now: SimulationReport): Comparison {
  const s = (earlier as { scenario: Record<string, unknown> }).scenario;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    with: {
      name: text(s.name),
      seed: typeof s.seed === 'string' || typeof s.seed === 'number' ? s.seed : null,
      horizonSeconds: at(s, 'horizonSeconds'),
      nodes: at(s, 'nodes'),
      faults: Array.isArray(s.faults) ? s.faults.length : null,
      latency: s.latency !== null && typeof s.latency === 'object' && !Array.isArray(s.latency) ? (s.latency as Record<string, unknown>) : null,
    },
    figures: figuresFor(now, earlier).map((f) => {
      const before = figureOf(earlier, f);
      const after = figureOf(now, f);
      return { figure: f.path, label: f.label, unit: f.unit, before, after, change: before === null || after === null ? null : Math.round((after - before) * 1000) / 1000 };
    }),
  };
}
