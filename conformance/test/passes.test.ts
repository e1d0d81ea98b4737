// The kit passes a correct jobsim (simulator backend, manual clock) in both profiles. A check may be
// listed as known-failing only with the server bug that makes it fail; when the bug is fixed the test
// says so, so the list cannot go stale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../checks/index.js';
import { profileExpectations, type ProfileName } from '../kit/profiles.js';
import { runChecks } from '../kit/runner.js';
import { expectKitPasses } from './expectPasses.js';
import { freePort, startJobsim, type Running } from './jobsimServer.js';

/** Known server bugs (reported, not fixed by the kit's owner): check id -> the bug. */
const KNOWN_FAILING: Record<string, string> = {};

const RUNS: { profile: ProfileName; clock: string }[] = [
  { profile: 'documented', clock: 'manual' },
  { profile: 'radix', clock: 'manual' },
  // a clock that runs by itself: the polling path, judged on the server's own (10x) time
  { profile: 'documented', clock: 'scaled:10' },
];

for (const { profile, clock } of RUNS) {
  describe(`the kit against a correct jobsim (${profile} profile, ${clock} clock)`, () => {
    let server: Running;
    let webhookListen: string;
    beforeAll(async () => {
      // jobsim posts its webhook events to the kit's receiver, so the webhook checks run too
      webhookListen = `127.0.0.1:${await freePort()}`;
      server = await startJobsim({ profile, clock, webhook: `http://${webhookListen}/events` });
    });
    afterAll(async () => {
      await server.close();
    });

    it('passes every check, skips only with a reason', async () => {
      const result = await runChecks(ALL_CHECKS, { baseUrl: server.baseUrl, profile: profileExpectations(profile), seed: 1, timeoutMs: 60_000, concurrency: 4, webhookListen });
      expect(result.caps.virtualClock).toBe(clock === 'manual');
      expectKitPasses(result, KNOWN_FAILING);
    });
  });
}
