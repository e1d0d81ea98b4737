// What a simulation counts: jobs by status, batch durations, queueing delays, attempts and their
// failure reasons, cron ticks, node utilisation over time. Everything is kept as counts (a
// histogram per measure), so memory stays flat however many jobs a run makes.
import type { CronTick } from '../engine/cronJobs.js';
import { LABEL_BATCH_CRON } from '../engine/cronLabels.js';
import { batchType, type BatchJobStatus, type RadixBatch } from '../cluster/radixBatch.js';

/** A distribution's figures; all null but the count when it has no values. */
export interface Summary {
  count: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** Values (seconds, to the millisecond) counted by value; exact percentiles by nearest rank. */
export class Distribution {
  private readonly counts = new Map<number, number>();
  count = 0;
  private sum = 0;

  add(seconds: number): void {
    const v = Math.round(seconds * 1000) / 1000;
    this.counts.set(v, (this.counts.get(v) ?? 0) + 1);
    this.count++;
    this.sum += v;
  }

  summary(): Summary {
    if (this.count === 0) return { count: 0, mean: null, p50: null, p95: null, max: null };
    const values = [...this.counts.keys()].sort((a, b) => a - b);
    const rank = (p: number) => {
      const want = Math.max(1, Math.ceil((p / 100) * this.count));
      let seen = 0;
      for (const v of values) {
        seen += this.counts.get(v)!;
        if (seen >= want) return v;
      }
      return values[values.length - 1]!;
    };
    return { count: this.count, mean: Math.round((this.sum / this.count) * 1000) / 1000, p50: rank(50), p95: rank(95), max: values[values.length - 1]! };
  }
}

function bump(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

/** Sorted copy of a count map, so the report's bytes do not depend on the order things happened in. */
export function sortedCounts(map: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface UtilisationSample {
  /** Seconds since the start. */
  t: number;
  /** Requested cpu / allocatable cpu over the nodes that are up, 0-1. */
  cpu: number;
  /** Cpu requested by the pods bound to a node, in cores. */
  cpuRequested: number;
  /** Allocatable cpu of the nodes that are up, in cores. */
  cpuAllocatable: number;
  running: number;
  pending: number;
  nodes: number;
}

interface Origin {
  batches: number;
  duration: Distribution;
}

/**
 * One component's figures: the run's summaries blur a component that suffers (cron jobs waiting
 * behind a nightly batch) into the others.
 */
interface ComponentFigures extends Origin {
  /** its jobs by status (the report's jobs.byComponent) */
  jobsByStatus: Record<string, number>;
  queueing: Distribution;
  attempts: number;
  /** jobs with at least one attempt (attempts - jobsRun: retries) */
  jobsRun: number;
}

/** One batch posted through the API, as it completed: the night-by-night answer a summary blurs. */
export interface BatchRun {
  name: string;
  batchId: string | null;
  component: string;
  created: string;
  completed: string;
  durationSeconds: number | null;
  jobs: number;
  failed: number;
}

/**
 * API batches listed one by one, the first this many to complete; later ones are only counted (a
 * scenario posting a batch every minute would otherwise grow the report with the run).
 */
export const LISTED_BATCH_RUNS = 1000;

export class SimulationStats {
  readonly jobsByStatus: Record<string, number> = {};
  readonly failedJobsByReason: Record<string, number> = {};
  readonly failedAttemptsByReason: Record<string, number> = {};
  attempts = 0;
  jobsRun = 0;
  readonly queueing = new Distribution();
  readonly origins: Record<'api' | 'cron', Origin> = {
    api: { batches: 0, duration: new Distribution() },
    cron: { batches: 0, duration: new Distribution() },
  };
  readonly cron: Record<string, { created: number; skipped: number; failed: number; replaced: number }> = {};
  readonly samples: UtilisationSample[] = [];
  readonly requests: Record<string, number> = {};
  readonly apiRuns: BatchRun[] = [];
  readonly components: Record<string, ComponentFigures> = {};

  private componentOf(name: string): ComponentFigures {
    return (this.components[name] ??= { batches: 0, duration: new Distribution(), jobsByStatus: {}, queueing: new Distribution(), attempts: 0, jobsRun: 0 });
  }

  /** A batch whose condition became Completed: its jobs are final. */
  completed(head: RadixBatch, component: string, jobs: Iterable<{ status: BatchJobStatus | undefined }>): void {
    const created = Date.parse(head.metadata.creationTimestamp ?? '');
    const ended = Date.parse(head.status?.condition?.completionTime ?? '');
    const origin = this.origins[head.metadata.labels?.[LABEL_BATCH_CRON] === 'true' ? 'cron' : 'api'];
    const own = this.componentOf(component);
    origin.batches++;
    own.batches++;
    const seconds = Number.isFinite(created) && Number.isFinite(ended) ? (ended - created) / 1000 : null;
    if (seconds !== null) {
      origin.duration.add(seconds);
      own.duration.add(seconds);
    }
    let count = 0;
    let failed = 0;
    for (const { status } of jobs) {
      this.job(component, status, created);
      count++;
      if (status?.phase === 'Failed') failed++;
    }
    if (origin === this.origins.api && this.apiRuns.length < LISTED_BATCH_RUNS) {
      this.apiRuns.push({
        name: head.metadata.name,
        batchId: head.spec.batchId || null,
        component,
        created: head.metadata.creationTimestamp ?? '',
        completed: head.status?.condition?.completionTime ?? '',
        // Whole milliseconds apart: already what the summary's rounding would give.
        durationSeconds: seconds,
        jobs: count,
        failed,
      });
    }
  }

  /** A job counted at the end of the run (its batch never completed). */
  job(component: string, status: BatchJobStatus | undefined, batchCreated: number): void {
    const phase = status?.phase ?? 'Waiting';
    const own = this.componentOf(component);
    bump(this.jobsByStatus, phase);
    bump(own.jobsByStatus, phase);
    if (phase === 'Failed') bump(this.failedJobsByReason, status?.reason || 'Failed');
    const pods = status?.podStatuses ?? [];
    if (pods.length > 0) {
      this.jobsRun++;
      own.jobsRun++;
    }
    this.attempts += pods.length;
    own.attempts += pods.length;
    // The first attempt's start (pods may be listed by name, not in order).
    let started = Number.NaN;
    for (const pod of pods) {
      if (pod.phase === 'Failed') bump(this.failedAttemptsByReason, pod.reason || 'Error');
      const at = Date.parse(pod.startTime ?? '');
      if (Number.isFinite(at) && !(at >= started)) started = at;
    }
    if (Number.isFinite(started) && Number.isFinite(batchCreated)) {
      const seconds = (started - batchCreated) / 1000;
      this.queueing.add(seconds);
      own.queueing.add(seconds);
    }
  }

  /** Each component's jobs by status, by name (components with a job). */
  jobsByComponent(): Record<string, Record<string, number>> {
    const names = Object.keys(this.components).filter((c) => Object.keys(this.components[c]!.jobsByStatus).length > 0);
    return Object.fromEntries(names.sort().map((c) => [c, sortedCounts(this.components[c]!.jobsByStatus)]));
  }

  /** Each component's figures, by name. */
  byComponent(): Record<string, { batchesCompleted: number; batchDurationSeconds: Summary; queueingDelaySeconds: Summary; attempts: number; retries: number }> {
    return Object.fromEntries(
      Object.keys(this.components)
        .sort()
        .map((name) => {
          const c = this.components[name]!;
          return [name, { batchesCompleted: c.batches, batchDurationSeconds: c.duration.summary(), queueingDelaySeconds: c.queueing.summary(), attempts: c.attempts, retries: c.attempts - c.jobsRun }];
        }),
    );
  }

  tick(t: CronTick): void {
    const c = (this.cron[t.component] ??= { created: 0, skipped: 0, failed: 0, replaced: 0 });
    c[t.action]++;
    if (t.stopped?.length) c.replaced++;
  }

  request(component: string, type: ReturnType<typeof batchType> | 'failed'): void {
    bump(this.requests, `${component}/${type}`);
  }
}
