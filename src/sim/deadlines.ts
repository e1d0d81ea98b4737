// Many far-off deadlines of one kind (Job TTLs) behind a single housekeeping timer: a (time,
// sequence) heap kept in parallel arrays (no entry object or closure per deadline).
import type { SimContext } from './context.js';

export class Deadlines<T> {
  private ats: number[] = [];
  private seqs: number[] = [];
  private items: T[] = [];
  private seq = 0;
  private armedAt: number | undefined;
  private cancelArmed: (() => void) | undefined;

  constructor(
    private readonly ctx: SimContext,
    private readonly fire: (item: T) => void,
  ) {}

  get size(): number {
    return this.items.length;
  }

  add(at: number, item: T): void {
    this.ats.push(at);
    this.seqs.push(this.seq++);
    this.items.push(item);
    for (let i = this.items.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.before(i, p)) break;
      this.swap(i, p);
      i = p;
    }
    this.arm();
  }

  private arm(): void {
    const next = this.ats[0];
    if (next === this.armedAt) return;
    this.cancelArmed?.();
    this.armedAt = next;
    this.cancelArmed = next === undefined ? undefined : this.ctx.after(next - this.ctx.now(), () => this.due(), { background: true });
  }

  private due(): void {
    this.armedAt = undefined;
    this.cancelArmed = undefined;
    while (this.items.length > 0 && this.ats[0]! <= this.ctx.now()) this.fire(this.pop());
    this.arm();
  }

  private before(i: number, j: number): boolean {
    const a = this.ats[i]!;
    const b = this.ats[j]!;
    return a < b || (a === b && this.seqs[i]! < this.seqs[j]!);
  }

  private swap(i: number, j: number): void {
    [this.ats[i], this.ats[j]] = [this.ats[j]!, this.ats[i]!];
    [this.seqs[i], this.seqs[j]] = [this.seqs[j]!, this.seqs[i]!];
    [this.items[i], this.items[j]] = [this.items[j]!, this.items[i]!];
  }

  private pop(): T {
    const top = this.items[0]!;
    const last = this.items.length - 1;
    if (last > 0) this.swap(0, last);
    this.ats.pop();
    this.seqs.pop();
    this.items.pop();
    const n = this.items.length;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.before(l, m)) m = l;
      if (r < n && this.before(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}
