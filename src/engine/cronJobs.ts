// Scheduled jobs of a job component (radixconfig `cron`), as the reference's cron server runs them:
// on each tick of each schedule, in the section's time zone, a single job is created with an empty
// description, labelled `radix-batch-cron: "true"` and annotated with its schedule. Before creating
// it, the tick looks at the component's earlier cron jobs still running: `Forbid` skips the tick,
// `Replace` stops them first, `Allow` runs side by side. Ticks of one component never overlap
// (the reference holds one mutex for all its schedules). Ticks run on the engine's clock: events of
// the virtual clock on the simulator, timers on the wall clock on a real cluster.
import type { Cancel, EngineClock } from './clock.js';
import { ANNOTATION_CRON_SCHEDULE, LABEL_BATCH_CRON } from './cronLabels.js';
import { parseSchedule, type Schedule } from '../common/cronSchedule.js';
import { ApiError } from './errors.js';
import type { JobManager } from './jobManager.js';
import { LABEL_COMPONENT, LABEL_PART_OF, type RadixBatch } from '../cluster/radixBatch.js';
import type { CronConfig, JobScheduleDescription } from './types.js';
import type { WatchEventType } from '../cluster/port.js';

/** What a tick did, for logs and the simulator's event log. */
export interface CronTick {
  component: string;
  schedule: string;
  /** created: a job was made; skipped: Forbid and an earlier job still running; failed: an error. */
  action: 'created' | 'skipped' | 'failed';
  /** Earlier cron batches still running when the tick came (stopped first under Replace). */
  running: string[];
  stopped?: string[];
  batch?: string;
  error?: string;
}

export interface CronRunnerOptions {
  manager: JobManager;
  clock: EngineClock;
  /** The description of each created job: the reference sends an empty one; a simulation may vary it. */
  describe?: () => JobScheduleDescription;
  onTick?: (tick: CronTick) => void;
  onError?: (err: unknown, context: string) => void;
}

/** Longest single wait on a timer: Node's setTimeout fires at once past 2^31-1 ms (~24.8 days). */
const MAX_WAIT_MS = 2 ** 31 - 1;

export class CronRunner {
  private readonly cron: CronConfig;
  private readonly schedules: { spec: string; schedule: Schedule }[];
  private readonly cancels = new Map<string, Cancel>();
  /** One tick at a time per component: each waits for the one before. */
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  /** This component's unfinished cron batches (heads) in the cache, kept from its watch: a tick looks at these only. */
  private readonly mine = new Map<string, RadixBatch>();
  ticks = 0;

  constructor(private readonly o: CronRunnerOptions) {
    const cron = o.manager.component.cron;
    if (!cron) throw new Error(`job component ${o.manager.component.name} has no cron section`);
    this.cron = cron;
    // As the reference: an empty or blank timeZone means UTC. The config loader has checked every schedule.
    const zone = cron.timeZone?.trim() || 'UTC';
    this.schedules = cron.schedules.map((spec) => ({ spec, schedule: parseSchedule(spec, zone) }));
  }

  start(): void {
    const m = this.o.manager;
    const isMine = (b: RadixBatch) => {
      const labels = b.metadata.labels;
      return labels?.[LABEL_COMPONENT] === m.component.name && labels[LABEL_BATCH_CRON] === 'true' && !labels[LABEL_PART_OF];
    };
    const note = (type: WatchEventType, rb: RadixBatch) => {
      // A Completed head stays so: only the unfinished are kept (history keeps ~70 finished ones).
      if (type === 'DELETED' || rb.status?.condition?.type === 'Completed') this.mine.delete(rb.metadata.name);
      else this.mine.set(rb.metadata.name, rb);
    };
    for (const head of m.cache.heads()) if (isMine(head)) note('ADDED', head);
    m.cache.batchListeners.push((type, rb) => {
      if (isMine(rb)) note(type, rb);
    });
    const now = this.o.clock.now();
    for (const s of this.schedules) this.arm(s, now);
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.cancels.values()) cancel();
    this.cancels.clear();
  }

  /** The next tick of each schedule (ms since the epoch), for status and tests. */
  nextTicks(): { schedule: string; at: number | undefined }[] {
    const now = this.o.clock.now();
    return this.schedules.map((s) => ({ schedule: s.spec, at: s.schedule.next(now) }));
  }

  private arm(s: { spec: string; schedule: Schedule }, after: number): void {
    if (this.stopped) return;
    const at = s.schedule.next(after);
    if (at === undefined) return; // never again within five years, as robfig gives up
    this.wait(s, at);
  }

  private wait(s: { spec: string; schedule: Schedule }, at: number): void {
    const delay = at - this.o.clock.now();
    // Housekeeping-like on the simulator: a pending tick does not keep it busy (run-until-idle ends).
    const cancel = this.o.clock.schedule(
      Math.min(Math.max(0, delay), MAX_WAIT_MS),
      () => {
        this.cancels.delete(s.spec);
        if (this.stopped) return;
        // A timer may fire a little early against the wall clock, or a long wait was cut short.
        if (this.o.clock.now() < at) return this.wait(s, at);
        this.arm(s, at);
        return this.enqueue(s.spec);
      },
      { background: true },
    );
    this.cancels.set(s.spec, cancel);
  }

  private enqueue(spec: string): Promise<void> {
    const run = this.chain.then(() => this.tick(spec));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async tick(spec: string): Promise<void> {
    if (this.stopped) return;
    this.ticks++;
    const component = this.o.manager.component.name;
    const running = this.runningCronBatches();
    const report = (t: Omit<CronTick, 'component' | 'schedule' | 'running'>) => this.o.onTick?.({ component, schedule: spec, running: running.map((b) => b.metadata.name), ...t });
    try {
      let stopped: string[] | undefined;
      if (running.length > 0) {
        if (this.cron.concurrency === 'Forbid') return report({ action: 'skipped' });
        if (this.cron.concurrency === 'Replace') stopped = await this.stopAll(running);
      }
      const job = await this.o.manager.createJob(this.o.describe?.() ?? {}, { schedule: spec });
      report({ action: 'created', batch: job.name.slice(0, job.name.lastIndexOf('-')), ...(stopped ? { stopped } : {}) });
    } catch (err) {
      report({ action: 'failed', error: err instanceof Error ? err.message : String(err) });
      this.o.onError?.(err, `cron tick of ${component} (${spec})`);
    }
  }

  /**
   * This component's cron batches still running. The reference counts only batches whose condition
   * is Active (one still Waiting is not seen); the documented profile counts any not Completed.
   */
  private runningCronBatches(): RadixBatch[] {
    const seesWaiting = this.o.manager.profile.cronConcurrencySeesWaiting;
    const out: RadixBatch[] = [];
    for (const h of this.mine.values()) {
      const condition = h.status?.condition?.type;
      if (condition === 'Active' || (seesWaiting && condition !== 'Completed')) out.push(h);
    }
    return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  }

  /** Stops every unfinished job of the batches (a job that finished meanwhile is left alone). */
  private async stopAll(batches: RadixBatch[]): Promise<string[]> {
    const done: string[] = [];
    for (const head of batches) {
      for (const job of head.spec.jobs) {
        try {
          await this.o.manager.stopJob(`${head.metadata.name}-${job.name}`);
        } catch (err) {
          // Finished or deleted since it was listed: nothing to stop.
          if (!(err instanceof ApiError) || (err.code !== 400 && err.code !== 404)) throw err;
        }
      }
      done.push(head.metadata.name);
    }
    return done;
  }
}

/** The schedule annotation of a batch, when a cron tick made it. */
export function cronScheduleOf(batch: RadixBatch): string | undefined {
  return batch.metadata.annotations?.[ANNOTATION_CRON_SCHEDULE];
}
