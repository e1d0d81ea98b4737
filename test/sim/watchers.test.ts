// The watchers of a kind: a change goes to exactly the watchers that want it, in the order they
// started watching, whether they are indexed by a shared label or asked one by one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LabelSelector } from '../../src/cluster/labels.js';
import { matchesSelector } from '../../src/cluster/labels.js';
import type { KubeObject } from '../../src/cluster/types.js';
import { Watchers, type Watcher } from '../../src/sim/watchers.js';

const object = (labels: Record<string, string>, namespace = 'ns'): KubeObject => ({ metadata: { name: 'o', namespace, labels } }) as KubeObject;

/** Watchers that record their seq into `got` when told. */
function watcher(seq: number, got: number[], selector?: LabelSelector, namespace?: string): Watcher {
  return { seq, selector, namespace, handler: () => got.push(seq) };
}

describe('Watchers', () => {
  it('tells the watchers of a component and the unselective ones, in the order they started, with many components indexed', () => {
    const got: number[] = [];
    const ws = new Watchers();
    let seq = 0;
    ws.add(watcher(++seq, got)); // everything
    for (let c = 0; c < 20; c++) ws.add(watcher(++seq, got, { component: `c${c}` }));
    ws.add(watcher(++seq, got, undefined, 'other')); // another namespace
    ws.add(watcher(++seq, got, { component: 'c3', kind: 'x' })); // two keys
    ws.add(watcher(++seq, got, { component: '' })); // any value of the key
    ws.notify('MODIFIED', object({ component: 'c3', kind: 'x' }));
    expect(got).toEqual([1, 5, 23, 24]);
    got.length = 0;
    ws.notify('MODIFIED', object({ component: 'c3' }));
    expect(got).toEqual([1, 5, 24]);
    got.length = 0;
    ws.notify('MODIFIED', object({}, 'other'));
    expect(got).toEqual([1, 22]);
  });

  it('a watcher that stops or starts during a delivery does not disturb it; the next change sees the new list', () => {
    const got: number[] = [];
    const ws = new Watchers();
    const many = Array.from({ length: 10 }, (_, i) => watcher(i + 1, got, { component: 'a' }));
    for (const w of many) ws.add(w);
    const late = watcher(99, got, { component: 'a' });
    many[0]!.handler = () => {
      got.push(1);
      ws.remove(many[1]!);
      ws.add(late);
    };
    ws.notify('ADDED', object({ component: 'a' }));
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    got.length = 0;
    ws.notify('ADDED', object({ component: 'a' }));
    expect(got).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 10, 99]);
  });

  it('delivers as asking every watcher in turn would, for any watchers and objects', () => {
    const labels = fc.dictionary(fc.constantFrom('app', 'component', 'job'), fc.constantFrom('', 'a', 'b', 'c'), { maxKeys: 3 });
    const spec = fc.record({ selector: fc.option(labels, { nil: undefined }), namespace: fc.option(fc.constantFrom('ns', 'other'), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 40 }), fc.array(fc.tuple(labels, fc.constantFrom('ns', 'other')), { minLength: 1, maxLength: 10 }), (specs, objects) => {
        const got: number[] = [];
        const ws = new Watchers();
        specs.forEach((s, i) => ws.add(watcher(i + 1, got, s.selector, s.namespace)));
        for (const [l, ns] of objects) {
          got.length = 0;
          ws.notify('MODIFIED', object(l, ns));
          const want = specs.flatMap((s, i) => ((s.namespace === undefined || s.namespace === ns) && matchesSelector(l, s.selector) ? [i + 1] : []));
          expect(got).toEqual(want);
        }
      }),
      { seed: 17, numRuns: 300 },
    );
  });
});
