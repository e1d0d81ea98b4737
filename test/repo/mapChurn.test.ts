// Objects kept or made per job must share hidden classes (src/common/shapes.ts): a spread copy
// given a key its source lacks gets a V8 map of its own, and every read of it is then a megamorphic
// miss (on the create path that cost a quarter of the throughput). bench/mapChurn.mjs reads V8's
// map log; this runs it on jobs created over HTTP and through the engine and run to the end.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types (a bench script)
import { ours, runChurn } from '../../bench/mapChurn.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jobsim-churn-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Churn = { key: string; maps: number; at: string };

describe('hidden classes', () => {
  it('the check finds a spread copy given a computed key (it can fail)', () => {
    const script = join(dir, 'spread.mjs');
    writeFileSync(
      script,
      `function spreadThenComputedKey(k) {
  const labels = { ['radix-app']: 'app', ['radix-component']: 'c', ...{ ['radix-batch-cron']: 'false' } };
  return { ...labels, [k]: 'job' };
}
const kept = [];
for (let i = 0; i < 2000; i++) kept.push(spreadThenComputedKey('radix-batch-type'));
`,
    );
    const found = runChurn([script], { min: 50 }) as Churn[];
    expect(found.find((g) => g.key === 'radix-batch-type')?.at).toMatch(/spreadThenComputedKey/);
  });

  it('no object made per job gets a map of its own (3,300 jobs created and run)', () => {
    const found = runChurn(['--max-semi-space-size=64', 'test/repo/mapChurnWorkload.mjs'], { min: 50, cwd: ROOT }) as Churn[];
    expect(found.filter((g) => ours(g.at))).toEqual([]);
  }, 60_000);
});
