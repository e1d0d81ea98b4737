// retryTimingFailures: which failures of a real-time run are run again, and what then stands.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../kit/runner.js';
import type { Outcome, OutcomeStatus } from '../kit/types.js';
import { retryTimingFailures } from './timingRetry.js';

function outcome(id: string, status: OutcomeStatus, tags: string[], message?: string): Outcome {
  return { id, tags, guarantee: '', status, ms: 1, seed: 1, notes: [], requests: 1, ...(message ? { failure: { message } } : {}) };
}

function run(outcomes: Outcome[], virtualClock = false): RunResult {
  return { baseUrl: 'http://127.0.0.1:1', profile: 'documented', seed: 1, caps: { virtualClock } as RunResult['caps'], outcomes, notSelected: 0, ms: 1 };
}

const first = () =>
  run([
    outcome('lifecycle.backoff-delays', 'failed', ['lifecycle', 'timing'], 'delay between failed attempt 1 and attempt 2: 23s'),
    outcome('lifecycle.time-limit-per-attempt', 'failed', ['lifecycle', 'timing'], 'attempt 1 ran: 9s'),
    outcome('lifecycle.retries', 'failed', ['lifecycle'], 'failed = 2'),
    outcome('lifecycle.success', 'passed', ['lifecycle']),
  ]);

describe('retryTimingFailures', () => {
  it('runs the failed timing checks again, once, and their second outcome stands (with the first in its notes)', async () => {
    const asked: string[][] = [];
    const { result, retried } = await retryTimingFailures(first(), async (only) => {
      asked.push(only);
      return run([outcome('lifecycle.backoff-delays', 'passed', ['lifecycle', 'timing']), outcome('lifecycle.time-limit-per-attempt', 'failed', ['lifecycle', 'timing'], 'attempt 1 ran: 10s'), outcome('schema.every-response', 'passed', ['schema'])]);
    });
    expect(asked).toEqual([['lifecycle.backoff-delays', 'lifecycle.time-limit-per-attempt']]);
    expect(result.outcomes.map((o) => [o.id, o.status, o.failure?.message])).toEqual([
      ['lifecycle.backoff-delays', 'passed', undefined],
      ['lifecycle.time-limit-per-attempt', 'failed', 'attempt 1 ran: 10s'],
      // not a timing check: a failure stands as it is, never run again
      ['lifecycle.retries', 'failed', 'failed = 2'],
      ['lifecycle.success', 'passed', undefined],
    ]);
    expect(result.outcomes[0]!.notes).toEqual(['second run: the first failed (delay between failed attempt 1 and attempt 2: 23s)']);
    expect(retried).toEqual([
      { id: 'lifecycle.backoff-delays', first: 'delay between failed attempt 1 and attempt 2: 23s', second: 'passed' },
      { id: 'lifecycle.time-limit-per-attempt', first: 'attempt 1 ran: 9s', second: 'failed' },
    ]);
  });

  it('runs nothing again on the virtual clock, for known failures, or when no timing check failed', async () => {
    const never = async (): Promise<RunResult> => {
      throw new Error('run again');
    };
    const virtual = run(first().outcomes, true);
    expect(await retryTimingFailures(virtual, never)).toEqual({ result: virtual, retried: [] });
    const known = first();
    expect(await retryTimingFailures(known, never, { 'lifecycle.backoff-delays': 'bug 1', 'lifecycle.time-limit-per-attempt': 'bug 2' })).toEqual({ result: known, retried: [] });
    const clean = run([outcome('lifecycle.success', 'passed', ['lifecycle']), outcome('lifecycle.retries', 'failed', ['lifecycle'], 'x')]);
    expect(await retryTimingFailures(clean, never)).toEqual({ result: clean, retried: [] });
  });
});
