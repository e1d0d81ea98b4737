// What "the kit passes this server" means, for every test that runs the whole kit against jobsim:
// no failure but the known ones (each with its bug), none of those fixed without the list saying
// so, every skip with a reason, every webhook check passed, and every check run.
import { expect } from 'vitest';
import { ALL_CHECKS } from '../checks/index.js';
import type { RunResult } from '../kit/runner.js';

/** `known`: check id -> the server bug that makes it fail (reported, not fixed by the kit's owner). */
export function expectKitPasses(result: RunResult, known: Record<string, string>): void {
  const failed = result.outcomes.filter((o) => o.status === 'failed');
  const unexpected = failed.filter((o) => !(o.id in known));
  expect(unexpected.map((o) => `${o.id}: ${o.failure?.message}\n${o.replay}`)).toEqual([]);
  const fixed = Object.keys(known).filter((id) => !failed.some((o) => o.id === id));
  expect(fixed, 'these known failures now pass: remove them from KNOWN_FAILING').toEqual([]);
  for (const o of result.outcomes.filter((x) => x.status === 'skipped')) expect(o.skipReason).toBeTruthy();
  expect(result.outcomes.filter((o) => o.tags.includes('webhook') && o.status !== 'passed' && !(o.id in known))).toEqual([]);
  expect(result.outcomes.length).toBe(ALL_CHECKS.length + 1);
}
