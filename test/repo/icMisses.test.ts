// Accesses of objects made per job must stay cacheable: an inline cache that misses again and again
// on one map sends every access to V8's runtime. On Node 20 the store's status write built its copy
// as `{ ...current, status, metadata }`, and both stores missed at every RadixBatch status write
// (bench/history.md, "Inline caches"). bench/icMisses.mjs reads V8's IC log; this runs it on jobs
// created over HTTP and through the engine and run to the end.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types (a bench script)
import { misses, runMisses } from '../../bench/icMisses.mjs';
// @ts-expect-error: a plain ES module without types (a bench script)
import { ours, v8Major } from '../../bench/v8Log.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jobsim-ic-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Miss = { ic: string; key: string; misses: number; at: string; line: number; column: number };

/** V8 up to 11.x (Node 20) misses on a spread copy's stores at every call; Node 26's V8 does not. */
const spreadStoresMiss = v8Major <= 11;

describe('inline caches', () => {
  it('the check reads an IC log: a megamorphic site missing again and again on one map, with its function', () => {
    const log = [
      'code-creation,JS,15,100,0x1000,0x200,update file:///x/dist/src/sim/store.js:275:9,0x2000,*',
      'code-creation,JS,15,101,0x3000,0x100,addNames file:///x/node_modules/ajv/index.js:1:1,0x4000,*',
      // 120 misses of one site on one map: the pathology
      ...Array.from({ length: 120 }, (_, i) => `StoreIC,0x1010,${200 + i},300,21,N,N,0xabc,status,,`),
      // 120 misses of another site, each on a map of its own: a megamorphic site seeing many shapes
      ...Array.from({ length: 120 }, (_, i) => `KeyedLoadIC,0x3010,${400 + i},7,3,N,N,0x${(0xd00 + i).toString(16)},errors,,`),
      // state changes are not misses of a megamorphic site
      ...Array.from({ length: 120 }, (_, i) => `LoadIC,0x1020,${600 + i},310,5,1,P,0xdef,spec,,`),
    ].join('\n');
    expect(misses(log, 100)).toEqual([{ ic: 'StoreIC', key: 'status', misses: 120, at: 'update file:///x/dist/src/sim/store.js:275:9', line: 300, column: 21 }]);
    expect(misses(log, 121)).toEqual([]);
    expect(ours((misses(log, 100) as Miss[])[0]!.at)).toBe(true);
  });

  it.runIf(spreadStoresMiss)('the check finds the spread copy of a status write on V8 11 (Node 20), where it misses (it can fail)', () => {
    const script = join(dir, 'spread.mjs');
    writeFileSync(
      script,
      `function write(current, status) {
  return { ...current, status, metadata: { name: current.metadata.name, rv: String(Number(current.metadata.rv) + 1) } };
}
const kept = [];
for (let i = 0; i < 200; i++) {
  let o = { apiVersion: 'v1', kind: 'K', metadata: { name: 'o-' + i, rv: '1' }, spec: { n: i }, status: undefined };
  for (let j = 0; j < 20; j++) o = write(o, { phase: j % 2 ? 'A' : 'B', n: j });
  kept.push(o);
}
`,
    );
    const found = runMisses([script], { min: 100 }) as Miss[];
    expect(found.map((m) => [m.ic, m.key])).toEqual([
      ['StoreIC', 'status'],
      ['StoreIC', 'metadata'],
    ]);
    expect(found[0]!.at).toMatch(/^write /);
  });

  it('no access of the objects made per job misses again and again (3,300 jobs created and run)', () => {
    const found = runMisses(['--max-semi-space-size=64', 'test/repo/mapChurnWorkload.mjs'], { min: 100, cwd: ROOT }) as Miss[];
    expect(found.filter((m) => ours(m.at))).toEqual([]);
  }, 60_000);
});
