// A fast-check model-based run: random sequences of create job, create batch, get, list, stop, stop a
// batch's job, delete and advance time, each checked against ApiModel after every step.
import fc from 'fast-check';
import { allowedBatchStatuses } from '../kit/batchStatus.js';
import { ensure, ensureStatus, fail } from '../kit/failure.js';
import { isSet, isTerminal } from '../kit/follow.js';
import { shortJobName, type BatchStatus } from '../kit/jobApi.js';
import { ApiModel, type ModelJob, type Span } from '../kit/model.js';
import { anyProfile } from '../kit/profiles.js';
import { checkProperty } from '../kit/property.js';
import type { Check, CheckContext, Exchange } from '../kit/types.js';

type Cmd = fc.AsyncCommand<ApiModel, CheckContext>;

async function span<T>(ctx: CheckContext, fn: () => Promise<T>): Promise<[T, Span]> {
  const lo = await ctx.time.now();
  const out = await fn();
  return [out, { lo, hi: (await ctx.time.now()) + ctx.time.resolutionMs }];
}

function expectJob(model: ApiModel, job: ModelJob, status: unknown, ended: unknown, at: Span, ex: Exchange, ctx: CheckContext) {
  model.seen.set(String(status), (model.seen.get(String(status)) ?? 0) + 1);
  const allowed = model.allowed(job, at);
  ensure(allowed.includes(String(status)), `job ${job.name} (workload ${job.seconds}s, exit ${job.exit}${job.stopped ? ', stopped' : ''}) is ${status}`, {
    expected: `one of ${allowed.join(', ')} at this time`,
    exchange: ex,
  });
  const terminal = isTerminal(String(status));
  // The reference reads Failed before its controller has recorded the Job's failure (`ended` unset, under a
  // second): tolerated in real time only, for Failed.
  const endedTrails = !ctx.time.virtual && status === 'Failed' && !isSet(ended);
  if (terminal !== isSet(ended) && !endedTrails) {
    fail(`job ${job.name} is ${status} with \`ended\` ${JSON.stringify(ended)}`, { expected: '`ended` set exactly on Succeeded, Failed and Stopped (in real time a Failed job\'s `ended` may trail its status)', exchange: ex });
  }
}

function checkBatch(m: ApiModel, batch: BatchStatus, at: Span, ex: Exchange, ctx: CheckContext) {
  const known = m.batches.get(batch.name)!;
  const jobs = batch.jobStatuses ?? [];
  ensure(jobs.map((j) => j.name).join() === known.jobs.join(), `the jobs of batch ${batch.name} changed`, { expected: known.jobs.join(', '), exchange: ex });
  for (const j of jobs) expectJob(m, m.jobs.get(j.name)!, j.status, j.ended, at, ex, ctx);
  const { allowed } = allowedBatchStatuses(jobs, ctx.batchStatusRules, anyProfile.batchStatusFor);
  ensure(allowed.includes(String(batch.status)), `batch status ${batch.status} with jobs [${jobs.map((j) => j.status).join(', ')}]`, {
    expected: `${allowed.join(' or ')} (${ctx.batchStatusRules?.length ? 'the given batchStatusRules, else ' : ''}either profile's derivation)`,
    exchange: ex,
  });
}

const pick = <T>(xs: T[], n: number): T | undefined => (xs.length ? xs[n % xs.length] : undefined);
const workload = (v: boolean) => fc.record({ seconds: v ? fc.integer({ min: 1, max: 30 }) : fc.integer({ min: 1, max: 2 }), exit: fc.constantFrom(0, 0, 1) });
const body = (w: { seconds: number; exit: number }) => ({ backoffLimit: 0, variables: { WORKLOAD_SECONDS: String(w.seconds), WORKLOAD_EXIT_CODE: String(w.exit) } });

class CreateJob implements Cmd {
  constructor(readonly w: { seconds: number; exit: number }) {}
  check = () => true;
  async run(m: ApiModel, ctx: CheckContext) {
    const [res, at] = await span(ctx, () => ctx.api.createJob(body(this.w)));
    ensureStatus(res.ex, 200, 'creating a job');
    m.jobs.set(res.body.name, { name: res.body.name, ...this.w, created: at, deleted: false });
  }
  toString = () => `createJob(${this.w.seconds}s, exit ${this.w.exit})`;
}

class CreateBatch implements Cmd {
  constructor(readonly ws: { seconds: number; exit: number }[]) {}
  check = () => true;
  async run(m: ApiModel, ctx: CheckContext) {
    const [res, at] = await span(ctx, () => ctx.api.createBatch({ jobScheduleDescriptions: this.ws.map(body) }));
    ensureStatus(res.ex, 200, 'creating a batch');
    const jobs = res.body.jobStatuses ?? [];
    ensure(jobs.length === this.ws.length, `the batch has ${jobs.length} jobStatuses for ${this.ws.length} jobs`, { exchange: res.ex });
    jobs.forEach((j, i) => m.jobs.set(j.name, { name: j.name, batch: res.body.name, ...this.ws[i]!, created: at, deleted: false }));
    m.batches.set(res.body.name, { name: res.body.name, jobs: jobs.map((j) => j.name), deleted: false });
  }
  toString = () => `createBatch(${this.ws.map((w) => `${w.seconds}s/exit ${w.exit}`).join(', ')})`;
}

class GetJob implements Cmd {
  constructor(readonly n: number) {}
  check = (m: Readonly<ApiModel>) => m.jobs.size > 0;
  async run(m: ApiModel, ctx: CheckContext) {
    const job = pick([...m.jobs.values()], this.n)!;
    const [res, at] = await span(ctx, () => ctx.api.getJob(job.name));
    if (job.deleted) return ensureStatus(res.ex, 404, `reading deleted job ${job.name}`);
    ensureStatus(res.ex, 200, `reading job ${job.name}`);
    expectJob(m, job, res.body.status, res.body.ended, at, res.ex, ctx);
  }
  toString = () => `getJob(#${this.n})`;
}

class GetBatch implements Cmd {
  constructor(readonly n: number) {}
  check = (m: Readonly<ApiModel>) => m.batches.size > 0;
  async run(m: ApiModel, ctx: CheckContext) {
    const batch = pick([...m.batches.values()], this.n)!;
    const [res, at] = await span(ctx, () => ctx.api.getBatch(batch.name));
    if (batch.deleted) return ensureStatus(res.ex, 404, `reading deleted batch ${batch.name}`);
    ensureStatus(res.ex, 200, `reading batch ${batch.name}`);
    checkBatch(m, res.body, at, res.ex, ctx);
  }
  toString = () => `getBatch(#${this.n})`;
}

class Stop implements Cmd {
  constructor(readonly n: number) {}
  check = (m: Readonly<ApiModel>) => m.jobs.size > 0;
  async run(m: ApiModel, ctx: CheckContext) {
    const job = pick([...m.jobs.values()], this.n)!;
    const call = () => (job.batch ? ctx.api.stopBatchJob(job.batch, shortJobName(job.batch, job.name)) : ctx.api.stopJob(job.name));
    const [res, at] = await span(ctx, call);
    if (job.deleted) return ensureStatus(res.ex, 404, `stopping deleted job ${job.name}`);
    const want = m.stopExpectation(job, at);
    ensureStatus(res.ex, want === 'either' ? [200, 400] : want, `stopping job ${job.name} (workload ${job.seconds}s${job.stopped ? ', already stopped' : ''})`);
    if (res.status === 200 && !job.stopped) job.stopped = at;
  }
  toString = () => `stop(#${this.n})`;
}

class Delete implements Cmd {
  constructor(readonly n: number, readonly batch: boolean) {}
  check = (m: Readonly<ApiModel>) => (this.batch ? m.live(m.batches as ApiModel['batches']).length > 0 : m.singleJobs().length > 0);
  async run(m: ApiModel, ctx: CheckContext) {
    if (this.batch) {
      const b = pick(m.live(m.batches), this.n)!;
      const res = await ctx.api.deleteBatch(b.name);
      ensureStatus(res.ex, 200, `deleting batch ${b.name}`);
      b.deleted = true;
      for (const j of b.jobs) m.jobs.get(j)!.deleted = true;
    } else {
      const j = pick(m.singleJobs(), this.n)!;
      const res = await ctx.api.deleteJob(j.name);
      ensureStatus(res.ex, 200, `deleting job ${j.name}`);
      j.deleted = true;
    }
  }
  toString = () => `delete${this.batch ? 'Batch' : 'Job'}(#${this.n})`;
}

class List implements Cmd {
  constructor(readonly batches: boolean) {}
  check = () => true;
  async run(m: ApiModel, ctx: CheckContext) {
    const [res, at] = await span(ctx, () => (this.batches ? ctx.api.listBatches() : ctx.api.listJobs()));
    ensureStatus(res.ex, 200, 'listing');
    const items = (Array.isArray(res.body) ? res.body : []) as BatchStatus[];
    const listed = new Map(items.map((x) => [String(x.name), x]));
    // whether GET /jobs lists the jobs of batches is a profile difference (profile.jobs-list-scope): a
    // batch's job is judged here only when it is listed
    const known = this.batches ? [...m.batches.values()] : [...m.jobs.values()].filter((j) => !j.batch || listed.has(j.name));
    for (const x of known) {
      ensure(listed.has(x.name) === !x.deleted, `${x.name} is ${listed.has(x.name) ? '' : 'not '}listed${x.deleted ? ' after it was deleted' : ''}`, { expected: x.deleted ? 'not listed' : 'listed', exchange: res.ex });
      const item = listed.get(x.name);
      if (!item) continue;
      if (this.batches) checkBatch(m, item, at, res.ex, ctx);
      else expectJob(m, x as ModelJob, item.status, item.ended, at, res.ex, ctx);
    }
  }
  toString = () => `list${this.batches ? 'Batches' : 'Jobs'}()`;
}

class Advance implements Cmd {
  constructor(readonly seconds: number) {}
  check = () => true;
  async run(_m: ApiModel, ctx: CheckContext) {
    await ctx.time.advance(this.seconds);
  }
  toString = () => `advance(${this.seconds}s)`;
}

/** Counts the steps, and after every step that changes state compares both lists with the model. */
function checkedAfterEachStep(cmd: Cmd): Cmd {
  const run = cmd.run.bind(cmd);
  const reads = cmd instanceof GetJob || cmd instanceof GetBatch || cmd instanceof List;
  cmd.run = async (m, r) => {
    m.steps++;
    await run(m, r);
    if (!reads) {
      await new List(false).run(m, r);
      await new List(true).run(m, r);
    }
  };
  return cmd;
}

function commands(virtual: boolean): fc.Arbitrary<Cmd>[] {
  const createJob = workload(virtual).map((w) => new CreateJob(w));
  const createBatch = fc.array(workload(virtual), { minLength: 1, maxLength: 3 }).map((ws) => new CreateBatch(ws));
  const advance = (virtual ? fc.integer({ min: 1, max: 20 }) : fc.constantFrom(0.5, 1, 1.5)).map((s) => new Advance(s));
  // creating and time passing appear twice: sequences then hold more jobs in more states
  return [
    createJob,
    createJob,
    createBatch,
    advance,
    fc.nat().map((n) => new GetJob(n)),
    fc.nat().map((n) => new GetBatch(n)),
    fc.nat().map((n) => new Stop(n)),
    fc.tuple(fc.nat(), fc.boolean()).map(([n, b]) => new Delete(n, b)),
    fc.boolean().map((b) => new List(b)),
    advance,
  ].map((arb: fc.Arbitrary<Cmd>) => arb.map(checkedAfterEachStep));
}

/**
 * Seconds after which an outcome that surely happened must be visible: scheduling latency and reconcile
 * delay. In real time a shared controller can be far behind (the reference's RadixBatch controller, serving
 * several job-schedulers, was seen to pick a new batch up 8 s late).
 */
const slackSeconds = (virtual: boolean) => (virtual ? 5 : 30);
/** In real time no new sequence starts after this long, so that a slow server cannot stretch the run. */
const REAL_TIME_BUDGET_MS = 45_000;

export const modelChecks: Check[] = [
  {
    id: 'model.random-sequences',
    tags: ['model'],
    guarantee:
      'Random sequences of create job/batch, get, list, stop, stop a batch job, delete and time passing keep the API consistent with a model of it after every step ' +
      '(membership of both lists, each job\'s possible statuses at that time, batch status from its jobs; what either profile allows where they differ). ' +
      `An outcome must be visible ${slackSeconds(true)} s after it surely happened on the virtual clock, ${slackSeconds(false)} s in real time (a shared controller may be far behind). ` +
      `10 sequences of up to 30 steps on the virtual clock; in real time 3 of up to 10 steps, none started after ${REAL_TIME_BUDGET_MS / 1000} s.`,
    advancesClock: true,
    async run(ctx) {
      const v = ctx.time.virtual;
      let sequences = 0;
      let steps = 0;
      const seen = new Map<string, number>();
      let interrupted = false;
      try {
        ({ interrupted } = await checkProperty(
          ctx,
          fc.asyncProperty(fc.commands(commands(v), { maxCommands: v ? 30 : 10, size: 'max' }), async (cmds) => {
            const model = new ApiModel(slackSeconds(v));
            sequences++;
            try {
              await fc.asyncModelRun(() => ({ model, real: ctx }), cmds);
            } finally {
              steps += model.steps;
              for (const [k, n] of model.seen) seen.set(k, (seen.get(k) ?? 0) + n);
              await ctx.api.cleanup();
            }
          }),
          v ? 10 : 3,
          v ? {} : { timeLimitMs: REAL_TIME_BUDGET_MS },
        ));
      } finally {
        if (interrupted) ctx.note(`no sequence started after ${REAL_TIME_BUDGET_MS / 1000} s (the real-time budget)`);
        ctx.note(`${sequences} sequences, ${steps} steps; job statuses observed: ${[...seen].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
      }
    },
  },
];

