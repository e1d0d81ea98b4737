// What a differential case is and what it records. A case is a script of requests, written once
// and run against the reference and against each jobsim backend; everything it observes is
// normalised (names, times) and recorded under a label, and the records are compared label by
// label (compare.ts).
import type { Exchange, SendOptions } from './rawHttp.js';
import { isStopRace, Normalizer } from './normalize.js';
import type { Poller, Sample } from './poller.js';
import type { ReceivedEvent } from './webhookReceiver.js';
import type { Target, TargetName } from './targets.js';

export interface Observation {
  label: string;
  value: unknown;
}

/** A status timeline of one job or batch, seconds after the case's start mark. */
export interface Timeline {
  /**
   * Statuses with the second each was first seen, consecutive repeats merged. `since`: the second
   * of the poll before (the status was reached in (since, at]; polls are seconds apart).
   */
  segments: { status: string; at: number; samples: number; since?: number }[];
}

export interface CaseRecord {
  observations: Observation[];
  /** Polled API statuses, by label. */
  polled: Record<string, Timeline>;
  /** Webhook events of a batch, by label (event, batch status, job statuses; seconds after the start mark). */
  hooks: Record<string, HookStep[]>;
  error?: string;
}

export interface HookStep {
  at: number;
  event: string;
  status: string;
  jobs: Record<string, string>;
  /** The normalised body (for bodies compared whole). */
  body: unknown;
}

export type Group = 'routes' | 'http' | 'bodies' | 'validation' | 'names' | 'stop-delete' | 'lifecycle' | 'webhooks';

/** Groups whose timelines count: they run first, before the groups that only send requests (each create keeps the reference's batch controller, which syncs one batch of a namespace at a time, busy). */
export const TIMED_GROUPS: readonly Group[] = ['lifecycle', 'webhooks', 'stop-delete'];

export interface Case {
  /** Unique, `<group>/<name>`; KNOWN entries name it. */
  id: string;
  group: Group;
  /** Lists or stops everything: runs alone, on servers with nothing on them. */
  exclusive?: boolean;
  /** Compares webhook events: skipped on a target without a receiver. */
  needsHooks?: boolean;
  run(ctx: CaseContext): Promise<void>;
}

/** Long-lived jobs and batches every case may read (created once per target, see fixtures.ts). */
export interface Fixtures {
  /** A single job that runs for minutes (status Running). */
  running: string;
  /** A single job that has Succeeded. */
  succeeded: string;
  /** A batch of two jobs that run for minutes. */
  runningBatch: string;
  runningBatchJobs: string[];
  /** A batch whose two jobs have Succeeded (status Succeeded by the component's batchStatusRules). */
  doneBatch: string;
  doneBatchJobs: string[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class CaseContext {
  readonly norm: Normalizer;
  readonly record: CaseRecord = { observations: [], polled: {}, hooks: {} };
  /** Samples and events before the case started are not its own. */
  private readonly started = Date.now();
  /** Times of timelines and webhook steps count from here. */
  private zero = this.started;

  constructor(
    readonly target: Target,
    readonly fixtures: Fixtures | undefined,
    readonly poller: Poller,
  ) {
    this.norm = new Normalizer(target.env);
    // Fixture names are numbered first, in a fixed order, so their tokens agree between targets.
    if (fixtures) for (const n of [fixtures.running, fixtures.succeeded, fixtures.runningBatch, ...fixtures.runningBatchJobs, fixtures.doneBatch, ...fixtures.doneBatchJobs]) this.norm.learn(n);
  }

  get name(): TargetName {
    return this.target.name;
  }

  /** The fixtures: <B1> running job, <B2> succeeded job, <B3> running batch, <B4> finished batch. */
  fx(): Fixtures {
    if (!this.fixtures) throw new Error('this case needs the fixtures, which were not created');
    return this.fixtures;
  }

  /** Times of timelines and webhook steps count from now on (default: the case's start), e.g. from a create's answer. */
  mark(): void {
    this.zero = Date.now();
  }

  send(method: string, path: string, opts?: SendOptions): Promise<Exchange> {
    return this.target.send(method, path, opts);
  }

  /** Sends a request and records the status, content type, Location and (normalised) body. */
  async call(label: string, method: string, path: string, opts?: SendOptions): Promise<Exchange> {
    const r = await this.target.send(method, path, opts);
    this.observe(label, r);
    return r;
  }

  /** Records an exchange (e.g. one of several sent at once). */
  observe(label: string, r: Exchange): void {
    this.record.observations.push({
      label,
      value: {
        status: r.status,
        contentType: r.contentType,
        ...(r.location !== undefined ? { location: this.norm.text(r.location) } : {}),
        body: r.json !== undefined ? this.norm.normalize(r.json) : this.norm.text(r.text),
      },
    });
  }

  /** Records any value, normalised. */
  note(label: string, value: unknown): void {
    this.record.observations.push({ label, value: this.norm.normalize(value) });
  }

  /** Starts polling a job (full name) or batch. */
  follow(name: string): void {
    this.norm.learn(name);
    this.poller.follow(name);
  }

  /**
   * Waits until a followed job or batch shows one of `statuses`; returns that sample. `fresh`:
   * only samples taken from now on count (a new batch may show the status a batchStatusRule
   * gives a batch without job statuses, e.g. Succeeded, before it runs).
   */
  async until(name: string, statuses: string[], timeoutMs: number, fresh = false): Promise<Sample> {
    const since = fresh ? Date.now() : 0;
    return this.poller.waitFor(name, (s) => s.at >= since && statuses.includes(s.status), timeoutMs);
  }

  /** Stops polling `name` and records its timeline under `label`. */
  settle(label: string, name: string): void {
    this.poller.unfollow(name);
    const segments: Timeline['segments'] = [];
    let before: number | undefined;
    for (const s of this.poller.history(name)) {
      if (s.at < this.started) continue;
      const status = s.body && typeof s.body === 'object' && isStopRace(s.body) ? 'Stopped' : s.status;
      const last = segments.at(-1);
      const at = (s.at - this.zero) / 1000;
      if (last?.status === status) last.samples++;
      else segments.push({ status, at, samples: 1, ...(before !== undefined ? { since: before } : {}) });
      before = at;
    }
    this.record.polled[label] = { segments };
  }

  /** Records the webhook events about `batch` received so far, under `label`. */
  hooks(label: string, batch: string): void {
    const events: ReceivedEvent[] = this.target.hooks?.about(batch) ?? [];
    this.record.hooks[label] = inSendOrder(events)
      .filter((e) => e.at >= this.started)
      .map((e) => {
        const b = e.body as { event?: string; status?: string; jobStatuses?: { name: string; status?: string }[] };
        const jobs: Record<string, string> = {};
        for (const j of b.jobStatuses ?? []) jobs[this.norm.text(j.name)] = isStopRace(j) ? 'Stopped' : (j.status ?? '');
        return { at: (e.at - this.zero) / 1000, event: b.event ?? '', status: b.status ?? '', jobs, body: this.norm.normalize(b) };
      });
  }

  /** Waits until the webhook receiver has an event about `batch` matching `pred`. */
  async hookUntil(batch: string, pred: (body: Record<string, unknown>) => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(this.target.hooks?.about(batch) ?? []).some((e) => pred(e.body as Record<string, unknown>))) {
      if (Date.now() > deadline) throw new Error(`${this.target.name}: no matching webhook event about ${batch} within ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  sleep(ms: number): Promise<void> {
    return sleep(ms);
  }
}

/**
 * Webhook events in the order they were sent: by their `updated` (the send time; the reference
 * sends each event from its own goroutine, so they may arrive out of order), then by arrival.
 */
export function inSendOrder(events: ReceivedEvent[]): ReceivedEvent[] {
  const sent = (e: ReceivedEvent) => {
    const t = Date.parse(String((e.body as { updated?: string } | null)?.updated ?? ''));
    return Number.isNaN(t) ? e.at : t;
  };
  return [...events].sort((a, b) => sent(a) - sent(b) || a.at - b.at);
}
