// What every simulated controller shares: the virtual clock, the event queue, the store, the
// event log and the seeded random source.
import type { KubeEvent, KubeObject } from '../kube/types.js';
import { rfc3339 } from '../kube/time.js';
import type { EventLog } from './eventLog.js';
import type { EventQueue, Task } from './eventQueue.js';
import type { Random } from '../common/rng.js';
import type { ObjectStore } from './store.js';
import type { SimConfig } from './config.js';

export class SimContext {
  private clockMs: number;
  private eventCounter = 0;
  /** Housekeeping entries (TTL, event expiry) do not keep the simulator busy. */
  private background = 0;

  constructor(
    readonly config: SimConfig,
    readonly queue: EventQueue,
    readonly log: EventLog,
    readonly rng: Random,
    readonly store: ObjectStore,
  ) {
    this.clockMs = config.startTime;
  }

  now(): number {
    return this.clockMs;
  }

  /** Moves virtual time forward; never backwards. */
  setNow(ms: number): void {
    if (ms > this.clockMs) this.clockMs = ms;
  }

  get pendingForeground(): number {
    return this.queue.size - this.background;
  }

  /** Runs `task` after `delayMs` of virtual time. */
  after(delayMs: number, task: Task, opts: { background?: boolean } = {}): () => void {
    if (!opts.background) return this.queue.schedule(this.clockMs + Math.max(0, delayMs), task);
    this.background++;
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        this.background--;
      }
    };
    const cancel = this.queue.schedule(this.clockMs + Math.max(0, delayMs), () => {
      finish();
      return task();
    });
    return () => {
      finish();
      cancel();
    };
  }

  /** Records a Kubernetes Event about an object, as the kubelet and controllers do. */
  recordEvent(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
    if (!this.config.recordEvents) return;
    const ts = rfc3339(this.clockMs);
    const event: KubeEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${obj.metadata.name}.${(++this.eventCounter).toString(16).padStart(16, '0')}`,
        namespace: obj.metadata.namespace,
      },
      involvedObject: { kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid },
      reason,
      message,
      type,
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      source: { component },
    };
    const stored = this.store.create('Event', event);
    // The API server forgets events after --event-ttl (1 h by default).
    this.after(
      this.config.eventTtlSeconds * 1000,
      () => {
        if (this.store.get('Event', stored.metadata.namespace, stored.metadata.name)) {
          this.store.delete('Event', stored.metadata.namespace, stored.metadata.name);
        }
      },
      { background: true },
    );
  }
}
