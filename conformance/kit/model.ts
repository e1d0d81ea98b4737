// The model of the API state for the model-based run: what the kit created, when, and what each job's
// status may be at a given time (certain outcomes only once enough time has surely passed).
import { TERMINAL_JOB } from './profiles.js';

/** A time known to lie in [lo, hi] (ms): the bounds of a request, on the virtual or the wall clock. */
export interface Span {
  lo: number;
  hi: number;
}

export interface ModelJob {
  name: string;
  batch?: string;
  seconds: number;
  exit: number;
  created: Span;
  stopped?: Span;
  deleted: boolean;
}

export interface ModelBatch {
  name: string;
  jobs: string[];
  deleted: boolean;
}

export class ApiModel {
  readonly jobs = new Map<string, ModelJob>();
  readonly batches = new Map<string, ModelBatch>();
  /** Steps executed, and job statuses observed (how much the run exercised). */
  steps = 0;
  readonly seen = new Map<string, number>();
  /** Seconds of slack after which an outcome must be visible (scheduling latency, reconcile delay). */
  constructor(readonly slackSeconds: number) {}

  live<T extends { deleted: boolean }>(m: Map<string, T>): T[] {
    return [...m.values()].filter((x) => !x.deleted);
  }
  singleJobs(): ModelJob[] {
    return this.live(this.jobs).filter((j) => !j.batch);
  }

  /** Statuses the job may show when observed during `at`. */
  allowed(job: ModelJob, at: Span): string[] {
    const s = this.slackSeconds * 1000;
    const final = job.exit === 0 ? 'Succeeded' : 'Failed';
    if (job.stopped) {
      // Stopped; or Failed, as the reference reads a job whose pod the stop killed; or the job's own end
      // when the stop was sent after the workload may have ended (the server then stops a finishing job)
      const ends = ['Stopped', 'Failed'];
      if (job.stopped.hi - job.created.lo >= job.seconds * 1000 && !ends.includes(final)) ends.push(final);
      return at.lo - job.stopped.hi >= s ? ends : [...ends, 'Stopping', 'Waiting', 'Active', 'Running'];
    }
    const minAge = at.lo - job.created.hi;
    const maxAge = at.hi - job.created.lo;
    if (maxAge < job.seconds * 1000) return ['Waiting', 'Active', 'Running'];
    if (minAge >= job.seconds * 1000 + s) return [final];
    return ['Waiting', 'Active', 'Running', final];
  }

  /** Whether a stop must be accepted (200), refused (400), or either, at `at`. */
  stopExpectation(job: ModelJob, at: Span): 200 | 400 | 'either' {
    if (job.stopped) return 'either';
    const allowed = this.allowed(job, at);
    if (allowed.every((s) => (TERMINAL_JOB as readonly string[]).includes(s))) return 400;
    if (allowed.every((s) => !(TERMINAL_JOB as readonly string[]).includes(s))) return 200;
    return 'either';
  }
}
