// The cluster port over the simulator's store: what the engine sees of the simulated cluster.
import { ClusterError, type ClusterPort, type DeletePropagation, type Kind, type KindMap, type PodEventHandler, type WatchEvent, type WatchOptions } from '../cluster/port.js';
import type { ApiVerb } from './faults.js';
import { laneOf } from '../cluster/lanes.js';
import { isCustomResource, notFound } from './store.js';
import type { LabelSelector } from '../cluster/labels.js';
import { jsonSurelyWithin } from '../common/jsonSize.js';
import { MAX_OBJECT_BYTES, MAX_REQUEST_BYTES } from '../cluster/limits.js';
import { END_OF_TIME_MS } from './limits.js';
import type { KubeObject } from '../cluster/types.js';
import type { Simulator } from './simulator.js';
import { WatchDelivery } from './watchDelivery.js';

/**
 * Told when a request waits on the virtual clock (an `apiLatency` fault), for whoever drives the
 * simulator: a simulator task that awaits such a request cannot finish before virtual time moves,
 * so the driver must let time move on without it, and wait for the caller again once it is answered.
 */
export interface WaitObserver {
  /** A request starts waiting. */
  waiting(): void;
  /** Its answer is given now; the simulator awaits what this returns before it moves on. */
  answered(): Promise<void> | void;
}

/**
 * The API server's limit on a request body and etcd's on a stored object, for the objects whose size
 * a client's request decides (RadixBatch, Secret); Jobs and pods derive from them and are not
 * measured, to keep the cost of a write off the simulator's hot path.
 */
function checkSize(kind: Kind, obj: KubeObject): void {
  if (kind !== 'RadixBatch' && kind !== 'Secret') return;
  if (jsonSurelyWithin(obj, Math.min(MAX_REQUEST_BYTES, MAX_OBJECT_BYTES))) return;
  const bytes = Buffer.byteLength(JSON.stringify(obj));
  if (bytes > MAX_REQUEST_BYTES) throw new ClusterError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_REQUEST_BYTES}`);
  if (bytes > MAX_OBJECT_BYTES) throw new ClusterError(500, 'InternalError', 'etcdserver: request is too large');
}

export class SimClusterPort implements ClusterPort {
  /** Passive watches get each change inside the write that made it (see watch). */
  readonly passiveInStep = true;
  /** Set by the runtime that drives the simulator (see WaitObserver). */
  observer: WaitObserver | undefined;
  /** Absent with the `watch` step off: changes are handed over inside the write that made them. */
  private readonly delivery: WatchDelivery | undefined;

  constructor(
    private readonly sim: Simulator,
    readonly namespace: string,
  ) {
    this.delivery = sim.latency.on('watch') ? new WatchDelivery(sim) : undefined;
  }

  private scoped<T extends KubeObject>(obj: T): T {
    return obj.metadata.namespace === this.namespace ? obj : { ...obj, metadata: { ...obj.metadata, namespace: this.namespace } };
  }

  private ns(kind: Kind): string | undefined {
    return kind === 'Node' ? undefined : this.namespace;
  }

  /**
   * Latency faults first: the request reaches the store `latencySeconds` of virtual time later
   * (scheduled on the simulator's clock), and is then handled as any other, API faults included.
   */
  private call<T>(verb: ApiVerb, kind: Kind, name: string | undefined, op: () => T): Promise<T> {
    // Whatever goes wrong is a rejection, never a throw: the port's methods are not async.
    try {
      return this.request(verb, kind, name, op);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * The engine's client-side rate limit first (`clientQps`): a request without a token waits on the
   * virtual clock in its lane, as on the kubernetes backend's token bucket, then is sent.
   */
  private request<T>(verb: ApiVerb, kind: Kind, name: string | undefined, op: () => T): Promise<T> {
    const limit = this.sim.clientLimit;
    if (limit === undefined) return this.send(verb, kind, name, op);
    const observer = this.observer;
    let now = false;
    const later = new Promise<T>((resolve, reject) => {
      now = limit.take(verb === 'get' || verb === 'list' ? 'interactive' : laneOf(kind, verb), () => {
        this.send(verb, kind, name, op).then(resolve, reject);
        return observer?.answered();
      });
    });
    if (now) return this.send(verb, kind, name, op);
    observer?.waiting();
    return later;
  }

  private send<T>(verb: ApiVerb, kind: Kind, name: string | undefined, op: () => T): Promise<T> {
    const slow = this.sim.faults.apiLatency(verb, kind);
    if (!slow) return this.answer(verb, kind, name, op);
    // Never past the end of the simulator's time: the clock can reach that instant, never beyond,
    // and a request held past it would never be answered.
    const delayMs = Math.min(Math.round(slow.latencySeconds * 1000), Math.max(0, END_OF_TIME_MS - this.sim.now()));
    this.sim.faults.hit(slow, 'ApiLatency', { verb, resource: kind, ...(name ? { name } : {}), latencySeconds: slow.latencySeconds });
    const observer = this.observer;
    return new Promise<T>((resolve, reject) => {
      observer?.waiting();
      this.sim.after(delayMs, () => {
        this.answer(verb, kind, name, op).then(resolve, reject);
        return observer?.answered();
      });
    });
  }

  /**
   * API faults: the request fails with the fault's status before it reaches the store; a timeout
   * fails after the request may or may not have been applied (a coin from the seeded fault stream).
   */
  private answer<T>(verb: ApiVerb, kind: Kind, name: string | undefined, op: () => T): Promise<T> {
    const fault = this.sim.faults.apiFault(verb, kind);
    if (!fault) {
      try {
        return Promise.resolve(op());
      } catch (err) {
        return Promise.reject(err);
      }
    }
    const target = { verb, resource: kind, ...(name ? { name } : {}), error: fault.error };
    if (fault.error === 'timeout') {
      const applied = this.sim.faults.coin();
      let outcome = 'not applied';
      if (applied) {
        try {
          op();
          outcome = 'applied';
        } catch (err) {
          outcome = `failed: ${err instanceof Error ? err.message : String(err)}`;
        }
      }
      this.sim.faults.hit(fault, 'ApiTimeout', { ...target, outcome });
      return Promise.reject(new ClusterError(504, 'Timeout', `the server was unable to return a response in the time allotted, but may still be processing the request (${verb} ${kind.toLowerCase()}s)`));
    }
    this.sim.faults.hit(fault, 'ApiError', target);
    const what = `${kind.toLowerCase()}s${name ? ` "${name}"` : ''}`;
    if (fault.error === 409) {
      // On a create, a 409 that is not AlreadyExists is what quota admission answers under contention.
      const on = verb === 'create' ? 'resourcequotas "compute-resources"' : what;
      return Promise.reject(
        new ClusterError(409, 'Conflict', `Operation cannot be fulfilled on ${on}: the object has been modified; please apply your changes to the latest version and try again`, {
          kind,
          ...(name ? { name } : {}),
        }),
      );
    }
    if (fault.error === 429) return Promise.reject(new ClusterError(429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later'));
    return Promise.reject(new ClusterError(500, 'InternalError', `Internal error occurred: injected fault ${fault.id} (${verb} ${what})`));
  }

  // Not async: call() answers a promise and never throws, and an async wrapper would add a promise
  // and two turns of the microtask queue to each request (at 100,000 jobs, each Job's creation).
  create<K extends Kind>(kind: K, obj: KindMap[K]): Promise<KindMap[K]> {
    return this.call('create', kind, obj.metadata.name, () => {
      checkSize(kind, obj);
      return this.sim.store.create(kind, obj, kind === 'Node' ? {} : { namespace: this.namespace });
    });
  }

  get<K extends Kind>(kind: K, name: string): Promise<KindMap[K] | undefined> {
    return this.call('get', kind, name, () => this.sim.store.get<KindMap[K]>(kind, this.ns(kind), name));
  }

  list<K extends Kind>(kind: K, selector?: LabelSelector): Promise<KindMap[K][]> {
    return this.call('list', kind, undefined, () => this.sim.store.list<KindMap[K]>(kind, this.ns(kind), selector));
  }

  /**
   * The port's contract: no resourceVersion means an unconditional write. The store, like
   * kube-apiserver, refuses that for a custom resource, so (as the kubernetes port does) a spec is
   * written by read-then-replace, retried on conflict.
   */
  async update<K extends Kind>(kind: K, obj: KindMap[K]): Promise<KindMap[K]> {
    if (!obj.metadata.resourceVersion && isCustomResource(obj.apiVersion)) {
      for (let attempt = 1; ; attempt++) {
        const current = await this.get(kind, obj.metadata.name);
        if (!current) throw notFound(kind, obj.metadata.name);
        try {
          return await this.update(kind, { ...obj, metadata: { ...obj.metadata, resourceVersion: current.metadata.resourceVersion } });
        } catch (err) {
          if (!(err instanceof ClusterError && err.code === 409) || attempt >= 5) throw err;
        }
      }
    }
    return this.call('update', kind, obj.metadata.name, () => {
      checkSize(kind, obj);
      return this.sim.store.update(kind, this.scoped(obj));
    });
  }

  /**
   * A custom resource's status without a resourceVersion is written unconditionally, as the
   * kubernetes port's JSON patch of /status is (a PUT of /status would be refused like update).
   */
  updateStatus<K extends Kind>(kind: K, obj: KindMap[K]): Promise<KindMap[K]> {
    return this.call('updateStatus', kind, obj.metadata.name, () => this.sim.store.update(kind, this.scoped(obj), 'status', { unconditional: true }));
  }

  delete(kind: Kind, name: string, _propagation: DeletePropagation = 'Background'): Promise<void> {
    return this.call('delete', kind, name, () => {
      if (!this.sim.store.get(kind, this.ns(kind), name)) throw notFound(kind, name);
      this.sim.store.delete(kind, this.ns(kind), name);
    });
  }

  /**
   * Changes reach this port's watches the latency model's `watch` late, in order (watchDelivery.ts);
   * a passive watch's as they happen. A controller on a cluster reads its pods from an informer of
   * their own when it works, some milliseconds after the Job change that woke it, so the reference
   * shows a pod's scheduling verdict written just after the Job's first status (on the local
   * control plane the pod's Unschedulable condition followed the Job's `active: 1` by one
   * resourceVersion). Handing pods over in line behind the Job's changes hid it; handing them over
   * at once also spares a task and an instant for each (~5 a job).
   */
  async watch<K extends Kind>(kind: K, handler: (event: WatchEvent<KindMap[K]>) => void, selector?: LabelSelector, options?: WatchOptions): Promise<() => void> {
    if (!this.delivery || options?.passive) return this.sim.store.watch(kind, handler as (e: WatchEvent<KubeObject>) => void, this.ns(kind), selector);
    return this.delivery.subscribe(handler as (e: WatchEvent<KubeObject>) => void, (deliver) => this.sim.store.watch(kind, deliver, this.ns(kind), selector));
  }

  async watchPodEvents(handler: PodEventHandler): Promise<() => void> {
    if (!this.delivery) {
      return this.sim.store.watchEventNotes((ref, message, at) => {
        if (ref.kind === 'Pod' && ref.namespace === this.namespace) handler(ref.name, message, at);
      });
    }
    return this.delivery.subscribe<[string, string, string]>(
      ([pod, message, at]) => handler(pod, message, at),
      (deliver) =>
        this.sim.store.watchEventNotes((ref, message, at) => {
          if (ref.kind === 'Pod' && ref.namespace === this.namespace) deliver([ref.name, message, at]);
        }),
    );
  }
}
