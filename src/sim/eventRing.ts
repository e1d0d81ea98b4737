// The Events the simulated components record, in a ring of fixed capacity: kube-apiserver keeps
// Events for --event-ttl and a busy cluster loses the oldest first.
//
// At 100,000 jobs (7 Events each) Event objects held for a while are promoted out of V8's young
// generation and collected from the old one, a large share of the run's GC time. So the ring holds
// each Event as a few column entries pointing at strings shared with other objects (reason, type,
// timestamp, the involved object's reference), and builds the Kubernetes object only when someone
// reads or watches it. Name, uid and resourceVersion follow from the Event's sequence number.
import type { KubeEvent, ObjectReference } from '../cluster/types.js';

const SEQ_DIGITS = 16;

/** An Event's name: `<involved object>.<sequence number, 16 hex digits>` (kubectl shows the like). */
export function eventName(objectName: string, seq: number): string {
  const hex = seq.toString(16);
  return `${objectName}.${'0000000000000000'.slice(hex.length)}${hex}`;
}

/** Event uids use their own variant digit (9), so they never equal an object's uid (8). */
function eventUid(seq: number): string {
  const hex = seq.toString(16);
  return `00000000-0000-4000-9000-${'000000000000'.slice(hex.length)}${hex}`;
}

function seqOf(name: string): number {
  const dot = name.length - SEQ_DIGITS - 1;
  if (dot < 0 || name.charCodeAt(dot) !== 46 /* . */) return -1;
  const n = Number.parseInt(name.slice(dot + 1), 16);
  return Number.isFinite(n) ? n : -1;
}

/** What a component records; the ring adds name, uid, resourceVersion and counts. */
export interface RecordedEvent {
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  /** RFC 3339 time of the Event (first and last timestamp, creation time). */
  at: string;
  source: { component: string };
}

export class EventRing {
  private readonly involved: (ObjectReference | undefined)[];
  private readonly reasons: string[];
  private readonly messages: string[];
  private readonly types: ('Normal' | 'Warning')[];
  private readonly ats: string[];
  private readonly sources: { component: string }[];
  private readonly versions: Float64Array;
  /** Virtual time at which each slot's Event expires. */
  private readonly expiry: Float64Array;
  /** Sequence numbers: the next Event gets `next`; `oldest` is the oldest that may still be held. */
  private next = 1;
  private oldest = 1;
  size = 0;

  constructor(
    readonly capacity: number,
    /** Called with the sequence number of each Event that expires, before its slot is cleared. */
    private readonly removed: (seq: number) => void,
  ) {
    this.involved = new Array<ObjectReference | undefined>(capacity);
    this.reasons = new Array<string>(capacity);
    this.messages = new Array<string>(capacity);
    this.types = new Array<'Normal' | 'Warning'>(capacity);
    this.ats = new Array<string>(capacity);
    this.sources = new Array<{ component: string }>(capacity);
    this.versions = new Float64Array(capacity);
    this.expiry = new Float64Array(capacity);
  }

  /** Holds an Event until `expiresAt`; past capacity the oldest goes first. Returns its sequence number. */
  add(e: RecordedEvent, resourceVersion: number, expiresAt: number): number {
    const seq = this.next++;
    if (this.capacity === 0) {
      this.oldest = this.next;
      return seq;
    }
    if (seq - this.oldest >= this.capacity) {
      // Pushed out by the cap: forgotten without a deletion. The cap bounds the simulator's memory;
      // Kubernetes keeps every Event for --event-ttl, and a watcher told of a deletion it would
      // never see from kube-apiserver would be misled (and at 100,000 jobs, 700,000 of them cost).
      this.clear(this.oldest % this.capacity);
      this.oldest++;
    }
    const slot = seq % this.capacity;
    this.involved[slot] = e.involvedObject;
    this.reasons[slot] = e.reason;
    this.messages[slot] = e.message;
    this.types[slot] = e.type;
    this.ats[slot] = e.at;
    this.sources[slot] = e.source;
    this.versions[slot] = resourceVersion;
    this.expiry[slot] = expiresAt;
    this.size++;
    return seq;
  }

  /** The Kubernetes object of a held Event (a new object on every call). */
  object(seq: number, resourceVersion?: number): KubeEvent | undefined {
    if (seq < this.oldest || seq >= this.next || this.capacity === 0) return undefined;
    const slot = seq % this.capacity;
    const ref = this.involved[slot];
    return ref ? build(seq, ref, this.reasons[slot]!, this.messages[slot]!, this.types[slot]!, this.ats[slot]!, this.sources[slot]!, resourceVersion ?? this.versions[slot]!) : undefined;
  }

  /** An Event that was never held (a ring of capacity 0), for watchers. */
  static transient(seq: number, e: RecordedEvent, resourceVersion: number): KubeEvent {
    return build(seq, e.involvedObject, e.reason, e.message, e.type, e.at, e.source, resourceVersion);
  }

  get(namespace: string | undefined, name: string): KubeEvent | undefined {
    const e = this.object(seqOf(name));
    return e && e.metadata.name === name && e.metadata.namespace === namespace ? e : undefined;
  }

  /** Removes an Event by name (a client's delete); returns it as it was. */
  delete(namespace: string | undefined, name: string): KubeEvent | undefined {
    const e = this.get(namespace, name);
    if (!e) return undefined;
    this.clear(seqOf(name) % this.capacity);
    return e;
  }

  /** Oldest first. */
  *all(): Iterable<KubeEvent> {
    for (let seq = this.oldest; seq < this.next; seq++) {
      const e = this.object(seq);
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
      this.evict(this.oldest);
      this.oldest++;
    }
  }

  private skipEmpty(): void {
    while (this.oldest < this.next && this.involved[this.oldest % this.capacity] === undefined) this.oldest++;
  }

  private evict(seq: number): void {
    const slot = seq % this.capacity;
    if (this.involved[slot] === undefined) return;
    this.removed(seq);
    this.clear(slot);
  }

  private clear(slot: number): void {
    if (this.involved[slot] === undefined) return;
    this.involved[slot] = undefined;
    this.messages[slot] = '';
    this.size--;
  }
}

function build(
  seq: number,
  ref: ObjectReference,
  reason: string,
  message: string,
  type: 'Normal' | 'Warning',
  at: string,
  source: { component: string },
  resourceVersion: number,
): KubeEvent {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: eventName(ref.name, seq), namespace: ref.namespace, uid: eventUid(seq), resourceVersion: String(resourceVersion), creationTimestamp: at },
    involvedObject: ref,
    reason,
    message,
    type,
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
    source,
  };
}
