// Caches remember deleted objects (so a late watch event cannot bring one back), but only the newest
// deletions: a server running for weeks must not keep a tombstone per object it ever deleted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admits } from '../../src/engine/resourceVersion.js';
import { Tombstones } from '../../src/engine/tombstones.js';

describe('tombstones of deleted objects', () => {
  it('are bounded: the oldest are forgotten past the limit, a repeated name moves to the newest', () => {
    const deleted = new Tombstones(4);
    for (let i = 0; i < 10; i++) deleted.bury(`b${i}`, `u${i}`);
    expect(deleted.names()).toEqual(['b6', 'b7', 'b8', 'b9']);
    deleted.bury('b6', 'u6');
    expect(deleted.names()).toEqual(['b7', 'b8', 'b9', 'b6']);
    // A late event of a buried object is refused; one of a forgotten object would be taken.
    expect(admits(undefined, { metadata: { name: 'b8', uid: 'u8' } }, deleted)).toBe(false);
    expect(admits(undefined, { metadata: { name: 'b0', uid: 'u0' } }, deleted)).toBe(true);
    // A new object of a buried name lifts its tombstone.
    expect(admits(undefined, { metadata: { name: 'b9', uid: 'new' } }, deleted)).toBe(true);
    expect(deleted.names()).toEqual(['b7', 'b8', 'b6']);
    deleted.clear();
    expect(deleted.size).toBe(0);
    expect(deleted.names()).toEqual([]);
    expect(admits(undefined, { metadata: { name: 'b8', uid: 'u8' } }, deleted)).toBe(true);
  });

  it('hold what a map evicted oldest-first holds, for any sequence of burials and lifts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 20 })), { maxLength: 400 }),
        (limit, ops) => {
          const t = new Tombstones(limit);
          // The model: a Map in burial order, its oldest entry dropped past the limit.
          const model = new Map<string, string>();
          ops.forEach(([lift, n], i) => {
            const name = `o${n}`;
            if (lift) {
              t.lift(name);
              model.delete(name);
            } else {
              t.bury(name, `u${i}`);
              model.delete(name);
              model.set(name, `u${i}`);
              if (model.size > limit) model.delete(model.keys().next().value!);
            }
            expect(t.size).toBe(model.size);
          });
          expect(t.names()).toEqual([...model.keys()]);
          for (const [name, uid] of model) expect(t.uidOf(name)).toBe(uid);
        },
      ),
    );
  });
});
