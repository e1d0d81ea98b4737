// The conformance kit against the reference it imitates: the whole kit, in real time, against the
// running reference instance (radix-operator v1.126.1's job-scheduler and RadixBatch controller,
// scripts/reference/up.sh; instance $JOBSIM_REFERENCE_INSTANCE, default dev).
// - `--profile radix` must pass: every check passes or skips with a reason.
// - `--profile documented` must fail exactly the profile checks (tag `profile`, each judging one
//   documented-vs-reference difference) that observed their difference, and nothing else.
// Each run creates jobs and batches on the instance and must delete every one it made.
//
// Both runs are whole-kit runs, not limited with --only/--skip: each takes 100-110 s when the
// reference's shared RadixBatch controller is idle (about 3.5 min for the file). Skips, with the
// reason in the test names, when the reference or the control plane does not answer, and at run time
// when the shared controller is overloaded by other users (a probe job of 1 s takes longer than
// PROBE_LIMIT_S to succeed): the kit's lifecycle checks then time out, which says nothing about the kit.
import { createServer } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../conformance/checks/index.js';
import { loadBatchStatusRules, type BatchStatusRule } from '../../conformance/kit/batchStatus.js';
import { profileExpectations, type ProfileName } from '../../conformance/kit/profiles.js';
import { runChecks, type RunResult } from '../../conformance/kit/runner.js';
import type { Outcome } from '../../conformance/kit/types.js';
import { retryTimingFailures } from '../../conformance/test/timingRetry.js';
import { detectReference } from './support/referenceEnv.js';
import { ROOT } from './support/targets.js';

const env = await detectReference();

/** The run seed (printed; replay a failure with the replay line of its report). */
const SEED = Number(process.env.JOBSIM_REFERENCE_KIT_SEED || 1);
/** A 1 s job on an idle reference succeeds in 2-4 s; past this the shared controller is busy with others' work. */
const PROBE_LIMIT_S = 30;
/** One whole-kit run: ~110 s on an idle reference. */
const RUN_TIMEOUT_MS = 300_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function getJson(path: string): Promise<unknown> {
  const res = await fetch(new URL(path, env.url), { signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  return res.json();
}

/** Names of every job and batch the instance lists. */
async function listed(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const path of ['/api/v1/jobs', '/api/v1/batches']) {
    for (const item of ((await getJson(path)) as { name: string }[] | null) ?? []) names.add(item.name);
  }
  return names;
}

/** Seconds a 1 s job takes to succeed on the instance, or undefined past PROBE_LIMIT_S. Deletes the job. */
async function probeSeconds(): Promise<number | undefined> {
  const started = Date.now();
  const res = await fetch(new URL('/api/v1/jobs', env.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ backoffLimit: 0, variables: { WORKLOAD_SECONDS: '1' } }),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200) throw new Error(`the probe job was refused: ${res.status} ${await res.text()}`);
  const { name } = (await res.json()) as { name: string };
  try {
    while (Date.now() - started < PROBE_LIMIT_S * 1000) {
      const job = (await getJson(`/api/v1/jobs/${name}`)) as { status?: string };
      if (job.status === 'Succeeded') return (Date.now() - started) / 1000;
      await sleep(1000);
    }
    return undefined;
  } finally {
    await fetch(new URL(`/api/v1/jobs/${name}`, env.url), { method: 'DELETE', signal: AbortSignal.timeout(10_000) });
  }
}

async function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

function describeOutcome(o: Outcome): string {
  if (o.status === 'skipped') return `${o.id}: skipped (${o.skipReason})`;
  if (o.status === 'passed') return `${o.id}: passed`;
  return `${o.id}: ${o.failure?.message}${o.failure?.expected ? `\n    expected: ${o.failure.expected}` : ''}${o.failure?.actual ? `\n    actual: ${o.failure.actual.slice(0, 600)}` : ''}\n    replay: ${o.replay}`;
}

describe.skipIf(!env.ok)(`the conformance kit against the reference (instance ${env.instance}, real time)${env.ok ? '' : ` (skipped: ${env.reason})`}`, () => {
  let rules: BatchStatusRule[] | undefined;
  let rulesSpec = '';
  let webhookListen: string | undefined;
  let busy: string | undefined;

  beforeAll(async () => {
    // The component's batchStatusRules, as deployed: the kit cannot read a server's configuration.
    if (!env.config || !env.configEnvironment) throw new Error(`reference instance ${env.instance}: reference.env names no JOBSIM_REFERENCE_CONFIG/_ENVIRONMENT`);
    const config = isAbsolute(env.config) ? env.config : join(ROOT, env.config);
    rulesSpec = `${config}#${env.component}@${env.configEnvironment}`;
    rules = loadBatchStatusRules(rulesSpec);
    // The kit's receiver listens where the instance posts its webhook events, when that is this machine.
    if (env.webhook && ['127.0.0.1', 'localhost'].includes(env.webhook.host)) {
      if (await portFree('127.0.0.1', env.webhook.port)) webhookListen = `127.0.0.1:${env.webhook.port}`;
      else process.stdout.write(`kit vs reference: ${env.webhook.url} is taken by another process; the webhook checks are skipped\n`);
    } else process.stdout.write(`kit vs reference: instance ${env.instance} posts no webhook to this machine (${env.webhook?.url ?? 'none'}); the webhook checks are skipped\n`);
    const secs = await probeSeconds();
    if (secs === undefined) busy = `the reference's shared RadixBatch controller is overloaded: a 1 s probe job did not succeed within ${PROBE_LIMIT_S} s`;
    else process.stdout.write(`kit vs reference: probe job succeeded in ${secs.toFixed(1)} s\n`);
  }, 120_000);

  async function run(profile: ProfileName): Promise<RunResult> {
    const before = await listed();
    const started = Date.now();
    const opts = {
      baseUrl: env.url,
      profile: profileExpectations(profile),
      seed: SEED,
      timeoutMs: 120_000,
      concurrency: 4,
      ...(webhookListen ? { webhookListen } : { skip: ['webhook'] }),
      ...(rules ? { batchStatusRules: rules, batchStatusRulesSpec: rulesSpec } : {}),
    };
    // A timing check that failed runs once more on its own (timingRetry.ts: the host can stall).
    const { result, retried } = await retryTimingFailures(await runChecks(ALL_CHECKS, opts), (only) => runChecks(ALL_CHECKS, { ...opts, only }));
    for (const r of retried) process.stdout.write(`kit vs reference, --profile ${profile}: ${r.id} failed (${r.first}), run again: ${r.second}\n`);
    const counts = (s: string) => result.outcomes.filter((o) => o.status === s).length;
    process.stdout.write(
      `kit vs reference, --profile ${profile} --seed ${SEED}: ${counts('passed')} passed, ${counts('failed')} failed, ${counts('skipped')} skipped in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
        result.outcomes.filter((o) => o.status !== 'passed').map((o) => `  ${describeOutcome(o)}\n`).join(''),
    );
    expect(result.caps.virtualClock).toBe(false);
    expect(result.outcomes.length, 'every check of the kit ran (or skipped), plus schema.every-response').toBe(ALL_CHECKS.length + 1 - (webhookListen ? 0 : ALL_CHECKS.filter((c) => c.tags.includes('webhook')).length));
    // The kit deleted what it made (the reference deletes a RadixBatch at once; a short grace for its list).
    let left: string[] = [];
    for (let i = 0; i < 10; i++) {
      left = [...(await listed())].filter((n) => !before.has(n));
      if (left.length === 0) break;
      await sleep(1000);
    }
    expect(left, 'jobs and batches the kit created and left behind').toEqual([]);
    return result;
  }

  it('--profile radix: every check passes, each skip has a reason', async (ctx) => {
    if (busy) ctx.skip(busy);
    const result = await run('radix');
    expect(result.outcomes.filter((o) => o.status === 'failed').map(describeOutcome)).toEqual([]);
    for (const o of result.outcomes.filter((x) => x.status === 'skipped')) expect(o.skipReason, o.id).toBeTruthy();
  }, RUN_TIMEOUT_MS);

  it('--profile documented: fails exactly the profile checks that observed a documented-vs-reference difference', async (ctx) => {
    if (busy) ctx.skip(busy);
    const result = await run('documented');
    const profileIds = new Set(ALL_CHECKS.filter((c) => c.tags.includes('profile')).map((c) => c.id));
    // A profile check that could not observe its difference here skips and says why (e.g. profile.empty-list
    // on an instance holding batches); every other one judges a difference the reference shows, so fails.
    const observed = result.outcomes.filter((o) => profileIds.has(o.id) && o.status !== 'skipped').map((o) => o.id);
    const failed = result.outcomes.filter((o) => o.status === 'failed');
    expect(observed.length, 'profile checks that observed their difference').toBeGreaterThan(0);
    expect(failed.filter((o) => !profileIds.has(o.id)).map(describeOutcome), 'checks other than profile.* accept either profile').toEqual([]);
    expect(failed.map((o) => o.id).sort(), 'the profile checks that observed their difference').toEqual(observed.sort());
    for (const o of failed) expect(o.failure?.message, o.id).toBeTruthy();
    for (const o of result.outcomes.filter((x) => x.status === 'skipped')) expect(o.skipReason, o.id).toBeTruthy();
  }, RUN_TIMEOUT_MS);
});
