// A first-in first-out queue over an array read from a head index: Array#shift moves every element,
// which at 100,000 queued items made each take O(n). The spent front is dropped (one slice) once it
// is over 1,024 items and over half the array, so memory follows what is queued.
export class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The oldest item, left in place; undefined when empty. */
  peek(): T | undefined {
    return this.items[this.head];
  }

  /** Takes the oldest item out; undefined when empty. */
  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head];
    // Let go of it now: a queued object must not be kept alive by the spent front.
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Keeps only the items `keep` accepts, in order; returns them (oldest first). */
  retain(keep: (item: T) => boolean): T[] {
    const kept: T[] = [];
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i]!;
      if (keep(item)) kept.push(item);
    }
    this.items = kept.slice();
    this.head = 0;
    return kept;
  }
}
