// What every simulated controller shares: the virtual clock, the event queue, the store, the
// event log, the seeded random source and the latency model.
import type { KubeObject, ObjectReference } from '../cluster/types.js';
import { rfc3339 } from '../cluster/time.js';
import type { EventLog } from './eventLog.js';
import { NEVER, type EventQueue, type Task } from './eventQueue.js';
import { END_OF_TIME_MS, withinTime } from './limits.js';
import type { Random } from '../common/rng.js';
import type { ObjectStore } from './store.js';
import type { SimConfig } from './config.js';
import type { Latency } from './latency.js';

export interface AfterOptions {
  /** Housekeeping: does not keep the simulator busy. */
  background?: boolean;
  /** A client's work (the engine): runs after the cluster's own work due at the same instant. */
  client?: boolean;
}

export class SimContext {
  private clockMs: number;
  private nowTextAt = Number.NaN;
  private nowTextValue = '';
  private expiryArmed = false;
  private sources = new Map<string, { component: string }>();
  private lastRef: ObjectReference | undefined;
  private sharedAt = Number.NaN;
  private sharedValues = new Map<string, unknown>();
  private sharedTree = new Map<string, Map<unknown, unknown>>();
  private sharedByIdentity = new Map<string, WeakMap<object, unknown>>();

  constructor(
    readonly config: SimConfig,
    readonly queue: EventQueue,
    readonly log: EventLog,
    readonly rng: Random,
    readonly store: ObjectStore,
    /** How long each control-plane step takes (its own seeded stream: `off` draws nothing). */
    readonly latency: Latency,
  ) {
    this.clockMs = config.startTime;
  }

  now(): number {
    return this.clockMs;
  }

  /** `now()` as an RFC 3339 timestamp; one shared string per virtual second. */
  nowText(): string {
    const second = Math.floor(this.clockMs / 1000);
    if (second !== this.nowTextAt) {
      this.nowTextAt = second;
      this.nowTextValue = rfc3339(this.clockMs);
    }
    return this.nowTextValue;
  }

  private sameSecond(): void {
    const second = Math.floor(this.clockMs / 1000);
    if (second !== this.sharedAt) {
      this.sharedAt = second;
      this.sharedValues.clear();
      this.sharedTree.clear();
      this.sharedByIdentity.clear();
    }
  }

  /**
   * A value built once per key within the current virtual second and shared by every object that
   * needs an identical one (conditions, container statuses: objects in the store are never mutated,
   * so thousands of pods finishing in the same second can share them).
   */
  shared<T>(key: string, make: () => T): T {
    this.sameSecond();
    let value = this.sharedValues.get(key) as T | undefined;
    if (value === undefined) this.sharedValues.set(key, (value = make()));
    return value;
  }

  /**
   * `shared` keyed by several parts (names, images, timestamps, codes): a tree of maps, one level
   * per part, instead of a key string joined from them (built and hashed on every call: a few per
   * pod at 100,000 pods). Parts are compared as Map keys are (strings by value). A kind is always
   * given the same number of parts: the last level holds the values themselves (a map per value
   * was most of the maps a simulation made, ~1.5 a job).
   */
  sharedBy<T>(kind: string, parts: readonly unknown[], make: () => T): T {
    this.sameSecond();
    let level = this.sharedTree.get(kind);
    if (!level) this.sharedTree.set(kind, (level = new Map()));
    const last = parts.length - 1;
    for (let i = 0; i < last; i++) {
      let next = level.get(parts[i]) as Map<unknown, unknown> | undefined;
      if (!next) level.set(parts[i], (next = new Map()));
      level = next;
    }
    let value = level.get(parts[last]) as T | undefined;
    if (value === undefined) level.set(parts[last], (value = make()));
    return value;
  }

  /** Like `shared`, keyed by the object a value is derived from (e.g. the previous conditions). */
  sharedFrom<T>(kind: string, from: object, make: () => T): T {
    this.sameSecond();
    let byFrom = this.sharedByIdentity.get(kind);
    if (!byFrom) this.sharedByIdentity.set(kind, (byFrom = new WeakMap()));
    let value = byFrom.get(from) as T | undefined;
    if (value === undefined) byFrom.set(from, (value = make()));
    return value;
  }

  /** Moves virtual time forward; never backwards, and never past the end of time. */
  setNow(ms: number): void {
    if (ms > this.clockMs) this.clockMs = Math.min(ms, END_OF_TIME_MS);
  }

  get pendingForeground(): number {
    return this.queue.foreground;
  }

  /** Runs `task` after `delayMs` of virtual time (`client`: after the cluster's work of that instant). */
  after(delayMs: number, task: Task, opts: AfterOptions = {}): () => void {
    const lane = opts.client ? 1 : 0;
    const at = this.clockMs + Math.max(0, delayMs);
    // Past the end of time (a run time of 1e15 s, a huge deadline): it never fires, and is not pending.
    if (!withinTime(at)) return NEVER;
    return this.queue.schedule(at, task, lane, opts.background === true);
  }

  /** Records a Kubernetes Event about an object, as the kubelet and controllers do. */
  recordEvent(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
    if (!this.config.recordEvents) return;
    let source = this.sources.get(component);
    if (!source) this.sources.set(component, (source = { component }));
    // A pod's Events come in bursts (Scheduled, Pulling, ... Started): they share one reference.
    const m = obj.metadata;
    let ref = this.lastRef;
    if (!ref || ref.uid !== m.uid || ref.name !== m.name || ref.kind !== obj.kind || ref.namespace !== m.namespace) {
      this.lastRef = ref = { kind: obj.kind, name: m.name, namespace: m.namespace, uid: m.uid };
    }
    // Past the cap the oldest Events go first, as they would to --event-ttl on a busy cluster.
    this.store.record({ involvedObject: ref, reason, message, type, at: this.nowText(), source }, this.clockMs + this.config.eventTtlSeconds * 1000);
    this.armEventExpiry();
  }

  /** One housekeeping timer for the oldest Event (kube-apiserver --event-ttl, 1 h by default). */
  private armEventExpiry(): void {
    if (this.expiryArmed) return;
    const at = this.store.events.nextExpiry();
    if (at === undefined) return;
    this.expiryArmed = true;
    this.after(
      at - this.clockMs,
      () => {
        this.expiryArmed = false;
        this.store.events.expire(this.clockMs);
        this.armEventExpiry();
      },
      { background: true },
    );
  }
}
