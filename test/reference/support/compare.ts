// Compares what a case recorded on the reference with what it recorded on a jobsim backend.
// Observations must be equal value for value (after normalisation). Timelines are compared within
// the tolerances below, which are the suite's stated ones (docs/reference-differential.md).
import type { CaseRecord, HookStep, Timeline } from './cases.js';
import { structuralDiff } from './structuralDiff.js';

export const TOLERANCE = {
  /**
   * A status seen in at most this many polls on one side only may be missing on the other (polls
   * are ~2 s apart: the reference's client allows 5 requests/s, a list costs it 3-4; Active
   * lasts 0.6-1.7 s, Stopping ~0.5 s).
   */
  briefSamples: 1,
  /**
   * A webhook step followed by the next within this many seconds may be missing on the other side
   * (on a quiet machine the transient ones last 0.3-2 s).
   */
  briefSeconds: 3,
  /**
   * When the last status is reached (polled, and the last webhook event): seconds, or this share
   * of the reference's time, whichever is larger. Both sides run on one loaded 2-core machine,
   * the reference's controller syncs one batch of a namespace at a time, and its API client
   * queues requests at 5/s: latencies of a few seconds either way are the machine, not jobsim.
   */
  settleSeconds: 4,
  settleShare: 0.4,
};

/**
 * How the records of a run are compared. `timing`: the reference's controller kept up (see
 * controllerLag); when it did not, times mean nothing and a transient status one side never
 * recorded, while the other shows it, is not a difference either.
 */
export interface CompareMode {
  timing: boolean;
}

/** Statuses a job or batch passes through; under load a slow controller may never record them. */
const TRANSIENT = /^(Create:)?(Waiting|Active|Running|Stopping)$/;

/**
 * Whether two steps are reached within the tolerance. A polled status was reached between the poll
 * before and the poll that first saw it (batches are listed every other poll: 4 s apart), so the
 * sides differ by the gap between those two intervals, not by the polls' phases: a status reached
 * at the same moment on both sides and first seen 4 s apart is no difference.
 */
function near(ref: Step, other: Step): boolean {
  const gap = Math.max(0, (other.since ?? other.at) - ref.at, (ref.since ?? ref.at) - other.at);
  return gap <= Math.max(TOLERANCE.settleSeconds, TOLERANCE.settleShare * ref.at);
}

interface Step {
  key: string;
  /** When it was first seen, and (polled) when the poll before was taken. */
  at: number;
  since?: number;
  brief: boolean;
}

/**
 * Aligns two sequences of steps: equal steps pair up; a brief step may be missing on either side,
 * and so may a step before the first pair that is Waiting (a job waits as long as its start-up
 * takes) or the sequence's last status (a batchStatusRule's status shown before the first job
 * status, e.g. Succeeded, lasts until the controller's first sync). The last steps must be equal
 * and reached within the tolerance.
 */
function align(label: string, what: string, a: Step[], b: Step[], show: () => string, mode: CompareMode): string[] {
  const skippable = (steps: Step[], k: number, paired: string | undefined) => {
    const s = steps[k];
    if (s === undefined) return false;
    // The status paired last, again after a skipped blip (Running, Active, Running): no change.
    if (s.key === paired) return true;
    if (k === steps.length - 1) return false;
    // Under load a slow controller may never record a transient status at all.
    const leading = paired === undefined && (/^"?Waiting/.test(s.key) || s.key === steps.at(-1)!.key);
    return s.brief || leading || (!mode.timing && TRANSIENT.test(s.key));
  };
  // Where the steps differ, either side may skip (not only the first tried: skipping a brief step on
  // one side may leave nothing to pair with a brief step of the other); sequences are a few steps long.
  const failed = new Set<string>();
  const pairs = (i: number, j: number, paired: string | undefined): boolean => {
    if (i === a.length && j === b.length) return true;
    const key = `${i},${j},${paired ?? ''}`;
    if (failed.has(key)) return false;
    // Equal steps always pair; only which side skips a step is searched.
    const ok =
      i < a.length && j < b.length && a[i]!.key === b[j]!.key
        ? pairs(i + 1, j + 1, a[i]!.key)
        : (skippable(a, i, paired) && pairs(i + 1, j, paired)) || (skippable(b, j, paired) && pairs(i, j + 1, paired));
    if (!ok) failed.add(key);
    return ok;
  };
  if (!pairs(0, 0, undefined)) return [`${label}: ${what} ${show()}`];
  const lastA = a.at(-1);
  const lastB = b.at(-1);
  if (mode.timing && lastA && lastB && !near(lastA, lastB)) {
    const before = lastA.since !== undefined && lastB.since !== undefined ? `, the polls before at ${lastA.since.toFixed(1)} s → ${lastB.since.toFixed(1)} s` : '';
    return [`${label}: ${what} end with ${lastA.key} after ${lastA.at.toFixed(1)} s → ${lastB.at.toFixed(1)} s (± ${TOLERANCE.settleSeconds} s or ${TOLERANCE.settleShare * 100}%${before})`];
  }
  return [];
}

function showTimeline(t: Timeline): string {
  return `[${t.segments.map((s) => `${s.status}@${s.at.toFixed(1)}${s.samples === 1 ? '¹' : ''}`).join(' ')}]`;
}

export function compareTimelines(label: string, ref: Timeline, other: Timeline, mode: CompareMode): string[] {
  const steps = (t: Timeline): Step[] => t.segments.map((s) => ({ key: s.status, at: s.at, ...(s.since !== undefined ? { since: s.since } : {}), brief: s.samples <= TOLERANCE.briefSamples }));
  return align(label, 'polled statuses', steps(ref), steps(other), () => `${showTimeline(ref)} → ${showTimeline(other)}`, mode);
}

interface Point {
  status: string;
  at: number;
}

/**
 * Webhook events as series of statuses over time: the batch's (with the event: Create, Update,
 * Delete) and each job's. Events group job changes differently from run to run (one event for
 * two jobs, or one each), so each series is compared on its own.
 */
function series(events: HookStep[]): Map<string, Point[]> {
  const out = new Map<string, Point[]>();
  const add = (key: string, status: string, at: number) => {
    const points = out.get(key) ?? [];
    if (points.at(-1)?.status !== status) points.push({ status, at });
    out.set(key, points);
  };
  for (const e of events) {
    add('batch', e.event === 'Update' ? e.status : `${e.event}:${e.status}`, e.at);
    if (e.event === 'Delete') continue;
    for (const [job, status] of Object.entries(e.jobs)) add(job.replace(/^<B\d+\^?>-/, ''), status, e.at);
  }
  return out;
}

function showPoints(points: Point[]): string {
  return `[${points.map((p) => `${p.status}@${p.at.toFixed(1)}`).join(' ')}]`;
}

export function compareHooks(label: string, ref: HookStep[], other: HookStep[], mode: CompareMode): string[] {
  const a = series(ref);
  const b = series(other);
  const out: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const pa = a.get(key) ?? [];
    const pb = b.get(key) ?? [];
    const steps = (p: Point[]): Step[] => p.map((x, i) => ({ key: x.status, at: x.at, brief: i + 1 < p.length && p[i + 1]!.at - x.at < TOLERANCE.briefSeconds }));
    out.push(...align(`${label} (${key})`, 'webhook events', steps(pa), steps(pb), () => `${showPoints(pa)} → ${showPoints(pb)}`, mode));
  }
  return out;
}

/**
 * The reference controller's lag in this run: the median time from a batch's Create event to its
 * first job statuses (the controller's first sync), over the cases with webhook events; a few
 * tenths of a second on a quiet machine.
 */
export function controllerLag(records: CaseRecord[]): number | undefined {
  const lags: number[] = [];
  for (const r of records) {
    for (const steps of Object.values(r.hooks)) {
      const create = steps.find((e) => e.event === 'Create');
      const first = steps.find((e) => e.event === 'Update' && Object.keys(e.jobs).length > 0);
      if (create && first) lags.push(first.at - create.at);
    }
  }
  if (lags.length === 0) return undefined;
  lags.sort((x, y) => x - y);
  return lags[Math.floor(lags.length / 2)];
}

export function compareRecords(ref: CaseRecord, other: CaseRecord, mode: CompareMode = { timing: true }): string[] {
  if (ref.error || other.error) {
    // A case that failed on both sides the same way is compared like any value.
    if (ref.error !== other.error) return [`case error: ${ref.error ?? '(none)'} → ${other.error ?? '(none)'}`];
  }
  const out: string[] = [];
  const labels = (r: CaseRecord) => r.observations.map((o) => o.label);
  if (JSON.stringify(labels(ref)) !== JSON.stringify(labels(other))) {
    out.push(`observations: ${JSON.stringify(labels(ref))} → ${JSON.stringify(labels(other))}`);
  }
  const n = Math.min(ref.observations.length, other.observations.length);
  for (let i = 0; i < n; i++) {
    const a = ref.observations[i]!;
    const b = other.observations[i]!;
    for (const d of structuralDiff(a.value, b.value)) out.push(`${a.label}: ${d}`);
  }
  for (const label of new Set([...Object.keys(ref.polled), ...Object.keys(other.polled)])) {
    const a = ref.polled[label];
    const b = other.polled[label];
    if (!a || !b) out.push(`${label}: timeline on one side only`);
    else out.push(...compareTimelines(label, a, b, mode));
  }
  for (const label of new Set([...Object.keys(ref.hooks), ...Object.keys(other.hooks)])) {
    const a = ref.hooks[label];
    const b = other.hooks[label];
    if (!a || !b) out.push(`${label}: webhook events on one side only`);
    else out.push(...compareHooks(label, a, b, mode));
  }
  return out;
}
