// The parts of a scenario file that `jobsim simulate` reads on top of the cluster (seed, simulator,
// nodes, faults: scenario.ts): the application (a radixconfig.yaml, whose cron sections tick),
// what the jobs do (durations, failure rates), API traffic on schedules, and how long to run.
// `jobsim serve --scenario` accepts these keys and names them in a warning: it does not use them.
import { dirname, isAbsolute, resolve } from 'node:path';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { CronSpecError, parseGoDuration, parseSchedule } from '../common/cronSchedule.js';
import { ScenarioError } from './scenario.js';
import { END_OF_TIME_MS, MAX_HORIZON_DAYS, MAX_REPORT_SAMPLES, MAX_SCENARIO_BATCH, MAX_SECONDS } from './limits.js';

/** The compatibility profiles a simulation may name (the engine's profiles; src/sim does not import the engine). */
const COMPAT_NAMES = ['documented', 'radix'] as const;

/** Top-level keys of a scenario file that belong to a simulation. */
export const SIMULATION_KEYS = ['name', 'config', 'environment', 'compat', 'start', 'horizon', 'historyLimit', 'maxBatchSize', 'workload', 'traffic', 'report'] as const;
export type SimulationKey = (typeof SIMULATION_KEYS)[number];

/** What one job does: how long an attempt runs and how often an attempt fails. */
export interface WorkloadSpec {
  /** Seconds per attempt: a number, or a range drawn uniformly per job (whole seconds). */
  seconds?: number | { min: number; max: number };
  /** Probability that an attempt fails (drawn per attempt). */
  failureRate?: number;
  /** Exit code of a failed attempt (default 1). */
  exitCode?: number;
}

export interface TrafficSpec {
  /** Job component the requests go to (default: the first that serves an API, i.e. has a schedulerPort). */
  component?: string;
  /** When: a cron schedule (robfig syntax, like radixconfig's) in `timeZone`, or `at` seconds after the start (one request each). */
  schedule?: string;
  timeZone?: string;
  at?: number[];
  /** Jobs per request: a batch of this many (POST /batches), or one single job (`jobs: 1` with `single: true`). */
  jobs: number;
  single?: boolean;
  batchId?: string;
  /** The batch's defaultRadixJobComponentConfig (e.g. backoffLimit), checked by the Job Manager as a request's. */
  defaults?: Record<string, unknown>;
  /** What these jobs do (default: the component's workload). */
  workload?: WorkloadSpec;
}

export interface SimulationSpec {
  name?: string;
  /** radixconfig.yaml, resolved against the scenario file's folder. */
  config?: string;
  environment?: string;
  compat: 'documented' | 'radix';
  /** Virtual start (ms since the epoch). */
  start?: number;
  /** Virtual time to run, ms. */
  horizonMs: number;
  historyLimit?: number;
  maxBatchSize?: number;
  /** Per job component, and `default` for the others. */
  workload: Record<string, WorkloadSpec>;
  traffic: TrafficSpec[];
  report: { sampleSeconds: number };
}

function fail(where: string, message: string): never {
  throw new ScenarioError(`${where}: ${message}`);
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keysOf(where: string, v: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(v)) if (!allowed.includes(key)) fail(where, `unknown key ${key} (${allowed.join(', ')})`);
}

function number(where: string, v: unknown, opts: { min?: number; max?: number; integer?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(where, 'must be a number');
  if (opts.integer && !Number.isInteger(v)) fail(where, 'must be an integer');
  if (opts.min !== undefined && v < opts.min) fail(where, `must be at least ${opts.min}`);
  if (opts.max !== undefined && v > opts.max) fail(where, `must be at most ${opts.max}`);
  return v;
}

function text(where: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') fail(where, 'must be a non-empty string');
  return v;
}

/** A virtual day in milliseconds. */
export const DAY_MS = 86_400_000;

/** `30d`, `12h`, `90m`, `45s`, Go durations (`1h30m`), or a number of seconds. */
export function parseSpan(where: string, v: unknown): number {
  if (typeof v === 'number') return number(where, v, { min: 0 }) * 1000;
  if (typeof v !== 'string') fail(where, 'must be a duration such as 30d, 12h or 90m, or seconds');
  const days = /^(\d+(?:\.\d+)?)d$/.exec(v);
  if (days) return Number(days[1]) * DAY_MS;
  try {
    const ns = parseGoDuration(v);
    if (ns < 0) fail(where, 'must not be negative');
    return ns / 1e6;
  } catch (err) {
    if (err instanceof CronSpecError) fail(where, `"${v}" is not a duration (30d, 12h, 90m, 1h30m, or seconds)`);
    throw err;
  }
}

/** RFC 3339 with an explicit offset, day and time ranges checked (ajv-formats' `date-time`). */
const isDateTime = (fullFormats['date-time'] as { validate: (text: string) => boolean }).validate;

/**
 * `start`: an RFC 3339 date and time (or a Date, should the YAML parser make one), in ms since the
 * epoch. `Date.parse` alone also reads a time without an offset (in the machine's time zone) and
 * free text, and rolls February 30 over into March.
 */
function instant(where: string, v: unknown): number {
  const ms = v instanceof Date ? v.getTime() : typeof v === 'string' && isDateTime(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) fail(where, 'must be a date and time such as 2026-01-01T00:00:00Z (RFC 3339 with Z or an offset)');
  // An offset can move the time out of the years RFC 3339 (and so the clock's timestamps) can write.
  if (!/^\d{4}-/.test(new Date(ms).toISOString())) fail(where, `must be from 0000-01-01T00:00:00Z to ${new Date(END_OF_TIME_MS).toISOString()}`);
  return ms;
}

function workload(where: string, v: unknown): WorkloadSpec {
  if (!isMapping(v)) fail(where, 'must be a mapping (seconds, failureRate, exitCode)');
  keysOf(where, v, ['seconds', 'failureRate', 'exitCode']);
  const out: WorkloadSpec = {};
  if (v.seconds !== undefined) {
    if (isMapping(v.seconds)) {
      keysOf(`${where}.seconds`, v.seconds, ['min', 'max']);
      const min = number(`${where}.seconds.min`, v.seconds.min, { min: 0 });
      const max = number(`${where}.seconds.max`, v.seconds.max, { min });
      out.seconds = { min, max };
    } else {
      out.seconds = number(`${where}.seconds`, v.seconds, { min: 0 });
    }
  }
  if (v.failureRate !== undefined) out.failureRate = number(`${where}.failureRate`, v.failureRate, { min: 0, max: 1 });
  if (v.exitCode !== undefined) out.exitCode = number(`${where}.exitCode`, v.exitCode, { min: 1, max: 255, integer: true });
  return out;
}

function traffic(where: string, v: unknown): TrafficSpec {
  if (!isMapping(v)) fail(where, 'must be a mapping');
  keysOf(where, v, ['component', 'schedule', 'timeZone', 'at', 'jobs', 'single', 'batchId', 'defaults', 'workload']);
  const out: TrafficSpec = { jobs: number(`${where}.jobs`, v.jobs, { min: 1, max: MAX_SCENARIO_BATCH, integer: true }) };
  if (v.component !== undefined) out.component = text(`${where}.component`, v.component);
  if (v.timeZone !== undefined) {
    // `at` times count from the start; only a cron schedule has a time zone.
    if (v.schedule === undefined) fail(`${where}.timeZone`, 'applies to a schedule only');
    out.timeZone = text(`${where}.timeZone`, v.timeZone);
  }
  if (v.schedule !== undefined) {
    out.schedule = text(`${where}.schedule`, v.schedule);
    try {
      parseSchedule(out.schedule, out.timeZone ?? 'UTC');
    } catch (err) {
      if (err instanceof CronSpecError || err instanceof Error) fail(`${where}.schedule`, `"${out.schedule}" is not a valid cron schedule: ${err.message}`);
      throw err;
    }
  }
  if (v.at !== undefined) {
    const at = Array.isArray(v.at) ? v.at : [v.at];
    if (at.length === 0) fail(`${where}.at`, 'must list at least one time (seconds after the start)');
    // As a fault's `at` (a huge number would be Infinity once in ms, and null in report.json).
    out.at = at.map((a, i) => {
      const seconds = parseSpan(`${where}.at[${i}]`, a) / 1000;
      if (!(seconds <= MAX_SECONDS)) fail(`${where}.at[${i}]`, `must be from 0 to ${MAX_SECONDS} seconds (10 years)`);
      return seconds;
    });
  }
  if (out.schedule === undefined && out.at === undefined) fail(where, 'needs schedule (cron) or at (seconds after the start)');
  if (v.single !== undefined) {
    if (typeof v.single !== 'boolean') fail(`${where}.single`, 'must be true or false');
    out.single = v.single;
    if (v.single && out.jobs !== 1) fail(`${where}.jobs`, 'a single job is one job (jobs: 1)');
  }
  if (v.batchId !== undefined) {
    // POST /jobs takes no batch id: it would be dropped without a word.
    if (out.single) fail(`${where}.batchId`, 'is for batches: a single job (single: true) has no batch id');
    out.batchId = text(`${where}.batchId`, v.batchId);
  }
  if (v.defaults !== undefined) {
    if (!isMapping(v.defaults)) fail(`${where}.defaults`, 'must be a mapping (a defaultRadixJobComponentConfig)');
    out.defaults = v.defaults;
  }
  if (v.workload !== undefined) out.workload = workload(`${where}.workload`, v.workload);
  return out;
}

/**
 * The simulation keys of a parsed scenario document (others are the cluster's, read by
 * scenario.ts). `file` is the scenario's path: `config` is resolved against its folder.
 */
export function parseSimulation(doc: Record<string, unknown>, file: string): SimulationSpec {
  const out: SimulationSpec = { compat: 'documented', horizonMs: DAY_MS, workload: {}, traffic: [], report: { sampleSeconds: 600 } };
  if (doc.name !== undefined) out.name = text('name', doc.name);
  if (doc.config !== undefined) {
    const config = text('config', doc.config);
    out.config = isAbsolute(config) ? config : resolve(dirname(file), config);
  }
  if (doc.environment !== undefined) {
    // An environment applies to a radixconfig; without one it would be silently ignored.
    if (doc.config === undefined) fail('environment', 'needs config (a radixconfig.yaml)');
    out.environment = text('environment', doc.environment);
  }
  if (doc.compat !== undefined) {
    if (!COMPAT_NAMES.includes(doc.compat as never)) fail('compat', `must be ${COMPAT_NAMES.join(' or ')}`);
    out.compat = doc.compat as (typeof COMPAT_NAMES)[number];
  }
  if (doc.start !== undefined) out.start = instant('start', doc.start);
  if (doc.horizon !== undefined) out.horizonMs = parseSpan('horizon', doc.horizon);
  if (doc.historyLimit !== undefined) out.historyLimit = number('historyLimit', doc.historyLimit, { min: 1, integer: true });
  if (doc.maxBatchSize !== undefined) out.maxBatchSize = number('maxBatchSize', doc.maxBatchSize, { min: 1, max: MAX_SCENARIO_BATCH, integer: true });
  if (doc.workload !== undefined) {
    if (!isMapping(doc.workload)) fail('workload', 'must be a mapping of job component (or default) to workload');
    for (const [component, w] of Object.entries(doc.workload)) out.workload[component] = workload(`workload.${component}`, w);
  }
  if (doc.traffic !== undefined) {
    if (!Array.isArray(doc.traffic)) fail('traffic', 'must be a list');
    out.traffic = doc.traffic.map((t, i) => traffic(`traffic[${i}]`, t));
  }
  if (doc.report !== undefined) {
    if (!isMapping(doc.report)) fail('report', 'must be a mapping (sampleSeconds)');
    keysOf('report', doc.report, ['sampleSeconds']);
    if (doc.report.sampleSeconds !== undefined) out.report.sampleSeconds = number('report.sampleSeconds', doc.report.sampleSeconds, { min: 1, integer: true });
  }
  checkHorizon('horizon', out.horizonMs, out.report.sampleSeconds, out.start);
  return out;
}

/**
 * Whether what a scenario schedules `offsetMs` after the start (a time in seconds times 1000, as
 * it is queued) happens in a run of `horizonMs`: work due at the horizon itself runs (the clock runs
 * up to it, inclusive). The one rule for the run's traffic and for `jobsim simulate`'s warnings.
 */
export function withinHorizon(offsetMs: number, horizonMs: number): boolean {
  return offsetMs <= horizonMs;
}

/**
 * A run's horizon (the scenario's, or `--horizon` named by `where`) within its bounds, ending by
 * the end of time when it runs from `startMs` (the clock never passes it: work after it would be
 * silently dropped), and the report's samples over it few enough to write and draw.
 */
export function checkHorizon(where: string, horizonMs: number, sampleSeconds: number, startMs?: number): void {
  if (!(horizonMs > 0) || horizonMs > MAX_HORIZON_DAYS * DAY_MS) fail(where, `must be more than 0 and at most ${MAX_HORIZON_DAYS} days`);
  if (startMs !== undefined && startMs + horizonMs > END_OF_TIME_MS) {
    fail(where, `runs past the end of time (${new Date(END_OF_TIME_MS).toISOString()}) from start ${new Date(startMs).toISOString()}: at most ${(END_OF_TIME_MS - startMs) / 1000} s`);
  }
  const samples = Math.floor(horizonMs / (sampleSeconds * 1000));
  if (samples > MAX_REPORT_SAMPLES) {
    fail('report.sampleSeconds', `a sample every ${sampleSeconds} s over ${horizonMs / 1000} s is ${samples} samples, more than ${MAX_REPORT_SAMPLES}: sample every ${Math.ceil(horizonMs / 1000 / MAX_REPORT_SAMPLES)} s or more`);
  }
}
