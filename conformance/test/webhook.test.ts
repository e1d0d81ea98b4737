// The webhook checks: they pass against jobsim posting to the kit's receiver (both profiles, virtual and
// running clocks), and each deliberately broken sender (a sink that posts the engine's events itself, but
// wrongly) is caught by the check meant for it, while jobsim's real sender passes that same check.
import { describe, expect, it } from 'vitest';
import type { BatchEvent, WebhookDelivery, WebhookSink } from '../../src/engine/notifications.js';
import { ALL_CHECKS } from '../checks/index.js';
import { profileExpectations, type ProfileName } from '../kit/profiles.js';
import { runChecks } from '../kit/runner.js';
import { parseListen } from '../kit/webhookReceiver.js';
import { freePort, startJobsim } from './jobsimServer.js';

type Emit = (event: object, id?: string) => void;

/** A webhook sender that posts, one at a time in order, what `mutate` makes of each engine event. */
class BrokenSink implements WebhookSink {
  private chain: Promise<unknown> = Promise.resolve();
  private seq = 0;
  constructor(private readonly mutate: (d: WebhookDelivery, emit: Emit) => void) {}
  deliver(d: WebhookDelivery): void {
    this.mutate(d, (event, id) => {
      const eventId = id ?? `broken/${++this.seq}`;
      const body = JSON.stringify(event);
      this.chain = this.chain.then(() =>
        fetch(d.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-jobsim-event-id': eventId }, body })
          .then((r) => r.arrayBuffer())
          .catch(() => undefined),
      );
    });
  }
}

async function run(opts: { profile?: ProfileName; clock?: string; only: string[]; sink?: (url: string) => WebhookSink }) {
  const port = await freePort();
  const listen = `127.0.0.1:${port}`;
  const url = `http://${listen}/events`;
  const server = await startJobsim({ profile: opts.profile ?? 'documented', clock: opts.clock ?? 'manual', webhook: url, ...(opts.sink ? { webhooks: opts.sink(url) } : {}) });
  try {
    return await runChecks(ALL_CHECKS, { baseUrl: server.baseUrl, profile: profileExpectations(opts.profile ?? 'documented'), seed: 1, timeoutMs: 60_000, concurrency: 4, only: opts.only, webhookListen: listen });
  } finally {
    await server.close();
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
    });
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
  });

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
  mutate: () => (d: WebhookDelivery, emit: Emit) => void;
}

const variants: Variant[] = [
  {
    fault: 'the Delete event is never sent',
    check: 'webhook.received',
    message: /no Delete event/,
    mutate: () => (d, emit) => {
      if (d.event.event !== 'Delete') emit(d.event);
    },
  },
  {
    fault: 'Create is sent after the first Update',
    check: 'webhook.order',
    message: /first event is Update, not Create/,
    mutate: () => {
      const held = new Map<string, BatchEvent>();
      return (d, emit) => {
        if (d.event.event === 'Create') return void held.set(d.batch, d.event);
        emit(d.event);
        const c = held.get(d.batch);
        if (c) {
          held.delete(d.batch);
          emit(c);
        }
      };
    },
  },
  {
    fault: 'a stale Update (a job Running) is delivered after the one where that job Succeeded',
    check: 'webhook.order',
    message: /Succeeded -> (Running|Active) \(backwards\)/,
    mutate: () => {
      const held = new Map<string, BatchEvent>();
      const done = new Set<string>();
      const running = (e: BatchEvent) => (e.jobStatuses ?? []).some((j) => j.status === 'Running' || j.status === 'Active');
      return (d, emit) => {
        const e = d.event;
        if (e.event === 'Update' && !done.has(d.batch) && running(e)) {
          const prev = held.get(d.batch);
          if (prev) emit(prev);
          return void held.set(d.batch, e);
        }
        emit(e);
        const h = held.get(d.batch);
        if (h && (e.jobStatuses ?? []).some((j) => j.status === 'Succeeded')) {
          emit(h);
          held.delete(d.batch);
          done.add(d.batch);
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
      return (d, emit) => {
        if (d.event.event !== 'Update') return emit(d.event);
        const id = `dup/${++n}`;
        emit(d.event, id);
        emit(d.event, id);
      };
    },
  },
  {
    fault: 'every Update carries all the batch\'s jobs, changed or not',
    check: 'webhook.changed-only',
    message: /did not change/,
    mutate: () => {
      const jobs = new Map<string, Map<string, unknown>>();
      return (d, emit) => {
        const known = jobs.get(d.batch) ?? new Map<string, unknown>();
        jobs.set(d.batch, known);
        for (const j of d.event.jobStatuses ?? []) known.set(j.name, j);
        emit(d.event.event === 'Update' ? { ...d.event, jobStatuses: [...known.values()] } : d.event);
      };
    },
  },
  {
    fault: '`event` is sent lower-case ("update")',
    check: 'webhook.shape',
    message: /`event` is "update"/,
    mutate: () => (d, emit) => emit(d.event.event === 'Update' ? { ...d.event, event: 'update' } : d.event),
  },
  {
    fault: 'the batch status is sent as `batchStatus` (required `status` missing, stray key)',
    check: 'webhook.shape',
    message: /not a BatchEvent/,
    mutate: () => (d, emit) => {
      const { status, ...rest } = d.event;
      emit({ ...rest, batchStatus: status });
    },
  },
];

describe('the webhook checks catch broken senders', () => {
  for (const v of variants) {
    it(`${v.fault}: caught by ${v.check}`, async () => {
      const broken = await run({ only: [v.check], sink: () => new BrokenSink(v.mutate()) });
      const o = broken.outcomes.find((x) => x.id === v.check)!;
      expect(o.status, `${v.check} should fail: ${o.notes.join('; ')}`).toBe('failed');
      expect(o.failure?.message).toMatch(v.message);
      expect(o.replay).toContain('--webhook-listen');
      // a faithful BrokenSink (no mutation) passes the same check: the failure is the fault's
      const faithful = await run({ only: [v.check], sink: () => new BrokenSink((d, emit) => emit(d.event)) });
      expect(faithful.outcomes.find((x) => x.id === v.check)?.status).toBe('passed');
    });
  }
});
