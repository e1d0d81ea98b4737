// Caches remember deleted objects (so a late watch event cannot bring one back), but only the newest
// deletions: a server running for weeks must not keep a tombstone per object it ever deleted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admits } from '../../src/engine/resourceVersion.js';
import { MAX_TOMBSTONES, TOMBSTONE_KEEP_MS, Tombstones } from '../../src/engine/tombstones.js';

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

  it('with a clock, are kept for a minute however many follow, and forgotten after it', () => {
    let now = 0;
    const deleted = Tombstones.of(() => now);
    // Far more than the count-bounded limit, within one minute: all kept.
    for (let i = 0; i < 10_000; i++) {
      deleted.bury(`b${i}`, `u${i}`);
      now += 5;
    }
    expect(deleted.size).toBe(10_000);
    expect(admits(undefined, { metadata: { name: 'b0', uid: 'u0' } }, deleted)).toBe(false);
    // A minute after the first burial it is forgotten (checked on lookup, without a new burial).
    now = TOMBSTONE_KEEP_MS + 1;
    expect(admits(undefined, { metadata: { name: 'b0', uid: 'u0' } }, deleted)).toBe(true);
    expect(deleted.has('b1')).toBe(true);
    // Buried again, a name is kept a minute from then.
    deleted.bury('b2', 'u2');
    now = 2 * TOMBSTONE_KEEP_MS;
    expect(deleted.has('b2')).toBe(true);
    expect(deleted.has('b3')).toBe(false);
    now = 3 * TOMBSTONE_KEEP_MS + 2;
    expect(deleted.has('b2')).toBe(false);
    expect(deleted.size).toBe(0);
    expect(MAX_TOMBSTONES).toBeGreaterThan(10_000);
  });

  it('with a clock, hold what a map holds of the last minute, for any sequence of burials, lifts and waits', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('bury', 'lift', 'wait'), fc.integer({ min: 0, max: 20 })), { maxLength: 300 }), (ops) => {
        let now = 0;
        const t = Tombstones.of(() => now);
        const model = new Map<string, { uid: string; at: number }>();
        ops.forEach(([op, n], i) => {
          const name = `o${n}`;
          if (op === 'wait') now += n * 7_000;
          else if (op === 'lift') {
            t.lift(name);
            model.delete(name);
          } else {
            t.bury(name, `u${i}`);
            model.delete(name);
            model.set(name, { uid: `u${i}`, at: now });
          }
          for (const [k, v] of model) if (now - v.at > TOMBSTONE_KEEP_MS) model.delete(k);
          for (let k = 0; k <= 20; k++) expect(t.has(`o${k}`)).toBe(model.has(`o${k}`));
        });
        expect(t.names()).toEqual([...model.keys()]);
        for (const [name, v] of model) expect(t.uidOf(name)).toBe(v.uid);
      }),
    );
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
