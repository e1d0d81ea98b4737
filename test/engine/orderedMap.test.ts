// The map behind the caches' tombstones, the store's settled objects and the reconciler's queue: a
// Map that gives up its oldest entry, checked against a plain list of entries in insertion order.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OrderedMap } from '../../src/common/orderedMap.js';

type Op = { op: 'set' | 'assign'; key: number; value: number } | { op: 'delete'; key: number } | { op: 'shift' } | { op: 'clear' };

const ops = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), key: fc.integer({ min: 0, max: 40 }), value: fc.integer() }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('assign' as const), key: fc.integer({ min: 0, max: 40 }), value: fc.integer() }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 40 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('shift' as const) }) },
    { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
  ),
  { maxLength: 400 },
);

describe('OrderedMap', () => {
  it('behaves as a list of entries in insertion order (a key set again moves to the end, one assigned stays)', () => {
    fc.assert(
      fc.property(ops, (list: Op[]) => {
        const m = new OrderedMap<number, number>();
        let model: [number, number][] = [];
        for (const o of list) {
          if (o.op === 'set') {
            m.set(o.key, o.value);
            model = [...model.filter(([k]) => k !== o.key), [o.key, o.value]];
          } else if (o.op === 'assign') {
            m.assign(o.key, o.value);
            const at = model.findIndex(([k]) => k === o.key);
            if (at < 0) model.push([o.key, o.value]);
            else model[at] = [o.key, o.value];
          } else if (o.op === 'delete') {
            expect(m.delete(o.key)).toBe(model.some(([k]) => k === o.key));
            model = model.filter(([k]) => k !== o.key);
          } else if (o.op === 'shift') {
            const e = m.shift();
            const first = model.shift();
            expect(e === undefined ? undefined : [e.key, e.value]).toEqual(first);
          } else {
            m.clear();
            model = [];
          }
          expect(m.size).toBe(model.length);
          const oldest = m.oldest();
          expect(oldest === undefined ? undefined : [oldest.key, oldest.value]).toEqual(model[0]);
          for (const k of [0, 7, 40]) {
            expect(m.has(k)).toBe(model.some(([mk]) => mk === k));
            expect(m.get(k)).toBe(model.find(([mk]) => mk === k)?.[1]);
          }
        }
        expect(m.keys()).toEqual(model.map(([k]) => k));
      }),
      { numRuns: 200 },
    );
  });

  it('does not keep the entries it no longer holds: memory follows its size', () => {
    const m = new OrderedMap<object, number>();
    const order = () => (m as unknown as { order: { size: number } }).order.size;
    // A window that never fills: entries come and are deleted a while later, none is shifted out.
    const live: object[] = [];
    for (let i = 0; i < 100_000; i++) {
      const o = {};
      m.set(o, i);
      live.push(o);
      if (live.length > 100) m.delete(live.shift()!);
    }
    expect(m.size).toBe(100);
    expect(order()).toBeLessThanOrEqual(2 * 100 + 64);
    expect(m.keys()).toEqual(live);
  });
});
