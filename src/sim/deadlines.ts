// Many far-off deadlines of one kind (Job TTLs) behind a single housekeeping timer: plain entries in
// a (time, sequence) heap instead of a closure per deadline on the event queue.
import type { SimContext } from './context.js';

interface Entry<T> {
  at: number;
  seq: number;
  item: T;
}

export class Deadlines<T> {
  private heap: Entry<T>[] = [];
  private seq = 0;
  private armedAt: number | undefined;
  private cancelArmed: (() => void) | undefined;

  constructor(
    private readonly ctx: SimContext,
    private readonly fire: (item: T) => void,
  ) {}

  add(at: number, item: T): void {
    const h = this.heap;
    h.push({ at, seq: this.seq++, item });
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
    this.arm();
  }

  private arm(): void {
    const next = this.heap[0]?.at;
    if (next === this.armedAt) return;
    this.cancelArmed?.();
    this.armedAt = next;
    this.cancelArmed = next === undefined ? undefined : this.ctx.after(next - this.ctx.now(), () => this.due(), { background: true });
  }

  private due(): void {
    this.armedAt = undefined;
    this.cancelArmed = undefined;
    while (this.heap.length > 0 && this.heap[0]!.at <= this.ctx.now()) this.fire(this.pop());
    this.arm();
  }

  private pop(): T {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top.item;
  }
}

function before<T>(x: Entry<T>, y: Entry<T>): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}
