// Runs a fast-check property for a check: seeded by the check's seed, replayable by path, and turned
// into a CheckFailure that carries the counterexample and its fast-check path.
import fc from 'fast-check';
import { CheckFailure } from './failure.js';
import type { CheckContext } from './types.js';

export async function checkProperty<Ts>(ctx: CheckContext, property: fc.IAsyncPropertyWithHooks<Ts> | fc.IAsyncProperty<Ts>, numRuns: number): Promise<void> {
  const details = await fc.check(property, {
    seed: ctx.seed,
    numRuns,
    endOnFailure: true,
    ...(ctx.fcPath ? { path: ctx.fcPath } : {}),
  });
  if (!details.failed) return;
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
