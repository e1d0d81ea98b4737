// The queue behind the simulator's watch delivery and the ordered maps: first in, first out,
// however long it runs and however its front is dropped.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Fifo } from '../../src/common/fifo.js';

describe('Fifo', () => {
  it('gives items back in the order pushed, across many drops of its front', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant<'shift'>('shift'), fc.integer()), { maxLength: 6000 }), (ops) => {
        const q = new Fifo<number>();
        const model: number[] = [];
        for (const op of ops) {
          if (op === 'shift') expect(q.shift()).toBe(model.shift());
          else {
            q.push(op);
            model.push(op);
          }
          expect(q.size).toBe(model.length);
          expect(q.peek()).toBe(model[0]);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('keeps order through a long run (the front dropped many times)', () => {
    const q = new Fifo<number>();
    let next = 0;
    for (let i = 0; i < 50_000; i++) {
      q.push(i);
      if (i % 3 !== 0) expect(q.shift()).toBe(next++);
    }
    expect(q.size).toBe(50_000 - next);
    while (q.size > 0) expect(q.shift()).toBe(next++);
    expect(q.shift()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
  });

  it('retains the items a test accepts, in order, after some were taken from the front', () => {
    const q = new Fifo<number>();
    for (let i = 0; i < 10; i++) q.push(i);
    q.shift();
    q.shift();
    expect(q.retain((n) => n % 2 === 0)).toEqual([2, 4, 6, 8]);
    expect(q.size).toBe(4);
    q.push(10);
    const out: number[] = [];
    for (let n = q.shift(); n !== undefined; n = q.shift()) out.push(n);
    expect(out).toEqual([2, 4, 6, 8, 10]);
  });
});
