// The webhook checks: they pass against jobsim (`jobsim serve`, a child process) posting to the kit's
// receiver (both profiles, virtual and running clocks), and each deliberately broken sender (a relay between
// jobsim and the receiver that changes, drops, repeats or reorders events) is caught by the check meant for
// it, while the same relay passing events on unchanged passes that check. HTTP only, no jobsim internals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobsim } from '../../test/support/jobsimProcess.js';
import { ALL_CHECKS } from '../checks/index.js';
import { STAMP_TOLERANCE_MS } from '../checks/webhook.js';
import { profileExpectations, type ProfileName } from '../kit/profiles.js';
import { runChecks } from '../kit/runner.js';
import { parseListen } from '../kit/webhookReceiver.js';
import { passThrough, startJobsimWithWebhooks, type JobsimWithWebhooks, type Mutation, type RelayedEvent } from './webhookRelay.js';

/** Runs `only` against `w`'s jobsim with the kit's receiver on a fresh port, fed through `mutate`. */
async function runKit(w: JobsimWithWebhooks, opts: { profile?: ProfileName; only: string[]; mutate?: Mutation }) {
  const webhookListen = await w.receiver(opts.mutate);
  return runChecks(ALL_CHECKS, { baseUrl: w.server.baseUrl, profile: profileExpectations(opts.profile ?? 'documented'), seed: 1, timeoutMs: 60_000, concurrency: 4, only: opts.only, webhookListen });
}

async function run(opts: { profile?: ProfileName; clock?: string; only: string[] }) {
  const w = await startJobsimWithWebhooks({ profile: opts.profile ?? 'documented', clock: opts.clock ?? 'manual' });
  try {
    return await runKit(w, opts);
  } finally {
    await w.close();
  }
}

const WEBHOOK_IDS = ALL_CHECKS.filter((c) => c.tags.includes('webhook')).map((c) => c.id);

describe('the webhook checks against jobsim posting to the kit', () => {
  for (const { profile, clock } of [
    { profile: 'documented', clock: 'manual' },
    { profile: 'radix', clock: 'manual' },
    { profile: 'documented', clock: 'scaled:10' },
  ] as const) {
    it(`all pass (${profile} profile, ${clock} clock)`, async () => {
      const result = await run({ profile, clock, only: ['webhook'] });
      expect(result.caps.webhookReceiver).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const bad = result.outcomes.filter((o) => o.status !== 'passed');
      expect(bad.map((o) => `${o.id}: ${o.status} ${o.failure?.message ?? o.skipReason}\n${o.failure?.actual ?? ''}\n${o.notes.join('\n')}`)).toEqual([]);
      expect(result.outcomes.map((o) => o.id).sort()).toEqual([...WEBHOOK_IDS].sort());
    }, 120_000);
  }

  it('are skipped with a reason without --webhook-listen', async () => {
    const server = await startJobsim();
    try {
      const result = await runChecks(ALL_CHECKS, { baseUrl: server.baseUrl, profile: profileExpectations('documented'), seed: 1, timeoutMs: 60_000, concurrency: 4, only: ['webhook'] });
      expect(result.outcomes.map((o) => o.status)).toEqual(WEBHOOK_IDS.map(() => 'skipped'));
      for (const o of result.outcomes) expect(o.skipReason).toMatch(/--webhook-listen/);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('parses HOST:PORT', () => {
    expect(parseListen('127.0.0.1:8088')).toEqual({ host: '127.0.0.1', port: 8088 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(() => parseListen('8088')).toThrow(/HOST:PORT/);
  });
});

interface Variant {
  fault: string;
  check: string;
  /** Part of the failure message that shows the check saw this fault. */
  message: RegExp;
  mutate: () => Mutation;
}

/**
 * An event the broken sender makes late: stamped `ms` after `after`, as a server that builds it after that one
 * would. (An event merely delivered late keeps its earlier stamp, and the kit judges the order events were made.)
 * By default just past the kit's tolerance for stamps close together (STAMP_TOLERANCE_MS).
 */
const late = (e: RelayedEvent, after: RelayedEvent, ms = STAMP_TOLERANCE_MS + 1): RelayedEvent => ({ ...e, updated: new Date(Date.parse(String(after.updated)) + ms).toISOString() });

const variants: Variant[] = [
  {
    fault: 'the Delete event is never sent',
    check: 'webhook.received',
    message: /no Delete event/,
    mutate: () => (e, emit) => {
      if (e.event !== 'Delete') emit(e);
    },
  },
  {
    fault: 'Create is made after the first Update',
    check: 'webhook.order',
    message: /first event is Update, not Create/,
    mutate: () => {
      const held = new Map<string, RelayedEvent>();
      return (e, emit) => {
        if (e.event === 'Create') return void held.set(e.name, e);
        emit(e);
        const c = held.get(e.name);
        if (c) {
          held.delete(e.name);
          emit(late(c, e));
        }
      };
    },
  },
  {
    fault: 'a stale Update (a job Running) is made after the one where that job Succeeded',
    check: 'webhook.order',
    message: /Succeeded -> (Running|Active) \(backwards\)/,
    mutate: () => {
      const held = new Map<string, RelayedEvent>();
      const done = new Set<string>();
      const running = (e: RelayedEvent) => (e.jobStatuses ?? []).some((j) => j.status === 'Running' || j.status === 'Active');
      return (e, emit) => {
        if (e.event === 'Update' && !done.has(e.name) && running(e)) {
          const prev = held.get(e.name);
          if (prev) emit(prev);
          return void held.set(e.name, e);
        }
        emit(e);
        const h = held.get(e.name);
        if (h && (e.jobStatuses ?? []).some((j) => j.status === 'Succeeded')) {
          emit(late(h, e));
          held.delete(e.name);
          done.add(e.name);
        }
      };
    },
  },
  {
    fault: 'every Update is delivered twice with the same event id',
    check: 'webhook.once',
    message: /received twice/,
    mutate: () => {
      let n = 0;
      return (e, emit) => {
        if (e.event !== 'Update') return emit(e);
        const id = `dup/${++n}`;
        emit(e, id);
        emit(e, id);
      };
    },
  },
  {
    fault: 'every Update carries all the batch\'s jobs, changed or not',
    check: 'webhook.changed-only',
    message: /did not change/,
    mutate: () => {
      const jobs = new Map<string, Map<string, unknown>>();
      return (e, emit) => {
        const known = jobs.get(e.name) ?? new Map<string, unknown>();
        jobs.set(e.name, known);
        for (const j of e.jobStatuses ?? []) known.set(j.name, j);
        emit(e.event === 'Update' ? { ...e, jobStatuses: [...known.values()] } : e);
      };
    },
  },
  {
    fault: '`event` is sent lower-case ("update")',
    check: 'webhook.shape',
    message: /`event` is "update"/,
    mutate: () => (e, emit) => emit(e.event === 'Update' ? { ...e, event: 'update' } : e),
  },
  {
    fault: 'the batch status is sent as `batchStatus` (required `status` missing, stray key)',
    check: 'webhook.shape',
    message: /not a BatchEvent/,
    mutate: () => (e, emit) => {
      const { status, ...rest } = e;
      emit({ ...rest, batchStatus: status });
    },
  },
];

describe('the webhook checks catch broken senders', () => {
  // one jobsim for every variant: it posts to the relay, which each run points at a fresh receiver
  let w: JobsimWithWebhooks;
  beforeAll(async () => {
    w = await startJobsimWithWebhooks();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('events delivered out of order but stamped in order pass webhook.order (as the reference delivers them)', async () => {
    // the Create and the first Update of each batch are delivered swapped, with the stamps jobsim gave them
    const held = new Map<string, RelayedEvent>();
    const swapped: Mutation = (e, emit) => {
      if (e.event === 'Create') return void held.set(e.name, e);
      emit(e);
      const c = held.get(e.name);
      if (c) {
        held.delete(e.name);
        emit(c);
      }
    };
    const result = await runKit(w, { only: ['webhook.order', 'webhook.received'], mutate: swapped });
    for (const o of result.outcomes) expect(o.status, `${o.id}: ${o.failure?.message} ${o.notes.join('; ')}`).toBe('passed');
    expect(result.outcomes.find((o) => o.id === 'webhook.received')?.notes.join(' ')).toMatch(/Create\[\] Update/);
  }, 120_000);

  it(`a Create stamped a few ms after the first Update passes webhook.order (the reference stamps each event in the goroutine that posts it; tolerance ${STAMP_TOLERANCE_MS} ms)`, async () => {
    const held = new Map<string, RelayedEvent>();
    const raced: Mutation = (e, emit) => {
      if (e.event === 'Create') return void held.set(e.name, e);
      emit(e);
      const c = held.get(e.name);
      if (c) {
        held.delete(e.name);
        emit(late(c, e, 5));
      }
    };
    const result = await runKit(w, { only: ['webhook.order'], mutate: raced });
    const o = result.outcomes[0]!;
    expect(o.status, `${o.id}: ${o.failure?.message}`).toBe('passed');
  }, 120_000);

  for (const v of variants) {
    it(`${v.fault}: caught by ${v.check}`, async () => {
      const broken = await runKit(w, { only: [v.check], mutate: v.mutate() });
      const o = broken.outcomes.find((x) => x.id === v.check)!;
      expect(o.status, `${v.check} should fail: ${o.notes.join('; ')}`).toBe('failed');
      expect(o.failure?.message).toMatch(v.message);
      expect(o.replay).toContain('--webhook-listen');
      // the relay passing every event on unchanged passes the same check: the failure is the fault's
      const faithful = await runKit(w, { only: [v.check], mutate: passThrough });
      const f = faithful.outcomes.find((x) => x.id === v.check)!;
      expect(f.status, `${f.failure?.message} ${f.notes.join('; ')}`).toBe('passed');
    }, 120_000);
  }
});
