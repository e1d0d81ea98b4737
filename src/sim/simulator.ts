// The simulator: a deterministic in-memory Kubernetes (store, scheduler, kubelet, Job controller,
// garbage collector) on a virtual clock. It knows nothing about Radix.
import type { WatchEventType } from '../cluster/port.js';
import type { Job, KubeObject, Node, Pod } from '../cluster/types.js';
import { SimContext, type AfterOptions } from './context.js';
import { defaultSimConfig, type NodeConfig, type SimConfig } from './config.js';
import { EventLog } from './eventLog.js';
import { EventQueue } from './eventQueue.js';
import { FaultError, FaultRegistry, type Fault, type FaultRequest } from './faults.js';
import { TokenBucket } from '../cluster/tokenBucket.js';
import { withinTime } from './limits.js';
import { JobController } from './jobController.js';
import { Latency } from './latency.js';
import { Kubelet } from './kubelet.js';
import { NodeManager } from './nodes.js';
import { PodScheduler } from './podScheduler.js';
import { cpuMillis, memoryBytes } from '../cluster/quantity.js';
import { SeededRandom } from '../common/rng.js';
import { ObjectStore } from './store.js';
import { SimClusterPort } from './simPort.js';

function shortageAmount(f: { cpu?: string; memory?: string; pods?: number }, sign: 1 | -1) {
  return { cpu: sign * cpuMillis(f.cpu), memory: sign * memoryBytes(f.memory), pods: sign * (f.pods ?? 0) };
}

function isReady(pod: Pod | undefined): boolean {
  const conditions = pod?.status?.conditions;
  if (!conditions) return false;
  for (const c of conditions) if (c.type === 'Ready') return c.status === 'True';
  return false;
}

/** Whether the Job controller cares about a pod's change: its phase, readiness or deletion. */
function podStateChanged(pod: Pod, previous: Pod | undefined): boolean {
  if (pod.status?.phase !== previous?.status?.phase || pod.metadata.deletionTimestamp !== previous?.metadata.deletionTimestamp) return true;
  // Conditions are shared between pods and versions where they are equal.
  return pod.status?.conditions !== previous?.status?.conditions && isReady(pod) !== isReady(previous);
}

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
  nodes!: NodeManager;
  faults!: FaultRegistry;
  /** The engine's client-side rate limit (`clientQps`), undefined without one. */
  clientLimit: TokenBucket | undefined;
  private readonly queue = new EventQueue();
  private running: Promise<void> = Promise.resolve();
  /** Runs of due work started and finished: a runtime watching them over wall time sees one that never ends. */
  private drainsStarted = 0;
  private drainsFinished = 0;

  constructor(config: Partial<SimConfig> = {}) {
    this.config = defaultSimConfig(config);
    if (!Number.isFinite(this.config.startTime) || !withinTime(this.config.startTime)) throw new SimulatorError(`start time ${this.config.startTime} is not an instant the clock can hold`);
    this.build();
  }

  private build(): void {
    const log = new EventLog(this.config.eventLogRetain, { digest: this.config.eventLogDigest, ...(this.config.eventLogSink ? { sink: this.config.eventLogSink } : {}) });
    // The store is created with hooks that refer to the context created right after it.
    let ctx: SimContext | undefined;
    const store = new ObjectStore({
      nowText: () => ctx!.nowText(),
      maxEvents: this.config.maxEvents,
      settledWhole: this.config.settledWhole,
      onChange: (kind, type, obj, previous) => this.onChange(kind, type, obj, previous),
    });
    const latency = new Latency(this.config.latency, new SeededRandom(`${this.config.seed}:latency`));
    ctx = new SimContext(this.config, this.queue, log, new SeededRandom(this.config.seed), store, latency);
    this.ctx = ctx;
    this.faults = new FaultRegistry(ctx, new SeededRandom(`${this.config.seed}:faults`));
    this.scheduler = new PodScheduler(ctx);
    this.kubelet = new Kubelet(ctx, this.scheduler, this.faults);
    this.jobs = new JobController(ctx);
    this.nodes = new NodeManager(ctx, this.kubelet);
    this.scheduler.onBound = (pod) => this.kubelet.podBound(pod);
    this.faults.hooks = { activated: (f) => this.faultActivated(f), ended: (f) => this.faultEnded(f) };
    const qps = this.config.clientQps;
    this.clientLimit =
      qps === undefined ? undefined : new TokenBucket(qps, this.config.clientBurst ?? Math.max(1, Math.ceil(qps)), () => ctx!.now(), (ms, task) => void ctx!.after(ms, task));
    log.append(ctx.now(), 'SimulatorStarted', { data: { seed: this.config.seed } });
    for (const node of this.config.nodes) {
      if (node.at === undefined || node.at <= 0) this.nodes.add(node);
      else ctx.after(node.at * 1000, () => void this.nodes.add(node));
    }
    for (const fault of this.config.faults) this.faults.add(fault);
  }

  /** Injects a fault now (or at its `at`); returns it with its id. */
  injectFault(request: FaultRequest): Fault {
    // A node lost now must be there: one that is not would leave the fault active with nothing to do
    // (a later `at` may name a node still to come).
    const r = request as { type?: unknown; node?: unknown; at?: unknown };
    const now = r.at === undefined || (typeof r.at === 'number' && this.config.startTime + r.at * 1000 <= this.ctx.now());
    if (r.type === 'nodeLoss' && typeof r.node === 'string' && now && !this.store.get('Node', undefined, r.node)) {
      throw new FaultError(`nodeLoss: node ${r.node} does not exist (nodes: ${this.nodes.names().join(', ') || 'none'})`);
    }
    return this.faults.add(request);
  }

  private faultActivated(fault: Fault): void {
    switch (fault.type) {
      case 'nodeLoss':
        if (this.store.get('Node', undefined, fault.node)) {
          const lost = this.nodes.lose(fault.node);
          this.faults.hit(fault, 'NodeLost', { node: fault.node, pods: lost.map((p) => p.metadata.name) });
        }
        break;
      case 'nodeShortage':
        this.nodes.shortage(fault.node, shortageAmount(fault, 1));
        // An effect on each node there now; one that joins while the fault lasts has it when it joins.
        for (const name of fault.node ? (this.store.get('Node', undefined, fault.node) ? [fault.node] : []) : this.nodes.names()) {
          this.faults.hit(fault, 'NodeCapacityRemoved', { node: name });
        }
        break;
      case 'containerCrash':
      case 'oom':
        this.kubelet.crashRunning(fault);
        break;
      default:
        break;
    }
  }

  private faultEnded(fault: Fault): void {
    if (fault.type === 'nodeLoss') this.nodes.restore(fault.node);
    if (fault.type === 'nodeShortage') this.nodes.shortage(fault.node, shortageAmount(fault, -1));
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
  get latency(): Latency {
    return this.ctx.latency;
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
  after(delayMs: number, task: () => void | Promise<void>, opts: AfterOptions = {}): () => void {
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

  /** The number of the run of due work in progress (a task of it may never settle), or undefined. */
  get currentDrain(): number | undefined {
    return this.drainsStarted > this.drainsFinished ? this.drainsStarted : undefined;
  }

  /**
   * Told when a run of due work starts and after each instant it completes: a runtime notes the wall
   * time (to tell a run that never ends from a long one) and may return a promise, awaited before
   * the next instant, to give the rest of the process a turn (the order of simulated work is the
   * same either way).
   */
  onProgress: (() => Promise<void> | undefined) | undefined;

  private async drain(limitMs: number, opts: { stopWhenIdle?: boolean; maxInstants?: number }): Promise<void> {
    this.drainsStarted++;
    this.onProgress?.();
    try {
      await this.drainDue(limitMs, opts);
    } finally {
      this.drainsFinished++;
    }
  }

  private async drainDue(limitMs: number, opts: { stopWhenIdle?: boolean; maxInstants?: number }): Promise<void> {
    let instants = 0;
    for (;;) {
      if (opts.stopWhenIdle && this.ctx.pendingForeground === 0) return;
      const at = this.queue.peekTime();
      if (at === undefined || at > limitMs) break;
      this.ctx.setNow(at);
      // Each task runs to completion, including asynchronous work it started (the engine's
      // reconcile passes), before the next one: one deterministic order, no interleaving.
      for (let task = this.queue.popDue(at); task; task = this.queue.popDue(at)) {
        const result = task();
        if (result) await result;
      }
      const breathe = this.onProgress?.();
      if (breathe) await breathe;
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
    return this.nodes.add(config);
  }

  // ---- wiring -----------------------------------------------------------------------------

  private onChange(kind: string, type: WatchEventType, obj: KubeObject, previous: KubeObject | undefined): void {
    if (LOGGED_KINDS.has(kind) && type !== 'MODIFIED') {
      this.ctx.log.appendAbout(this.ctx.now(), type === 'ADDED' ? 'Created' : 'Deleted', kind, obj.metadata.namespace || undefined, obj.metadata.name);
    }
    switch (kind) {
      case 'Pod': {
        const pod = obj as Pod;
        if (type === 'ADDED' && !pod.spec.nodeName) this.scheduler.enqueue(pod);
        if (type === 'DELETED') this.kubelet.podDeleted(pod);
        // The Job controller cares about a pod's phase, readiness and deletion, not every status write.
        if (type !== 'MODIFIED' || podStateChanged(pod, previous as Pod)) {
          const owner = pod.metadata.ownerReferences?.find((r) => r.kind === 'Job' && r.controller);
          if (owner) this.jobs.podChanged(pod, owner.name, type === 'DELETED');
        }
        break;
      }
      case 'Job':
        if (type === 'DELETED') this.jobs.forget(obj as Job);
        // Spec changes (suspend) wake the Job controller at once; its own status writes only
        // queue a batched sync, and only when syncs are batched (latency on).
        else if (type === 'ADDED' || obj.metadata.generation !== previous?.metadata.generation) this.jobs.enqueue(obj.metadata.namespace, obj.metadata.name);
        else if (this.jobs.batching) this.jobs.statusChanged(obj as Job);
        break;
      case 'Node':
        if (type === 'DELETED') this.scheduler.nodeRemoved(obj.metadata.name);
        else if (type === 'ADDED') this.shortagesJoined(obj.metadata.name);
        this.scheduler.nodesChanged();
        break;
    }
    if (type === 'DELETED' && obj.metadata.uid) this.collectGarbage(kind, obj.metadata.uid, obj.metadata.namespace || undefined);
  }

  /** A node joined (or came back) with the capacity active shortages take (nodes.ts): their effect on it. */
  private shortagesJoined(node: string): void {
    for (const f of this.faults.list()) {
      if (f.type === 'nodeShortage' && f.state === 'active' && (f.node === undefined || f.node === node)) this.faults.hit(f, 'NodeCapacityRemoved', { node });
    }
  }

  /**
   * Background propagation: dependents of a deleted owner are deleted right after it (those of a
   * namespaced owner are in its namespace, as Kubernetes' garbage collector requires).
   */
  private collectGarbage(kind: string, ownerUid: string, namespace: string | undefined): void {
    const dependents = this.store.dependentsOf(ownerUid, namespace, kind);
    if (dependents.length === 0) return;
    this.store.forgetOwner(ownerUid, namespace, kind);
    this.ctx.after(0, () => {
      for (const [kind, ns, name] of dependents) {
        const obj = this.store.get(kind, ns, name);
        if (obj?.metadata.ownerReferences?.some((r) => r.uid === ownerUid)) {
          this.ctx.log.appendAbout(this.ctx.now(), 'GarbageCollected', kind, ns || undefined, name);
          this.store.delete(kind, ns, name, obj);
        }
      }
    });
  }
}
