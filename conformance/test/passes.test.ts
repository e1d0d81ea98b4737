// The kit passes a correct jobsim (`jobsim serve` as a child process, simulator backend) in both profiles.
// A check may be listed as known-failing only with the server bug that makes it fail; when the bug is
// fixed the test says so, so the list cannot go stale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../checks/index.js';
import { profileExpectations, type ProfileName } from '../kit/profiles.js';
import { runChecks } from '../kit/runner.js';
import { expectKitPasses } from './expectPasses.js';
import { startJobsimWithWebhooks, type JobsimWithWebhooks } from './webhookRelay.js';

/** Known differences of jobsim from what a profile expects (reported, not fixed by the kit's owner): check id -> the bug. */
const KNOWN_FAILING: Record<ProfileName, Record<string, string>> = {
  documented: {},
  radix: {},
};

const RUNS: { profile: ProfileName; clock: string }[] = [
  { profile: 'documented', clock: 'manual' },
  { profile: 'radix', clock: 'manual' },
  // a clock that runs by itself: the polling path, judged on the server's own (10x) time
  { profile: 'documented', clock: 'scaled:10' },
];

for (const { profile, clock } of RUNS) {
  describe(`the kit against a correct jobsim (${profile} profile, ${clock} clock)`, () => {
    let w: JobsimWithWebhooks;
    beforeAll(async () => {
      // jobsim posts its webhook events (through a relay) to the kit's receiver, so the webhook checks run too
      w = await startJobsimWithWebhooks({ profile, clock });
    });
    afterAll(async () => {
      await w?.close();
    });

    it('passes every check, skips only with a reason', async () => {
      const webhookListen = await w.receiver();
      const result = await runChecks(ALL_CHECKS, { baseUrl: w.server.baseUrl, profile: profileExpectations(profile), seed: 1, timeoutMs: 60_000, concurrency: 4, webhookListen });
      expect(result.caps.virtualClock).toBe(clock === 'manual');
      expectKitPasses(result, KNOWN_FAILING[profile]);
    }, 180_000);
  });
}

// The kit with the other profile: a jobsim serving one profile, judged by the other, fails exactly the
// profile checks (each names one difference) and nothing else: every other check accepts either profile.
for (const { serves, judged } of [
  { serves: 'radix', judged: 'documented' },
  { serves: 'documented', judged: 'radix' },
] as const) {
  describe(`the kit with --profile ${judged} against jobsim --compat ${serves} (manual clock)`, () => {
    let w: JobsimWithWebhooks;
    beforeAll(async () => {
      w = await startJobsimWithWebhooks({ profile: serves });
    });
    afterAll(async () => {
      await w?.close();
    });

    it('fails every profile check and no other', async () => {
      const result = await runChecks(ALL_CHECKS, { baseUrl: w.server.baseUrl, profile: profileExpectations(judged), seed: 1, timeoutMs: 60_000, concurrency: 4 });
      const profileIds = ALL_CHECKS.filter((c) => c.tags.includes('profile')).map((c) => c.id);
      const failed = result.outcomes.filter((o) => o.status === 'failed').map((o) => o.id);
      expect(failed.sort()).toEqual(profileIds.sort());
      for (const o of result.outcomes.filter((x) => x.status === 'failed')) expect(o.failure?.message.length).toBeGreaterThan(0);
    }, 180_000);
  });
}
