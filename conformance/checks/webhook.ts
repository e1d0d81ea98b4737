// Webhook checks (`--webhook-listen HOST:PORT`): the server, configured to post its events to the kit's
// receiver, sends for a batch and for a single job a Create, Updates carrying only the jobs that changed,
// and a Delete after DELETE; every body is a BatchEvent; the events of one batch arrive in order and
// once. One scenario per run is shared by all the webhook checks (each judges one property of it).
import { CheckFailure, ensure, ensureStatus, fail } from '../kit/failure.js';
import { isSet, isTerminal } from '../kit/follow.js';
import type { BatchStatus, JobStatus } from '../kit/jobApi.js';
import { Contract } from '../kit/openapi.js';
import type { Check, CheckContext, Exchange } from '../kit/types.js';
import type { ReceivedEvent, WebhookReceiver } from '../kit/webhookReceiver.js';

const EVENTS = ['Create', 'Update', 'Delete'] as const;
/** How long the kit waits (wall time) for the Delete events after its DELETE requests. */
export const WEBHOOK_WAIT_MS = 10_000;
/** After the last expected event, how long the kit keeps listening for late extra events (duplicates). */
export const WEBHOOK_SETTLE_MS = 500;

interface Target {
  label: string;
  kind: 'batch' | 'job';
  /** The name used by the API (batch name, or the single job's name). */
  name: string;
  /** The batch name the events carry (for a single job: learned from its first event). */
  batchName?: string;
  /** Final job statuses read from the API before DELETE. */
  finalJobs: Map<string, string>;
  finalBatch?: string;
  deleteEx?: Exchange;
  /** Index (in receiver.events) of the first event received after the DELETE answered. */
  deletedAtSeq?: number;
}

interface Scenario {
  targets: Target[];
  /** Every received event that belongs to a target, per target, in the order the server made them (emissionOrder). */
  events: Map<Target, ReceivedEvent[]>;
  waitedForDelete: boolean;
  receiverUrl: string;
}

const cache = new WeakMap<WebhookReceiver, Promise<Scenario>>();
let contract: Contract | undefined;

type Body = BatchStatus & { event?: unknown };
const body = (e: ReceivedEvent) => (e.body && typeof e.body === 'object' ? (e.body as Body) : undefined);
const jobsOf = (e: ReceivedEvent) => (Array.isArray(body(e)?.jobStatuses) ? (body(e)!.jobStatuses as JobStatus[]) : []);

function belongs(t: Target, e: ReceivedEvent): boolean {
  const b = body(e);
  if (!b) return false;
  if (t.kind === 'batch') return b.name === t.name;
  if (t.batchName) return b.name === t.batchName;
  if (jobsOf(e).some((j) => j.name === t.name)) {
    t.batchName = String(b.name);
    return true;
  }
  return false;
}

/** `updated` in microseconds since the epoch (the reference stamps nanoseconds, jobsim milliseconds). */
export function stampOf(e: ReceivedEvent): number | undefined {
  const u = body(e)?.updated;
  const m = typeof u === 'string' ? /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(u) : null;
  if (!m) return undefined;
  const seconds = Date.parse(`${m[1]}${m[3]}`);
  return Number.isNaN(seconds) ? undefined : seconds * 1000 + Math.floor(Number(`0.${m[2] ?? '0'}`) * 1e6);
}

const KIND_ORDER: Record<string, number> = { Create: 0, Update: 1, Delete: 2 };

/**
 * Events stamped less than this apart may have been made in either order: the reference stamps `updated`
 * with the time in the goroutine that posts the event, not when its watcher saw the change, so a Create
 * and the Update its controller's first status write caused (milliseconds later) can carry swapped stamps.
 */
export const STAMP_TOLERANCE_MS = 100;

/**
 * The events of one target in the order the server made them: by their `updated` stamp (the time the server
 * built the event) when every event has one, else by arrival. Delivery order is not judged: the reference
 * posts each event from its own goroutine, so its events may arrive out of order. Within STAMP_TOLERANCE_MS
 * of each other the order is not known either: there (and for events stamped the same instant: a millisecond
 * clock, a simulator's virtual instant) a Create goes before an Update before a Delete, and of two events of
 * the same kind the one that would move a job's status backwards goes first.
 */
function emissionOrder(events: ReceivedEvent[]): ReceivedEvent[] {
  const stamps = events.map(stampOf);
  if (stamps.some((s) => s === undefined)) return events;
  const kind = (e: ReceivedEvent) => KIND_ORDER[String(body(e)?.event)] ?? 1;
  const out = events
    .map((e, i) => ({ e, s: stamps[i]! }))
    .sort((a, b) => a.s - b.s || a.e.seq - b.e.seq);
  // b may have been made before a: an earlier kind, or a job status a would have to go back to
  const before = (b: ReceivedEvent, a: ReceivedEvent) => {
    if (kind(b) !== kind(a)) return kind(b) < kind(a);
    const inA = new Map(jobsOf(a).map((j) => [j.name, RANK[String(j.status)] ?? 0]));
    return jobsOf(b).some((j) => inA.has(j.name) && (RANK[String(j.status)] ?? 0) < inA.get(j.name)!);
  };
  // adjacent swaps within the tolerance, bounded (n^2 passes at most)
  for (let pass = 0, swapped = true; swapped && pass < out.length * out.length; pass++) {
    swapped = false;
    for (let i = 0; i + 1 < out.length; i++) {
      const [a, b] = [out[i]!, out[i + 1]!];
      if (b.s - a.s < STAMP_TOLERANCE_MS * 1000 && before(b.e, a.e) && !before(a.e, b.e)) {
        out[i] = b;
        out[i + 1] = a;
        swapped = true;
      }
    }
  }
  return out.map((x) => x.e);
}

function collect(sc: Scenario, receiver: WebhookReceiver): void {
  // a single job's batch name first (its Create may carry no jobs), then every event of each target
  for (const t of sc.targets) if (t.kind === 'job' && !t.batchName) receiver.events.some((e) => belongs(t, e));
  for (const t of sc.targets) sc.events.set(t, []);
  for (const e of receiver.events) for (const t of sc.targets) if (belongs(t, e)) sc.events.get(t)!.push(e);
  for (const t of sc.targets) sc.events.set(t, emissionOrder(sc.events.get(t)!));
}

function scenario(ctx: CheckContext): Promise<Scenario> {
  const receiver = ctx.webhooks!;
  let p = cache.get(receiver);
  if (!p) {
    p = runScenario(ctx, receiver);
    cache.set(receiver, p);
  }
  return p;
}

async function runScenario(ctx: CheckContext, receiver: WebhookReceiver): Promise<Scenario> {
  const v = ctx.time.virtual;
  const work = (seconds: number) => ({ backoffLimit: 0, variables: { WORKLOAD_SECONDS: String(seconds), WORKLOAD_EXIT_CODE: '0' } });
  // two jobs that end at different times, so an Update with one changed job exists
  const batch = await ctx.api.createBatch({ jobScheduleDescriptions: [work(v ? 2 : 1), work(v ? 5 : 3)] });
  ensureStatus(batch.ex, 200, 'creating a batch');
  const job = await ctx.api.createJob({ jobId: 'conformance-webhook', ...work(v ? 3 : 1) });
  ensureStatus(job.ex, 200, 'creating a job');
  const targets: Target[] = [
    { label: 'batch', kind: 'batch', name: batch.body.name, finalJobs: new Map() },
    { label: 'single job', kind: 'job', name: job.body.name, finalJobs: new Map() },
  ];
  const start = await ctx.time.now();
  for (;;) {
    await ctx.time.pace();
    const b = await ctx.api.getBatch(targets[0]!.name);
    ensureStatus(b.ex, 200, 'reading the batch');
    await ctx.time.pace();
    const j = await ctx.api.getJob(targets[1]!.name);
    ensureStatus(j.ex, 200, 'reading the job');
    if (isSet(b.body.ended) && isTerminal(j.body.status) && isSet(j.body.ended)) {
      targets[0]!.finalBatch = String(b.body.status);
      for (const x of b.body.jobStatuses ?? []) targets[0]!.finalJobs.set(x.name, String(x.status));
      targets[1]!.finalJobs.set(j.body.name, String(j.body.status));
      break;
    }
    if ((await ctx.time.now()) - start > 60_000) fail(`the batch and job did not finish within 60 ${v ? 'virtual ' : ''}seconds`, { actual: `batch ${b.body.status}, job ${j.body.status}`, exchange: b.ex });
    await ctx.time.advance(ctx.time.pollSeconds);
  }
  // DELETE both; the server's later events must include a Delete for each
  for (const t of targets) {
    t.deletedAtSeq = receiver.events.length;
    const res = t.kind === 'batch' ? await ctx.api.deleteBatch(t.name) : await ctx.api.deleteJob(t.name);
    ensureStatus(res.ex, 200, `deleting the ${t.label}`);
    t.deleteEx = res.ex;
    const i = ctx.api.created.findIndex((c) => c.name === t.name);
    if (i >= 0) ctx.api.created.splice(i, 1);
  }
  const sc: Scenario = { targets, events: new Map(), waitedForDelete: false, receiverUrl: receiver.url };
  const gotDeletes = () => {
    collect(sc, receiver);
    return targets.every((t) => sc.events.get(t)!.some((e) => body(e)?.event === 'Delete'));
  };
  sc.waitedForDelete = await receiver.waitFor(gotDeletes, WEBHOOK_WAIT_MS, ctx.signal);
  // late extras (a duplicate, an Update after Delete) arrive within a short while
  await new Promise((r) => setTimeout(r, WEBHOOK_SETTLE_MS));
  collect(sc, receiver);
  for (const t of targets) ctx.note(`${t.label} ${t.batchName ?? t.name}: ${describe(sc.events.get(t)!)}`);
  return sc;
}

function describe(events: ReceivedEvent[]): string {
  if (!events.length) return 'no events';
  return events.map((e) => `${String(body(e)?.event)}[${jobsOf(e).map((j) => `${String(j.name).split('-').at(-1)}:${j.status}`).join(',')}]`).join(' ');
}

function shown(e: ReceivedEvent): Exchange {
  return { method: e.method, url: e.path, requestBody: e.raw.slice(0, 4000), status: 200, contentType: e.contentType, responseBody: `(received by the kit's webhook receiver${e.eventId ? `, X-Jobsim-Event-Id ${e.eventId}` : ''})`, ms: 0 };
}

function trail(events: ReceivedEvent[]): string {
  const first = events.length ? stampOf(events[0]!) : undefined;
  const at = first === undefined ? '' : ` (stamped at +${events.map((e) => ((stampOf(e) ?? first) - first) / 1000).join(', +')} ms)`;
  return `events in the order the server made them: ${describe(events)}${at}`;
}

const RANK: Record<string, number> = { Waiting: 0, Active: 1, Running: 1, Stopping: 2, Succeeded: 3, Failed: 3, Stopped: 3, Completed: 3 };

const skipIf = (caps: { webhookReceiver?: string }) =>
  caps.webhookReceiver ? undefined : 'no --webhook-listen HOST:PORT given: the kit has no receiver, so webhook events cannot be checked (configure the server to post to that address and pass it)';

function webhookCheck(id: string, guarantee: string, judge: (ctx: CheckContext, sc: Scenario) => void): Check {
  return {
    id,
    tags: ['webhook'],
    guarantee,
    advancesClock: true,
    skipIf,
    async run(ctx) {
      judge(ctx, await scenario(ctx));
    },
  };
}

function withoutUpdated(o: unknown): string {
  const { updated: _u, jobStatuses: _j, event: _e, ...rest } = (o ?? {}) as Record<string, unknown>;
  return JSON.stringify(rest, Object.keys(rest).sort());
}
function jobKey(j: JobStatus): string {
  const { updated: _u, ...rest } = j;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

export const webhookChecks: Check[] = [
  webhookCheck(
    'webhook.received',
    'For a batch and a single job the server posts a Create, Updates that bring every job (and the batch) to the final status the API reports, and a Delete after DELETE, all within 10 s of the DELETE.',
    (_ctx, sc) => {
      for (const t of sc.targets) {
        const evs = sc.events.get(t)!;
        ensure(evs.length > 0, `${t.label} ${t.name}: no webhook event was received`, {
          expected: `POSTs to ${sc.receiverUrl} (configure the server's job component to send its events there)`,
          actual: 'nothing for this batch or job',
        });
        for (const kind of EVENTS) {
          ensure(evs.some((e) => body(e)?.event === kind), `${t.label} ${t.batchName ?? t.name}: no ${kind} event was received${kind === 'Delete' ? ` within ${WEBHOOK_WAIT_MS} ms of DELETE` : ''}`, {
            expected: `a ${kind} event`,
            actual: trail(evs),
            ...(kind === 'Delete' && t.deleteEx ? { exchange: t.deleteEx } : {}),
          });
        }
        const del = evs.find((e) => body(e)?.event === 'Delete')!;
        ensure(del.seq >= (t.deletedAtSeq ?? 0), `${t.label}: a Delete event arrived before the kit sent DELETE`, { actual: trail(evs), exchange: shown(del) });
        // the last status each job reached in the events before Delete is the final one
        const last = new Map<string, string>();
        let lastBatch: string | undefined;
        for (const e of evs) {
          if (body(e)?.event === 'Delete') break;
          lastBatch = String(body(e)?.status);
          for (const j of jobsOf(e)) last.set(j.name, String(j.status));
        }
        for (const [name, status] of t.finalJobs) {
          ensure(last.get(name) === status, `${t.label}: the events never reported job ${name} as ${status} (the API does)`, { expected: `an Update with ${name}: ${status}`, actual: trail(evs) });
        }
        if (t.kind === 'batch' && t.finalBatch) {
          ensure(lastBatch === t.finalBatch, `${t.label}: the events never reported the batch as ${t.finalBatch} (the API does)`, { expected: `an Update with status ${t.finalBatch}`, actual: `last batch status in an event: ${lastBatch}; ${trail(evs)}` });
        }
      }
    },
  ),
  webhookCheck(
    'webhook.shape',
    "Every event body is a BatchEvent: JSON matching openapi.yaml's BatchStatus (the profile's variant) plus `event` = Create, Update or Delete.",
    (ctx, sc) => {
      contract ??= new Contract();
      const direct = contract.hasSchema('BatchEvent');
      for (const t of sc.targets) {
        for (const e of sc.events.get(t)!) {
          ensure(e.body !== undefined, `${t.label}: a webhook body is not JSON`, { exchange: shown(e) });
          ensure(/^application\/json\b/i.test(e.contentType), `${t.label}: a webhook is sent with content type "${e.contentType}"`, { expected: 'application/json', exchange: shown(e) });
          const b = body(e)!;
          ensure((EVENTS as readonly unknown[]).includes(b.event), `${t.label}: \`event\` is ${JSON.stringify(b.event)}`, { expected: 'Create, Update or Delete', exchange: shown(e) });
          const { event: _e, ...status } = b;
          const problems = direct ? contract.schemaProblems('BatchEvent', b) : contract.schemaProblems('BatchStatus', status);
          if (problems.length) fail(`${t.label}: a ${String(b.event)} body is not a BatchEvent: ${problems[0]}`, { expected: direct ? 'openapi.yaml BatchEvent' : 'openapi.yaml BatchStatus plus `event`', actual: problems.join('\n'), exchange: shown(e) });
          const named = t.kind === 'batch' ? b.name === t.name : true;
          ensure(named, `${t.label}: event for another name`, { exchange: shown(e) });
          if (t.kind === 'batch') {
            ensure(b.batchType === undefined || b.batchType === 'batch', `${t.label}: batchType ${String(b.batchType)}`, { expected: 'batch', exchange: shown(e) });
          }
        }
      }
    },
  ),
  webhookCheck(
    'webhook.order',
    'The events of one batch, in the order the server made them (their `updated` stamps; arrival order is not judged, the reference posts each event from its own goroutine; ' +
      `events stamped less than ${STAMP_TOLERANCE_MS} ms apart may be in either order, as the reference stamps an event in the goroutine that posts it), ` +
      'are one Create first, Updates, one Delete last; no job status goes backwards (e.g. Running after Succeeded), nor the batch status ' +
      'unless the server has batchStatusRules (given with --batch-status-rules: rules may map any job statuses to any batch status, the reference even gives an `All` rule\'s status to a batch whose jobs it has not recorded yet).',
    (ctx, sc) => {
      const judgeBatch = !ctx.batchStatusRules?.length;
      for (const t of sc.targets) {
        const evs = sc.events.get(t)!;
        if (!evs.length) continue;
        const kinds = evs.map((e) => String(body(e)?.event));
        ensure(kinds[0] === 'Create', `${t.label}: the first event is ${kinds[0]}, not Create`, { expected: 'Create first', actual: trail(evs), exchange: shown(evs[0]!) });
        const creates = kinds.filter((k) => k === 'Create').length;
        ensure(creates === 1, `${t.label}: ${creates} Create events`, { expected: 'exactly one Create', actual: trail(evs) });
        const d = kinds.indexOf('Delete');
        if (d >= 0 && d < kinds.length - 1) fail(`${t.label}: a ${kinds[d + 1]} event arrived after Delete`, { expected: 'Delete last', actual: trail(evs), exchange: shown(evs[d + 1]!) });
        const jobs = new Map<string, string>();
        let batchStatus: string | undefined;
        const forward = (what: string, from: string | undefined, to: string, e: ReceivedEvent) => {
          if (from === undefined) return;
          const back = (RANK[to] ?? 0) < (RANK[from] ?? 0) || ((RANK[from] ?? 0) === 3 && to !== from);
          if (back) throw new CheckFailure({ message: `${t.label}: ${what} went ${from} -> ${to} (backwards) in a ${String(body(e)?.event)} event`, expected: 'statuses only move forward (Waiting -> Active/Running -> Succeeded/Failed/Stopped; terminal is final)', actual: trail(evs), exchange: shown(e) });
        };
        for (const e of evs) {
          const b = body(e)!;
          if (typeof b.status === 'string' && judgeBatch) {
            forward('the batch status', batchStatus, b.status, e);
            batchStatus = b.status;
          }
          for (const j of jobsOf(e)) {
            forward(`job ${j.name}`, jobs.get(j.name), String(j.status), e);
            jobs.set(j.name, String(j.status));
          }
        }
      }
    },
  ),
  webhookCheck(
    'webhook.changed-only',
    "Every Update carries only the jobs that changed since the batch's previous event. An Update that changes nothing (no jobs, the same batch fields) is tolerated and counted in the " +
      "check's notes: the reference's watcher sends one when only its controller's bookkeeping (status.reconciled) changed.",
    (ctx, sc) => {
      for (const t of sc.targets) {
        let noops = 0;
        const evs = sc.events.get(t)!;
        const jobs = new Map<string, string>();
        let batch: string | undefined;
        for (const e of evs) {
          const b = body(e);
          if (!b) continue;
          if (b.event === 'Update') {
            const unchanged = jobsOf(e).filter((j) => jobs.has(j.name) && jobs.get(j.name) === jobKey(j));
            ensure(unchanged.length === 0, `${t.label}: an Update carries job(s) that did not change: ${unchanged.map((j) => `${j.name} (${j.status})`).join(', ')}`, {
              expected: '`jobStatuses` of an Update holds only the jobs whose status, message or other fields changed',
              actual: trail(evs),
              exchange: shown(e),
            });
            if (jobsOf(e).length === 0 && withoutUpdated(b) === batch) noops++;
          }
          batch = withoutUpdated(b);
          for (const j of jobsOf(e)) jobs.set(j.name, jobKey(j));
        }
        if (noops > 0) ctx.note(`${t.label}: ${noops} Update(s) that changed nothing (tolerated)`);
      }
    },
  ),
  webhookCheck(
    'webhook.once',
    'Each event is received once: no X-Jobsim-Event-Id twice, and (for servers without that header) no identical body twice.',
    (_ctx, sc) => {
      for (const t of sc.targets) {
        const evs = sc.events.get(t)!;
        const ids = new Map<string, ReceivedEvent>();
        const bodies = new Map<string, ReceivedEvent>();
        for (const e of evs) {
          if (e.eventId !== undefined) {
            const first = ids.get(e.eventId);
            if (first) fail(`${t.label}: event ${e.eventId} (${String(body(e)?.event)}) was received twice`, { expected: 'each X-Jobsim-Event-Id once (the receiver answered 200 at once, so no retry was due)', actual: trail(evs), exchange: shown(e) });
            ids.set(e.eventId, e);
          }
          const first = bodies.get(e.raw);
          if (first) fail(`${t.label}: the same ${String(body(e)?.event)} body was received twice${e.eventId ? ` (ids ${first.eventId} and ${e.eventId})` : ''}`, { expected: 'each event once', actual: trail(evs), exchange: shown(e) });
          bodies.set(e.raw, e);
        }
      }
    },
  ),
];
