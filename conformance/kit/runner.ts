// Runs the selected checks against a base URL: probe capabilities, run independent checks with bounded
// concurrency, then the checks that need the server (or its clock) alone, then report schema conformance
// of all the traffic.
import { probe } from './capabilities.js';
import type { BatchStatusRule } from './batchStatus.js';
import { CheckFailure, SkipCheck } from './failure.js';
import { Client, HttpError } from './http.js';
import { JobApi } from './jobApi.js';
import { Contract } from './openapi.js';
import type { ProfileExpectations } from './profiles.js';
import { checkSeed, select } from './select.js';
import { DEFAULT_POLL_RATE, PollPacer, RealTime, ServerPolledTime, VirtualTime } from './time.js';
import type { Capabilities, Check, CheckContext, ContractProblem, Outcome } from './types.js';
import { WebhookReceiver } from './webhookReceiver.js';

export interface RunOptions {
  baseUrl: string;
  headers?: Record<string, string>;
  profile: ProfileExpectations;
  seed: number;
  only?: string[];
  skip?: string[];
  /** Time limit of one check, ms. */
  timeoutMs: number;
  concurrency: number;
  noSim?: boolean;
  resetSim?: boolean;
  fcPath?: string;
  /** Start the webhook receiver on HOST:PORT for the run (the server must be configured to post there). */
  webhookListen?: string;
  /** The server's job component's batchStatusRules, when known, and the `--batch-status-rules` value they came from. */
  batchStatusRules?: BatchStatusRule[];
  batchStatusRulesSpec?: string;
  /** Polling reads per second of the whole run in real time (default DEFAULT_POLL_RATE). */
  pollRate?: number;
  onStart?(info: { caps: Capabilities; total: number }): void;
  onOutcome?(outcome: Outcome): void;
}

export interface RunResult {
  baseUrl: string;
  profile: string;
  seed: number;
  caps: Capabilities;
  outcomes: Outcome[];
  notSelected: number;
  ms: number;
}

export const EVERY_RESPONSE_ID = 'schema.every-response';

export async function runChecks(all: Check[], opts: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const contract = new Contract();
  const base = new Client({ baseUrl: opts.baseUrl, headers: opts.headers ?? {}, requestTimeoutMs: Math.min(10_000, opts.timeoutMs) });
  const caps = await probe(base, { noSim: opts.noSim ?? false });
  if (opts.resetSim && caps.simControl) {
    const res = await base.request('POST', '/sim/v1/reset');
    if (res.status !== 200) throw new HttpError(`POST /sim/v1/reset answered ${res.status}: ${res.text.slice(0, 200)}`, { method: 'POST', url: res.ex.url });
  }
  const checks = select(all, opts.only ?? [], opts.skip ?? []);
  const webhooks = opts.webhookListen ? await WebhookReceiver.start(opts.webhookListen) : undefined;
  if (webhooks) caps.webhookReceiver = webhooks.url;
  try {
    return await runSelected(all, checks, opts, { base, contract, caps, started, ...(webhooks ? { webhooks } : {}) });
  } finally {
    await webhooks?.close();
  }
}

async function runSelected(all: Check[], checks: Check[], opts: RunOptions, run: { base: Client; contract: Contract; caps: Capabilities; started: number; webhooks?: WebhookReceiver }): Promise<RunResult> {
  const { base, contract, caps, started } = run;
  const pacer = new PollPacer(opts.pollRate ?? DEFAULT_POLL_RATE);
  const wantsEveryResponse = select([{ id: EVERY_RESPONSE_ID, tags: ['schema'] }], opts.only ?? [], opts.skip ?? []).length > 0;
  opts.onStart?.({ caps, total: checks.length + (wantsEveryResponse ? 1 : 0) });
  const outcomes: Outcome[] = [];
  const allProblems: { check: string; problem: ContractProblem }[] = [];
  const exclusive = (c: Check) => !!c.exclusive || (!!c.advancesClock && caps.virtualClock);

  const runOne = async (check: Check) => {
    const outcome = await runCheck(check, { base, contract, caps, opts, pacer, problems: allProblems, ...(run.webhooks ? { webhooks: run.webhooks } : {}) });
    outcomes.push(outcome);
    opts.onOutcome?.(outcome);
  };
  const shared = checks.filter((c) => !exclusive(c));
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(opts.concurrency, shared.length)) }, async () => {
      while (next < shared.length) await runOne(shared[next++]!);
    }),
  );
  for (const check of checks.filter(exclusive)) await runOne(check);

  if (wantsEveryResponse) {
    const o = everyResponseOutcome(allProblems, opts);
    outcomes.push(o);
    opts.onOutcome?.(o);
  }
  const order = new Map(all.map((c, i) => [c.id, i]));
  outcomes.sort((a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9));
  return { baseUrl: opts.baseUrl, profile: opts.profile.name, seed: opts.seed, caps, outcomes, notSelected: all.length - checks.length, ms: Math.round(performance.now() - started) };
}

interface Env {
  base: Client;
  contract: Contract;
  caps: Capabilities;
  opts: RunOptions;
  /** Spaces the polling reads of all checks in real time. */
  pacer: PollPacer;
  problems: { check: string; problem: ContractProblem }[];
  webhooks?: WebhookReceiver;
}

async function runCheck(check: Check, env: Env): Promise<Outcome> {
  const { caps, opts } = env;
  const seed = checkSeed(opts.seed, check.id);
  const outcome: Outcome = { id: check.id, tags: check.tags, guarantee: check.guarantee, status: 'passed', ms: 0, seed, notes: [], requests: 0 };
  const skipReason = check.skipIf?.(caps, opts.profile);
  if (skipReason) return { ...outcome, status: 'skipped', skipReason };
  if (check.advancesClock && !caps.virtualClock && caps.virtualClockReason) outcome.notes.push(`real time: ${caps.virtualClockReason}`);
  const started = performance.now();
  const abort = new AbortController();
  const problems: ContractProblem[] = [];
  const client = env.base.derive({
    signal: abort.signal,
    onResponse: (ex, body, template) => {
      const found = env.contract.problems(ex.method, new URL(ex.url).pathname, ex.status, ex.contentType, body, ex.responseBody, template);
      if (found.length) {
        const problem = { ex, problems: found };
        problems.push(problem);
        env.problems.push({ check: check.id, problem });
      }
    },
  });
  const api = new JobApi(client);
  const ctx: CheckContext = {
    api,
    client,
    profile: opts.profile,
    time: caps.virtualClock ? new VirtualTime(client) : caps.clockScale ? new ServerPolledTime(client, caps.clockScale, abort.signal) : new RealTime(env.pacer, abort.signal),
    caps,
    seed,
    ...(opts.fcPath ? { fcPath: opts.fcPath } : {}),
    signal: abort.signal,
    ...(env.webhooks ? { webhooks: env.webhooks } : {}),
    ...(opts.batchStatusRules ? { batchStatusRules: opts.batchStatusRules } : {}),
    contractProblems: () => problems,
    note: (line) => outcome.notes.push(line),
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort(new Error('timeout'));
      reject(new CheckFailure({ message: `the check did not finish within ${opts.timeoutMs} ms (--timeout)`, ...(client.recent.at(-1) ? { exchange: client.recent.at(-1)! } : {}) }));
    }, opts.timeoutMs);
  });
  try {
    await Promise.race([check.run(ctx), timeout]);
  } catch (err) {
    if (err instanceof SkipCheck) {
      outcome.status = 'skipped';
      outcome.skipReason = err.message;
    } else {
      outcome.status = 'failed';
      outcome.failure =
        err instanceof CheckFailure
          ? err.detail
          : err instanceof HttpError
            ? { message: err.message, expected: 'an HTTP response', actual: 'no response', exchange: { method: err.request.method, url: err.request.url, ...(err.request.requestBody ? { requestBody: err.request.requestBody } : {}), status: 0, contentType: '', responseBody: '', ms: 0 } }
            : { message: `the check crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` };
      outcome.replay = replayCommand(opts, check.id, outcome.failure.fcPath);
    }
  } finally {
    clearTimeout(timer);
    // Clean up with a client that is not aborted, so a timed-out check still removes what it made.
    const cleaner = new JobApi(env.base);
    cleaner.created.push(...api.created);
    await cleaner.cleanup();
  }
  outcome.ms = Math.round(performance.now() - started);
  outcome.requests = client.count;
  return outcome;
}

function everyResponseOutcome(problems: Env['problems'], opts: RunOptions): Outcome {
  const outcome: Outcome = {
    id: EVERY_RESPONSE_ID,
    tags: ['schema'],
    guarantee: "Every response the server gave during this run (all checks) has a status, content type and body that openapi.yaml declares (a 404 for a name holding an encoded `/` is the router's and is not judged).",
    status: problems.length ? 'failed' : 'passed',
    ms: 0,
    seed: opts.seed,
    notes: [],
    requests: 0,
  };
  if (problems.length) {
    const first = problems[0]!;
    outcome.failure = {
      message: `${problems.length} response(s) do not match openapi.yaml; first (during ${first.check}): ${first.problem.problems[0]}`,
      expected: 'status, content type and body as openapi.yaml declares them',
      actual: problems.slice(0, 20).map((p) => `[${p.check}] ${p.problem.ex.method} ${p.problem.ex.url} -> ${p.problem.ex.status}: ${p.problem.problems.join('; ')}`).join('\n'),
      exchange: first.problem.ex,
    };
    outcome.replay = replayCommand(opts, `${first.check} ${EVERY_RESPONSE_ID}`);
  }
  return outcome;
}

export function replayCommand(opts: RunOptions, id: string, fcPath?: string): string {
  const parts = ['jobsim conformance', `--base-url ${opts.baseUrl}`, `--profile ${opts.profile.name}`, `--seed ${opts.seed}`, `--only ${id}`];
  if (fcPath) parts.push(`--fc-path ${fcPath}`);
  if (opts.noSim) parts.push('--no-sim');
  if (opts.webhookListen) parts.push(`--webhook-listen ${opts.webhookListen}`);
  if (opts.batchStatusRulesSpec) parts.push(`--batch-status-rules ${opts.batchStatusRulesSpec}`);
  else if (opts.batchStatusRules) parts.push('(plus your batchStatusRules)');
  if (opts.pollRate !== undefined) parts.push(`--poll-rate ${opts.pollRate}`);
  if (opts.headers && Object.keys(opts.headers).length) parts.push('(plus your --header options)');
  return parts.join(' ');
}
