// The Events the simulated components record, in a ring of fixed capacity: kube-apiserver keeps
// Events for --event-ttl and a busy cluster loses the oldest first. At 100,000 jobs (7 Events each)
// a ring slot per Event, found from the sequence number in its name, costs far less than a keyed
// table and a deletion queue.
import type { KubeEvent } from '../kube/types.js';

const SEQ_DIGITS = 16;

/** An Event's name: `<involved object>.<sequence number, 16 hex digits>`, as the recorder names them. */
export function eventName(objectName: string, seq: number): string {
  const hex = seq.toString(16);
  return `${objectName}.${'0000000000000000'.slice(hex.length)}${hex}`;
}

function seqOf(name: string): number {
  const dot = name.length - SEQ_DIGITS - 1;
  if (dot < 0 || name.charCodeAt(dot) !== 46 /* . */) return -1;
  const n = Number.parseInt(name.slice(dot + 1), 16);
  return Number.isFinite(n) ? n : -1;
}

export class EventRing {
  private readonly slots: (KubeEvent | undefined)[];
  /** Virtual time at which each slot's Event expires. */
  private readonly expiry: Float64Array;
  /** Sequence numbers: the next Event gets `next`; `oldest` is the oldest that may still be held. */
  private next = 1;
  private oldest = 1;
  size = 0;

  constructor(
    readonly capacity: number,
    /** Called with each Event that leaves the ring (expired or pushed out). */
    private readonly removed: (event: KubeEvent) => void,
  ) {
    this.slots = new Array<KubeEvent | undefined>(capacity);
    this.expiry = new Float64Array(capacity);
  }

  /** The sequence number the next recorded Event must carry in its name (see `eventName`). */
  get nextSeq(): number {
    return this.next;
  }

  /** Holds an Event named with `nextSeq` until `expiresAt`; past capacity the oldest goes first. */
  add(event: KubeEvent, expiresAt: number): void {
    const seq = this.next++;
    if (this.capacity === 0) {
      this.oldest = this.next;
      this.removed(event);
      return;
    }
    if (seq - this.oldest >= this.capacity) this.evict(this.oldest++);
    const slot = seq % this.capacity;
    this.slots[slot] = event;
    this.expiry[slot] = expiresAt;
    this.size++;
  }

  get(namespace: string | undefined, name: string): KubeEvent | undefined {
    const seq = seqOf(name);
    if (seq < this.oldest || seq >= this.next) return undefined;
    const e = this.slots[seq % this.capacity];
    return e && e.metadata.name === name && e.metadata.namespace === namespace ? e : undefined;
  }

  /** Removes an Event by name (a client's delete); true when it was held. */
  delete(namespace: string | undefined, name: string): KubeEvent | undefined {
    const e = this.get(namespace, name);
    if (!e) return undefined;
    this.slots[seqOf(name) % this.capacity] = undefined;
    this.size--;
    return e;
  }

  /** Oldest first. */
  *all(): Iterable<KubeEvent> {
    for (let seq = this.oldest; seq < this.next; seq++) {
      const e = this.slots[seq % this.capacity];
      if (e) yield e;
    }
  }

  /** When the oldest held Event expires, or undefined when none is held. */
  nextExpiry(): number | undefined {
    this.skipEmpty();
    return this.oldest < this.next ? this.expiry[this.oldest % this.capacity] : undefined;
  }

  /** Drops the Events that expire at or before `now` (they were recorded in time order). */
  expire(now: number): void {
    for (;;) {
      this.skipEmpty();
      if (this.oldest >= this.next || this.expiry[this.oldest % this.capacity]! > now) return;
      this.evict(this.oldest++);
    }
  }

  private skipEmpty(): void {
    while (this.oldest < this.next && this.slots[this.oldest % this.capacity] === undefined) this.oldest++;
  }

  private evict(seq: number): void {
    const slot = seq % this.capacity;
    const e = this.slots[slot];
    if (!e) return;
    this.slots[slot] = undefined;
    this.size--;
    this.removed(e);
  }
}
