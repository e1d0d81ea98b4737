// The reference in the loop: every case (test/reference/cases) is sent to the running reference
// (radix-operator v1.126.1's job-scheduler, scripts/reference/up.sh) and to `jobsim serve --compat
// radix --config examples/radixconfig.yaml --environment dev` on the simulator and on the
// kubernetes backend, and what each answered is compared (support/compare.ts). A difference is a
// bug in jobsim's radix profile unless it is a KNOWN one (support/known.ts), which must still
// happen. Prints the share of identical cases and the deliberate differences.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyCases } from './cases/bodies.js';
import { httpCases } from './cases/http.js';
import { lifecycleCases } from './cases/lifecycles.js';
import { nameCases } from './cases/names.js';
import { routeCases } from './cases/routes.js';
import { stopDeleteCases } from './cases/stopDelete.js';
import { validationCases } from './cases/validation.js';
import { CaseContext, TIMED_GROUPS, type Case, type CaseRecord, type Fixtures } from './support/cases.js';
import { compareRecords, controllerLag, type CompareMode } from './support/compare.js';
import { createFixtures } from './support/fixtures.js';
import { KNOWN, type Known } from './support/known.js';
import { Poller } from './support/poller.js';
import { detectReference } from './support/referenceEnv.js';
import { BACKENDS, clearTarget, jobsimTarget, referenceTarget, ROOT, simulatorHasLatency, type Backend, type Target, type TargetName } from './support/targets.js';

const env = await detectReference();

export const CASES: Case[] = [...routeCases, ...lifecycleCases, ...stopDeleteCases, ...httpCases, ...bodyCases, ...validationCases, ...nameCases];

/** Poll interval of every target (the same, so that sampling treats them alike); the reference's client allows 5 requests/s and a poll costs it up to 7. */
const POLL_MS = 2000;
/**
 * Cases in flight at once: those whose timing counts (the reference's controller syncs one batch
 * of a namespace at a time, so each one slows the others), and those that only send requests
 * (the reference's client allows 5 requests/s).
 */
const TIMED_CONCURRENCY = 4;
const CONCURRENCY = 8;
/**
 * Times are compared only when the machine was not overloaded while the timed cases ran: the
 * reference's controller synced new batches within MAX_CONTROLLER_LAG s (median), and the load
 * average per CPU stayed within MAX_LOAD. On a 2-core machine shared with other work, the
 * reference takes 10-25 s for what takes it 3-5 s when the machine is quiet.
 */
const MAX_CONTROLLER_LAG = 1.5;
const MAX_LOAD = 2.5;
/** JOBSIM_REFERENCE_TIMES=always compares times however loaded the machine was (to look at them; the summary says so). */
const TIMES_ALWAYS = process.env.JOBSIM_REFERENCE_TIMES === 'always';
/** The share of cases that must be identical on each backend. */
const TARGET_SHARE = 0.95;

interface Outcome {
  /** pending: only differences that are to go with another branch's work (see Known.pending). */
  kind: 'identical' | 'deliberate' | 'pending' | 'different' | 'skipped';
  diffs: string[];
  /** Differences no KNOWN entry explains. */
  unexplained: string[];
  known: Known[];
  reason?: string;
}

const ids = new Set<string>();
for (const c of CASES) {
  if (ids.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
  ids.add(c.id);
}

describe.skipIf(!env.ok)(`differential: the reference vs jobsim --compat radix${env.ok ? '' : ` (skipped: ${env.reason})`}`, () => {
  const targets = new Map<TargetName, Target>();
  const pollers = new Map<TargetName, Poller>();
  const records = new Map<string, Map<TargetName, CaseRecord>>();
  const outcomes = new Map<string, Map<Backend, Outcome>>();
  let setupError: Error | undefined;

  async function runCase(c: Case, fixtures: Map<TargetName, Fixtures> | undefined): Promise<void> {
    const byTarget = new Map<TargetName, CaseRecord>();
    await Promise.all(
      [...targets.values()].map(async (t) => {
        const ctx = new CaseContext(t, fixtures?.get(t.name), pollers.get(t.name)!);
        try {
          await c.run(ctx);
        } catch (err) {
          ctx.record.error = err instanceof Error ? err.message.replace(/^(reference|simulator|kubernetes): /, '') : String(err);
        }
        byTarget.set(t.name, ctx.record);
      }),
    );
    records.set(c.id, byTarget);
  }

  beforeAll(async () => {
    try {
      const started = Date.now();
      const [ref, sim, kube] = await Promise.all([
        referenceTarget(env),
        jobsimTarget({ backend: 'simulator', cluster: env.cluster }),
        jobsimTarget({ backend: 'kubernetes', cluster: env.cluster }),
      ]);
      for (const t of [ref, sim, kube]) {
        targets.set(t.name, t);
        pollers.set(t.name, new Poller(t, POLL_MS));
      }
      await Promise.all([...targets.values()].map(clearTarget));
      // Cases that list or stop everything: one at a time, each on empty servers.
      for (const c of CASES.filter((c) => c.exclusive)) {
        await runCase(c, undefined);
        await Promise.all([...targets.values()].map(clearTarget));
      }
      const fixtures = new Map<TargetName, Fixtures>();
      await Promise.all([...targets.values()].map(async (t) => fixtures.set(t.name, await createFixtures(t, pollers.get(t.name)!))));
      // The rest side by side: first those whose timing counts, then those that only send requests.
      const inParallel = async (queue: Case[], width: number) => {
        const workers = Array.from({ length: width }, async () => {
          for (let c = queue.shift(); c; c = queue.shift()) await runCase(c, fixtures);
        });
        await Promise.all(workers);
      };
      const sampler = setInterval(() => loads.push(loadavg()[0]! / availableParallelism()), 5000);
      try {
        await inParallel(CASES.filter((c) => !c.exclusive && TIMED_GROUPS.includes(c.group)), TIMED_CONCURRENCY);
      } finally {
        clearInterval(sampler);
      }
      await inParallel(CASES.filter((c) => !c.exclusive && !TIMED_GROUPS.includes(c.group)), CONCURRENCY);
      process.stdout.write(`differential: ${CASES.length} cases on 3 targets in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    } catch (err) {
      setupError = err as Error;
    }
    classify();
    report();
  }, 900_000);

  afterAll(async () => {
    await Promise.all(
      [...targets.values()].map(async (t) => {
        await clearTarget(t).catch(() => undefined);
        await t.close();
      }),
    );
  }, 120_000);

  let mode: CompareMode = { timing: true };
  let lag: number | undefined;
  /** Load average per CPU, sampled while the timed cases ran. */
  const loads: number[] = [];
  const maxLoad = () => (loads.length ? Math.max(...loads) : loadavg()[0]! / availableParallelism());

  function classify(): void {
    lag = controllerLag([...records.values()].map((m) => m.get('reference')!).filter(Boolean));
    mode = { timing: TIMES_ALWAYS || ((lag === undefined || lag <= MAX_CONTROLLER_LAG) && maxLoad() <= MAX_LOAD) };
    for (const c of CASES) {
      const byBackend = new Map<Backend, Outcome>();
      const recs = records.get(c.id);
      for (const backend of BACKENDS) {
        const ref = recs?.get('reference');
        const other = recs?.get(backend);
        if (!ref || !other) {
          byBackend.set(backend, { kind: 'different', diffs: [`not run${setupError ? `: ${setupError.message}` : ''}`], unexplained: ['not run'], known: [] });
          continue;
        }
        const noHooks = c.needsHooks && (!targets.get('reference')?.hooks || !targets.get(backend)?.hooks);
        if (noHooks) {
          byBackend.set(backend, { kind: 'skipped', diffs: [], unexplained: [], known: [], reason: targets.get('reference')?.hooksReason || 'no webhook receiver' });
          continue;
        }
        const diffs = compareRecords(ref, other, mode);
        const applicable = KNOWN.filter((k) => k.backends.includes(backend) && k.cases.test(c.id));
        const known: Known[] = [];
        const unexplained = diffs.filter((d) => {
          const k = applicable.find((k) => k.match.test(d));
          if (k && !known.includes(k)) known.push(k);
          return !k;
        });
        const kind = diffs.length === 0 ? 'identical' : unexplained.length > 0 ? 'different' : known.every((k) => k.pending) ? 'pending' : 'deliberate';
        byBackend.set(backend, { kind, diffs, unexplained, known });
      }
      outcomes.set(c.id, byBackend);
    }
  }

  function report(): void {
    const lines: string[] = [];
    lines.push(`reference differential (reference instance ${env.instance}, ${env.url}; simulator latency: ${simulatorHasLatency() ? 'cluster' : 'off (no --latency in this jobsim)'})`);
    lines.push(
      `  load while timed cases ran: ${maxLoad().toFixed(1)} per CPU (at most ${MAX_LOAD}); the reference's controller synced new batches after ${lag === undefined ? '?' : lag.toFixed(1)} s (median, at most ${MAX_CONTROLLER_LAG}): ${mode.timing ? `times compared${TIMES_ALWAYS ? ' (JOBSIM_REFERENCE_TIMES=always)' : ''}` : 'the machine was too loaded for times to mean anything: times not compared, transient statuses one side never recorded not counted'}`,
    );
    for (const backend of BACKENDS) {
      const all = [...outcomes.values()].map((m) => m.get(backend)!).filter((o) => o.kind !== 'skipped');
      const count = (kind: Outcome['kind']) => all.filter((o) => o.kind === kind).length;
      const identical = count('identical');
      const pending = count('pending');
      const skipped = [...outcomes.values()].filter((m) => m.get(backend)!.kind === 'skipped').length;
      const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;
      lines.push(
        `  ${backend}: ${identical}/${all.length} cases identical (${pct(identical, all.length)})${pending ? `; without the ${pending} pending another branch, ${identical}/${all.length - pending} (${pct(identical, all.length - pending)})` : ''}; ${count('deliberate')} with deliberate differences only, ${count('different')} different${skipped ? `, ${skipped} skipped` : ''}`,
      );
    }
    lines.push('deliberate differences (test/reference/support/known.ts):');
    for (const k of KNOWN) {
      const where = BACKENDS.map((b) => [b, [...outcomes.entries()].filter(([, m]) => m.get(b)?.known.includes(k)).map(([id]) => id)] as const).filter(([, ids]) => ids.length);
      lines.push(`  - ${k.name}${k.unstable ? ' (timing-dependent)' : ''}${k.pending ? ` (pending ${k.pending})` : ''} [${where.map(([b, ids]) => `${b}: ${ids.length} case${ids.length === 1 ? '' : 's'}`).join(', ') || 'matched nothing'}]: ${k.why}`);
    }
    const different = [...outcomes.entries()].flatMap(([id, m]) => BACKENDS.filter((b) => m.get(b)!.kind === 'different').map((b) => `  - [${b}] ${id}: ${m.get(b)!.unexplained.join(' | ').slice(0, 600)}`));
    if (different.length) lines.push('differences not explained:', ...different);
    const text = `${lines.join('\n')}\n`;
    process.stdout.write(`\n${text}`);
    const dir = join(ROOT, 'reports');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'reference-differential.txt'), text);
    writeFileSync(join(dir, 'reference-differential.json'), JSON.stringify({ records: Object.fromEntries([...records].map(([id, m]) => [id, Object.fromEntries(m)])), outcomes: Object.fromEntries([...outcomes].map(([id, m]) => [id, Object.fromEntries(m)])) }, null, 1));
  }

  it('the targets start and every case runs', () => {
    expect(setupError?.message).toBeUndefined();
  });

  for (const c of CASES) {
    for (const backend of BACKENDS) {
      it(`[${backend}] ${c.id}`, (ctx) => {
        const o = outcomes.get(c.id)?.get(backend);
        if (o?.kind === 'skipped') ctx.skip(o.reason);
        expect(o, 'no outcome').toBeDefined();
        expect(o!.unexplained, `${c.id} on the ${backend} backend differs from the reference:\n${o!.unexplained.join('\n')}`).toEqual([]);
      });
    }
  }

  it(`at least ${TARGET_SHARE * 100}% of the cases are identical on each backend (those pending another branch aside)`, () => {
    for (const backend of BACKENDS) {
      const all = [...outcomes.values()].map((m) => m.get(backend)!).filter((o) => o.kind !== 'skipped' && o.kind !== 'pending');
      const identical = all.filter((o) => o.kind === 'identical').length;
      expect(identical / all.length, `${backend}: ${identical}/${all.length} identical`).toBeGreaterThanOrEqual(TARGET_SHARE);
    }
  });

  it('every deliberate difference still happens (no stale KNOWN entry)', () => {
    const stale = KNOWN.filter((k) => {
      const applicable = [...outcomes.entries()].filter(([id]) => k.cases.test(id));
      if (applicable.length === 0) return true;
      // An entry whose cases were all skipped (no webhook receiver) cannot be judged.
      const judged = applicable.some(([, m]) => k.backends.some((b) => m.get(b)?.kind !== 'skipped'));
      return judged && !k.unstable && !applicable.some(([, m]) => k.backends.some((b) => m.get(b)?.known.includes(k)));
    });
    expect(stale.map((k) => k.name)).toEqual([]);
  });
});
