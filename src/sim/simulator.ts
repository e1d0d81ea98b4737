// The simulator: a deterministic in-memory Kubernetes (store, scheduler, kubelet, Job controller,
// garbage collector) on a virtual clock. It knows nothing about Radix.
import type { WatchEventType } from '../engine/cluster.js';
import type { Job, KubeObject, Node, Pod } from '../kube/types.js';
import { SimContext } from './context.js';
import { defaultSimConfig, type NodeConfig, type SimConfig } from './config.js';
import { EventLog } from './eventLog.js';
import { EventQueue } from './eventQueue.js';
import { JobController } from './jobController.js';
import { Kubelet } from './kubelet.js';
import { PodScheduler } from './podScheduler.js';
import { SeededRandom } from '../common/rng.js';
import { ObjectStore } from './store.js';
import { SimClusterPort } from './simPort.js';

/** Stop a run-until-idle that never settles (e.g. a job retrying forever). */
export const IDLE_HORIZON_MS = 30 * 24 * 3600 * 1000;

export class SimulatorError extends Error {}

const LOGGED_KINDS = new Set(['Job', 'Pod', 'Secret', 'Node', 'RadixBatch']);

export class Simulator {
  readonly config: SimConfig;
  private ctx!: SimContext;
  private scheduler!: PodScheduler;
  private kubelet!: Kubelet;
  private jobs!: JobController;
  private readonly queue = new EventQueue();
  private running: Promise<void> = Promise.resolve();

  constructor(config: Partial<SimConfig> = {}) {
    this.config = defaultSimConfig(config);
    this.build();
  }

  private build(): void {
    const log = new EventLog(this.config.eventLogRetain);
    // The store is created with hooks that refer to the context created right after it.
    let ctx: SimContext | undefined;
    const store = new ObjectStore({
      now: () => ctx!.now(),
      onChange: (kind, type, obj) => this.onChange(kind, type, obj),
    });
    ctx = new SimContext(this.config, this.queue, log, new SeededRandom(this.config.seed), store);
    this.ctx = ctx;
    this.scheduler = new PodScheduler(ctx);
    this.kubelet = new Kubelet(ctx, this.scheduler);
    this.jobs = new JobController(ctx);
    this.scheduler.onBound = (pod) => this.kubelet.podBound(pod);
    log.append(ctx.now(), 'SimulatorStarted', { data: { seed: this.config.seed } });
    for (const node of this.config.nodes) this.addNode(node);
  }

  get store(): ObjectStore {
    return this.ctx.store;
  }
  get log(): EventLog {
    return this.ctx.log;
  }
  get random(): SeededRandom {
    return this.ctx.rng as SeededRandom;
  }

  now(): number {
    return this.ctx.now();
  }

  /** Scheduled work that keeps the simulator busy (housekeeping excluded). */
  get pendingEvents(): number {
    return this.ctx.pendingForeground;
  }

  nextEventAt(): number | undefined {
    return this.queue.peekTime();
  }

  /** Lets a driver know when new work is scheduled, to re-arm its wall-clock timer. */
  set onSchedule(fn: (() => void) | undefined) {
    this.queue.onChange = fn;
  }

  port(namespace: string): SimClusterPort {
    return new SimClusterPort(this, namespace);
  }

  /** Schedules work on the virtual clock (used by the engine through its clock). */
  after(delayMs: number, task: () => void | Promise<void>, opts: { background?: boolean } = {}): () => void {
    return this.ctx.after(delayMs, task, opts);
  }

  // ---- time -------------------------------------------------------------------------------

  /**
   * Runs every event due at or before `limitMs`, one instant at a time; work returned as promises
   * (the engine's reconcilers) settles before time moves on. Calls are serialized.
   */
  runUntil(limitMs: number, opts: { stopWhenIdle?: boolean; maxInstants?: number } = {}): Promise<void> {
    const run = this.running.then(() => this.drain(limitMs, opts));
    this.running = run.catch(() => undefined);
    return run;
  }

  private async drain(limitMs: number, opts: { stopWhenIdle?: boolean; maxInstants?: number }): Promise<void> {
    let instants = 0;
    for (;;) {
      if (opts.stopWhenIdle && this.ctx.pendingForeground === 0) return;
      const at = this.queue.peekTime();
      if (at === undefined || at > limitMs) break;
      this.ctx.setNow(at);
      // Each task runs to completion, including asynchronous work it started (the engine's
      // reconcile passes), before the next one: one deterministic order, no interleaving.
      for (let entry = this.queue.popDue(at); entry; entry = this.queue.popDue(at)) {
        const result = entry.task();
        if (result) await result;
      }
      if (opts.maxInstants !== undefined && ++instants >= opts.maxInstants) return;
    }
    if (Number.isFinite(limitMs)) this.ctx.setNow(limitMs);
  }

  advance(seconds: number): Promise<void> {
    return this.runUntil(this.now() + seconds * 1000);
  }

  async toNextEvent(): Promise<void> {
    const at = this.queue.peekTime();
    if (at === undefined) return;
    await this.runUntil(at, { maxInstants: 1 });
  }

  /** Runs until no foreground work remains, or fails past the horizon. */
  async runUntilIdle(horizonMs = IDLE_HORIZON_MS): Promise<void> {
    const limit = this.now() + horizonMs;
    await this.runUntil(limit, { stopWhenIdle: true });
    if (this.ctx.pendingForeground > 0) {
      throw new SimulatorError(
        `the simulation is still busy after ${Math.round(horizonMs / 86_400_000)} virtual days (${this.ctx.pendingForeground} events pending); a job may be retrying forever`,
      );
    }
  }

  // ---- nodes ------------------------------------------------------------------------------

  addNode(config: NodeConfig): Node {
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: config.name, labels: { 'kubernetes.io/hostname': config.name, ...config.labels } },
      spec: { ...(config.taints?.length ? { taints: config.taints } : {}) },
      status: {
        capacity: { cpu: config.cpu, memory: config.memory, pods: String(config.pods ?? 110) },
        allocatable: { cpu: config.cpu, memory: config.memory, pods: String(config.pods ?? 110) },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      },
    };
    return this.store.create('Node', node);
  }

  // ---- wiring -----------------------------------------------------------------------------

  private onChange(kind: string, type: WatchEventType, obj: KubeObject): void {
    if (LOGGED_KINDS.has(kind) && type !== 'MODIFIED') {
      this.ctx.log.append(this.ctx.now(), type === 'ADDED' ? 'Created' : 'Deleted', {
        kind,
        ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
        name: obj.metadata.name,
      });
    }
    switch (kind) {
      case 'Pod': {
        const pod = obj as Pod;
        if (type === 'ADDED' && !pod.spec.nodeName) this.scheduler.enqueue(pod);
        if (type === 'DELETED') this.kubelet.podDeleted(pod);
        const owner = pod.metadata.ownerReferences?.find((r) => r.kind === 'Job' && r.controller);
        if (owner) this.jobs.enqueue(pod.metadata.namespace, owner.name);
        break;
      }
      case 'Job':
        if (type === 'DELETED') this.jobs.forget(obj as Job);
        else this.jobs.enqueue(obj.metadata.namespace, obj.metadata.name);
        break;
      case 'Node':
        if (type === 'DELETED') this.scheduler.nodeRemoved(obj.metadata.name);
        this.scheduler.requestPass();
        break;
    }
    if (type === 'DELETED' && obj.metadata.uid) this.collectGarbage(obj.metadata.uid);
  }

  /** Background propagation: dependents of a deleted owner are deleted right after it. */
  private collectGarbage(ownerUid: string): void {
    const dependents = this.store.dependentsOf(ownerUid);
    if (dependents.length === 0) return;
    this.store.forgetOwner(ownerUid);
    this.ctx.after(0, () => {
      for (const [kind, ns, name] of dependents) {
        const obj = this.store.get(kind, ns, name);
        if (obj?.metadata.ownerReferences?.some((r) => r.uid === ownerUid)) {
          this.ctx.log.append(this.ctx.now(), 'GarbageCollected', { kind, ...(ns ? { namespace: ns } : {}), name });
          this.store.delete(kind, ns, name);
        }
      }
    });
  }
}
