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
import { churn, runChurn } from '../../bench/mapChurn.mjs';
// @ts-expect-error: a plain ES module without types (a bench script)
import { ours, v8Major } from '../../bench/v8Log.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jobsim-churn-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Churn = { key: string; maps: number; at: string };

/**
 * V8 up to 11.x (Node 20) gives each spread copy given a key its source lacks a map of its own;
 * V8 12 (Node 22) and later reuse one, so there the live check below has no churn to find.
 */
const spreadCopiesChurn = v8Major <= 11;

describe('hidden classes', () => {
  it('the check reads a map log: a (map, key) that led to many maps, with the function that added the key', () => {
    const log = [
      'code-creation,JS,15,100,0x1000,0x200,spreadThenComputedKey file:///x.mjs:1:31,0x2000,~',
      'code-creation,JS,15,101,0x3000,0x100,reusesItsMaps file:///x.mjs:9:1,0x4000,~',
      // 60 objects given `radix-batch-type` on map 0xa, each getting a map of its own
      ...Array.from({ length: 60 }, (_, i) => `map,Transition,${200 + i},0xa,0x${(0xb00 + i).toString(16)},0x1010,1,31,,radix-batch-type`),
      // 60 given `app` on map 0xc, all going to one map (a transition V8 reuses)
      ...Array.from({ length: 60 }, (_, i) => `map,Transition,${300 + i},0xc,0xd,0x3010,9,1,,app`),
      // 10 maps: under the bar
      ...Array.from({ length: 10 }, (_, i) => `map,Transition,${400 + i},0xe,0x${(0xf00 + i).toString(16)},0x9999,1,1,,few`),
    ].join('\n');
    expect(churn(log, 50)).toEqual([{ key: 'radix-batch-type', maps: 60, at: 'spreadThenComputedKey file:///x.mjs:1:31' }]);
    expect(churn(log, 5).map((g: Churn) => [g.key, g.maps, g.at])).toEqual([
      ['radix-batch-type', 60, 'spreadThenComputedKey file:///x.mjs:1:31'],
      ['few', 10, '?'],
    ]);
    expect(ours('spreadThenComputedKey file:///home/dev/jobsim/dist/src/engine/kubeJob.js:3:1')).toBe(true);
    expect(ours('clone file:///home/dev/jobsim/node_modules/yaml/dist/src/x.js:1:1')).toBe(false);
  });

  it.runIf(spreadCopiesChurn)('the check finds a spread copy given a computed key on V8 11 (Node 20), where it churns (it can fail)', () => {
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
