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
  /** A webhook step followed by the next within this many seconds may be missing on the other side. */
  briefSeconds: 1.5,
  /**
   * When the last status is reached (polled, and the last webhook event): seconds, or this share
   * of the reference's time, whichever is larger. Both sides run on one loaded 2-core machine,
   * the reference's controller syncs one batch of a namespace at a time, and its API client
   * queues requests at 5/s: latencies of a few seconds either way are the machine, not jobsim.
   */
  settleSeconds: 4,
  settleShare: 0.4,
};

function near(ref: number, other: number): boolean {
  return Math.abs(ref - other) <= Math.max(TOLERANCE.settleSeconds, TOLERANCE.settleShare * ref);
}

interface Step {
  key: string;
  at: number;
  brief: boolean;
}

/**
 * Aligns two sequences of steps: equal steps pair up; a brief step, or a Waiting step before the
 * first pair (a job waits as long as its start-up takes), may be missing on either side. The last
 * steps must be equal and reached within the tolerance.
 */
function align(label: string, what: string, a: Step[], b: Step[], show: () => string): string[] {
  let i = 0;
  let j = 0;
  let paired = false;
  const skippable = (s: Step | undefined, isLast: boolean) => s !== undefined && !isLast && (s.brief || (!paired && /^"?Waiting/.test(s.key)));
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i]!.key === b[j]!.key) {
      i++;
      j++;
      paired = true;
    } else if (skippable(a[i], i === a.length - 1)) i++;
    else if (skippable(b[j], j === b.length - 1)) j++;
    else return [`${label}: ${what} ${show()}`];
  }
  const lastA = a.at(-1);
  const lastB = b.at(-1);
  if (lastA && lastB && !near(lastA.at, lastB.at)) {
    return [`${label}: ${what} end with ${lastA.key} after ${lastA.at.toFixed(1)} s → ${lastB.at.toFixed(1)} s (± ${TOLERANCE.settleSeconds} s or ${TOLERANCE.settleShare * 100}%)`];
  }
  return [];
}

function showTimeline(t: Timeline): string {
  return `[${t.segments.map((s) => `${s.status}@${s.at.toFixed(1)}${s.samples === 1 ? '¹' : ''}`).join(' ')}]`;
}

export function compareTimelines(label: string, ref: Timeline, other: Timeline): string[] {
  const steps = (t: Timeline): Step[] => t.segments.map((s) => ({ key: s.status, at: s.at, brief: s.samples <= TOLERANCE.briefSamples }));
  return align(label, 'polled statuses', steps(ref), steps(other), () => `${showTimeline(ref)} → ${showTimeline(other)}`);
}

/** Consecutive events with the same event, batch status and job statuses are one step (the reference repeats Updates). */
function merged(events: HookStep[]): HookStep[] {
  const out: HookStep[] = [];
  for (const e of events) {
    const prev = out.at(-1);
    if (prev && hookKey(prev) === hookKey(e)) continue;
    // An Update that changes no job and repeats the batch status says nothing new.
    if (prev && e.event === 'Update' && Object.keys(e.jobs).length === 0 && e.status === prev.status) continue;
    out.push(e);
  }
  return out;
}

function hookKey(s: HookStep): string {
  return `${s.event}:${s.status}${Object.keys(s.jobs).length ? `{${Object.entries(s.jobs).map(([k, v]) => `${k.replace(/^<B\d+>-/, '')}=${v}`).join(',')}}` : ''}`;
}

function showSteps(s: HookStep[]): string {
  return `[${s.map((e) => `${hookKey(e)}@${e.at.toFixed(1)}`).join(' ')}]`;
}

export function compareHooks(label: string, ref: HookStep[], other: HookStep[]): string[] {
  const a = merged(ref);
  const b = merged(other);
  const steps = (s: HookStep[]): Step[] =>
    s.map((e, i) => ({ key: hookKey(e).replace(/^Update:/, ''), at: e.at, brief: e.event === 'Update' && i + 1 < s.length && s[i + 1]!.at - e.at < TOLERANCE.briefSeconds }));
  return align(label, 'webhook events', steps(a), steps(b), () => `${showSteps(a)} → ${showSteps(b)}`);
}

export function compareRecords(ref: CaseRecord, other: CaseRecord): string[] {
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
    else out.push(...compareTimelines(label, a, b));
  }
  for (const label of new Set([...Object.keys(ref.hooks), ...Object.keys(other.hooks)])) {
    const a = ref.hooks[label];
    const b = other.hooks[label];
    if (!a || !b) out.push(`${label}: webhook events on one side only`);
    else out.push(...compareHooks(label, a, b));
  }
  return out;
}
