// Runs a fast-check property for a check: seeded by the check's seed, replayable by path, and turned
// into a CheckFailure that carries the counterexample and its fast-check path.
import fc from 'fast-check';
import { CheckFailure } from './failure.js';
import type { CheckContext } from './types.js';

/**
 * Checks `property` on `numRuns` generated inputs. With `timeLimitMs`, no new run starts once that much time
 * has passed (a run under way is finished): returns how many runs were made and whether the limit cut them short.
 */
export async function checkProperty<Ts>(
  ctx: CheckContext,
  property: fc.IAsyncPropertyWithHooks<Ts> | fc.IAsyncProperty<Ts>,
  numRuns: number,
  opts: { timeLimitMs?: number } = {},
): Promise<{ runs: number; interrupted: boolean }> {
  const details = await fc.check(property, {
    seed: ctx.seed,
    numRuns,
    endOnFailure: true,
    ...(opts.timeLimitMs !== undefined ? { interruptAfterTimeLimit: opts.timeLimitMs } : {}),
    ...(ctx.fcPath ? { path: ctx.fcPath } : {}),
  });
  if (!details.failed) return { runs: details.numRuns, interrupted: details.interrupted };
  const err = details.errorInstance;
  const counterexample = fc.stringify(details.counterexample);
  const fcPath = details.counterexamplePath ?? undefined;
  if (err instanceof CheckFailure) {
    throw new CheckFailure({ ...err.detail, counterexample, ...(fcPath ? { fcPath } : {}) });
  }
  throw new CheckFailure({
    message: `property failed: ${err instanceof Error ? err.message : String(err)}`,
    counterexample,
    ...(fcPath ? { fcPath } : {}),
  });
}
