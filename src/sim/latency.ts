// How long each step of a real control plane takes, as the simulator plays it: the latency model
// (`--latency off|cluster|FILE`, a scenario's `latency:` section), its presets, and the sampler
// that draws each step's duration from the model with a seeded random source of its own. The
// components that take the steps (scheduler, kubelet, Job controller, the cluster port's watches)
// ask the sampler; nothing here schedules anything. docs/simulator-timing.md describes the steps.
import { InputFileError, readInputFile } from '../common/inputFile.js';
import { LineCounter } from 'yaml';
import { documentValue, parseYamlDocument } from '../common/yamlDocuments.js';
import type { Random } from '../common/rng.js';

/** Largest latency model file read (a model is a few lines). */
const MAX_MODEL_BYTES = 1024 * 1024;

/**
 * A step's duration in seconds: a number is fixed; `{median, p95}` is log-normal with that median
 * and 95th percentile (p95 = median: fixed), optionally clamped to [min, max].
 */
export type Distribution = number | { median: number; p95: number; min?: number; max?: number };

export const LATENCY_STEPS = ['podScheduling', 'podStartup', 'jobSync', 'jobSyncBatch', 'watch'] as const;
export type LatencyStep = (typeof LATENCY_STEPS)[number];
export type LatencyModel = Record<LatencyStep, Distribution> & {
  /**
   * The tick, in seconds: every step takes a whole number of ticks, its draw rounded up (a step that
   * takes no time still takes none). 0.001 (whole milliseconds) when absent.
   */
  resolution?: number;
};

/** The finest tick a model can have, and the coarsest (seconds). */
const RESOLUTION_MIN = 0.001;
const RESOLUTION_MAX = 1;

/** Every step takes no time: the simulator's exact timeline (tests that pin times, benchmarks). */
export const LATENCY_OFF: LatencyModel = { podScheduling: 0, podStartup: 0, jobSync: 0, jobSyncBatch: 0, watch: 0 };

/**
 * A local control plane (kube-apiserver, kube-controller-manager and kube-scheduler v1.36, kwok
 * nodes), fitted to `bench/latencyProbe.ts` runs against it and against the reference running on
 * it: the fit and the medians are in bench/README.md ("Simulator timing"), the full tables in bench/history.md.
 * Its tick is 10 ms, the smallest median of the fit: finer differences are below what the
 * measurements tell apart, and changes that fall in one tick are handled together, as by a
 * controller whose work takes milliseconds (docs/simulator-timing.md, "Resolution").
 */
export const LATENCY_CLUSTER: LatencyModel = {
  podScheduling: { median: 0.01, p95: 0.05 },
  podStartup: { median: 0.53, p95: 0.6, min: 0.5 },
  jobSync: { median: 0.025, p95: 0.1 },
  jobSyncBatch: 1,
  watch: { median: 0.04, p95: 0.1 },
  resolution: 0.01,
};

export const LATENCY_PRESETS = { off: LATENCY_OFF, cluster: LATENCY_CLUSTER } as const;
export type LatencyPreset = keyof typeof LATENCY_PRESETS;

export class LatencyError extends Error {}

function fail(where: string, message: string): never {
  throw new LatencyError(`${where}: ${message}`);
}

function seconds(where: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 3600) fail(where, 'must be a number of seconds between 0 and 3600');
  return v;
}

function distribution(where: string, v: unknown): Distribution {
  if (typeof v === 'number') return seconds(where, v);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(where, 'must be a number of seconds or a mapping {median, p95, min?, max?}');
  const d = v as Record<string, unknown>;
  for (const key of Object.keys(d)) if (!['median', 'p95', 'min', 'max'].includes(key)) fail(where, `unknown key ${key} (median, p95, min, max)`);
  if (d.median === undefined || d.p95 === undefined) fail(where, 'needs median and p95');
  const median = seconds(`${where}.median`, d.median);
  const p95 = seconds(`${where}.p95`, d.p95);
  if (median <= 0 && p95 > 0) fail(where, 'median must be above 0 (or give a fixed number)');
  if (p95 < median) fail(where, 'p95 must not be below median');
  const out: Distribution = { median, p95 };
  if (d.min !== undefined) out.min = seconds(`${where}.min`, d.min);
  if (d.max !== undefined) out.max = seconds(`${where}.max`, d.max);
  if (out.min !== undefined && out.max !== undefined && out.min > out.max) fail(where, 'min must not be above max');
  return out;
}

/** A tick: a whole number of milliseconds from RESOLUTION_MIN to RESOLUTION_MAX seconds. */
function resolution(where: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= RESOLUTION_MIN && v <= RESOLUTION_MAX) || Math.abs(v * 1000 - Math.round(v * 1000)) > 1e-9) {
    fail(where, `must be a whole number of milliseconds from ${RESOLUTION_MIN} to ${RESOLUTION_MAX} second`);
  }
  return v;
}

/**
 * A latency model from a document: `off`, `cluster`, or a mapping of steps (and the `resolution`)
 * over a base preset (`base: off|cluster`, default cluster): what is not given keeps the base's value.
 */
export function validateLatency(doc: unknown, where = 'latency'): LatencyModel {
  if (typeof doc === 'string') {
    if (doc in LATENCY_PRESETS) return LATENCY_PRESETS[doc as LatencyPreset];
    fail(where, `unknown preset ${doc} (off, cluster)`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail(where, 'must be off, cluster or a mapping of steps');
  const d = doc as Record<string, unknown>;
  let base: LatencyModel = LATENCY_CLUSTER;
  if (d.base !== undefined) {
    if (typeof d.base !== 'string' || !(d.base in LATENCY_PRESETS)) fail(`${where}.base`, 'must be off or cluster');
    base = LATENCY_PRESETS[d.base as LatencyPreset];
  }
  const out: LatencyModel = { ...base };
  for (const [key, value] of Object.entries(d)) {
    if (key === 'base') continue;
    if (key === 'resolution') {
      out.resolution = resolution(`${where}.resolution`, value);
      continue;
    }
    if (!LATENCY_STEPS.includes(key as LatencyStep)) fail(where, `unknown step ${key} (base, resolution, ${LATENCY_STEPS.join(', ')})`);
    out[key as LatencyStep] = distribution(`${where}.${key}`, value);
  }
  return out;
}

/** `--latency`: a preset name, or a YAML/JSON file holding a model (or a scenario-style `latency:` key). */
export function parseLatencyOption(value: string): LatencyModel {
  if (value in LATENCY_PRESETS) return LATENCY_PRESETS[value as LatencyPreset];
  let text: string;
  try {
    text = readInputFile(value, MAX_MODEL_BYTES);
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    fail('--latency', `not off, cluster or a readable file: ${err.message}`);
  }
  const lines = new LineCounter();
  const read = documentValue(parseYamlDocument(text, { lineCounter: lines }), lines);
  if ('error' in read) fail(value, read.error);
  let doc = read.value;
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc) && Object.keys(doc).length === 1 && 'latency' in doc) doc = (doc as { latency: unknown }).latency;
  return validateLatency(doc, value);
}

/** The standard normal quantile of 0.95. */
const Z95 = 1.6448536269514722;

/** How one step is drawn, worked out once: its fixed ticks, or its log-normal. */
interface StepDraw {
  /** Milliseconds when the step takes a fixed time (no draw), else undefined. */
  fixed: number | undefined;
  /** The step's distribution and its log-normal's sigma (drawn steps only). */
  d: Exclude<Distribution, number>;
  sigma: number;
}

/** Draws each step's duration from the model (whole ticks of virtual time, in milliseconds). */
export class Latency {
  /** One record of one shape per step (a draw read three by a variable key before), by step. */
  private readonly steps = {} as Record<LatencyStep, StepDraw>;
  /** The model's tick in milliseconds. */
  private readonly tickMs: number;

  constructor(
    readonly model: LatencyModel,
    private readonly random: Random,
  ) {
    this.tickMs = Math.round((model.resolution ?? RESOLUTION_MIN) * 1000);
    for (const step of LATENCY_STEPS) {
      const d = model[step];
      const draw: StepDraw = { fixed: undefined, d: typeof d === 'number' ? { median: d, p95: d } : d, sigma: 0 };
      if (typeof d === 'number') draw.fixed = this.ticks(d * 1000);
      else if (d.p95 === d.median) draw.fixed = this.ticks(clamp(d.median * 1000, d));
      else draw.sigma = Math.log(d.p95 / d.median) / Z95;
      this.steps[step] = draw;
    }
  }

  /** Whether the step can take any time (a step that takes none draws nothing). */
  on(step: LatencyStep): boolean {
    const f = this.steps[step].fixed;
    return f === undefined || f > 0;
  }

  /** The step's milliseconds when they are fixed (no draw needed), else undefined. */
  fixedMs(step: LatencyStep): number | undefined {
    return this.steps[step].fixed;
  }

  /** Milliseconds one occurrence of the step takes. */
  ms(step: LatencyStep): number {
    const s = this.steps[step];
    if (s.fixed !== undefined) return s.fixed;
    return this.ticks(clamp(s.d.median * Math.exp(s.sigma * this.normal()) * 1000, s.d));
  }

  /**
   * Milliseconds rounded up to whole ticks: a step never takes less than drawn, and a step that
   * takes no time takes none. (The epsilon keeps a fixed 4.03 s, 4030.0000000000005 ms, at 403 ticks.)
   */
  private ticks(ms: number): number {
    if (!(ms > 0)) return 0;
    return Math.ceil(ms / this.tickMs - 1e-9) * this.tickMs;
  }

  /** A standard normal draw (Box-Muller, two uniforms from the seeded source). */
  private normal(): number {
    const u = 1 - this.random.next();
    const v = this.random.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

function clamp(ms: number, d: { min?: number; max?: number }): number {
  let out = ms;
  if (d.min !== undefined) out = Math.max(out, d.min * 1000);
  if (d.max !== undefined) out = Math.min(out, d.max * 1000);
  return out;
}
