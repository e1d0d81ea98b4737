// The cluster port over a real API server (@kubernetes/client-node 1.4): BatchV1Api for Jobs,
// CoreV1Api for Pods, Secrets, Events and Nodes, CustomObjectsApi for RadixBatch (and its status
// subresource). Every request passes a client-side token bucket and is retried with backoff on
// 429, 5xx and connection errors; 409 and other errors go up to the engine as ClusterError.
// No semantics here: objects pass through in their JSON wire form.
import { BatchV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { ClusterError, type ClusterPort, type DeletePropagation, type Kind, type KindMap, type PodEventHandler, type WatchEvent } from '../cluster/port.js';
import type { LabelSelector } from '../cluster/labels.js';
import { selectorString } from '../cluster/labels.js';
import type { KubeObject } from '../cluster/types.js';
import { mapError } from './errors.js';
import { TokenBucket } from '../cluster/tokenBucket.js';
import { laneOf, type Lane } from '../cluster/lanes.js';
import { ListWatch, type ListResult } from './listWatch.js';
import { toWire } from './wire.js';

export const RADIX_BATCH_GROUP = 'jobsim.io';
export const RADIX_BATCH_VERSION = 'v1';
export const RADIX_BATCH_PLURAL = 'radixbatches';

export interface RetryOptions {
  /** Attempts in all, the first included (default 6). */
  attempts: number;
  /** First backoff, ms, doubled per attempt with jitter (default 200). */
  baseDelayMs: number;
  /** Longest backoff, ms (default 10 000). */
  maxDelayMs: number;
}

export interface KubePortOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  /** Client-side rate limit: requests per second (default 20) and burst (default 30). */
  qps?: number;
  burst?: number;
  retry?: Partial<RetryOptions>;
  /** Server-side timeout of each watch request, seconds (default 5-10 min; tests use less). */
  watchTimeoutSeconds?: number;
  /** Called for every retried failure and every watch restart (logging). */
  onRetry?: (what: string, err: ClusterError, attempt: number, delayMs: number) => void;
}

/** Counters for benchmarks and tests. */
export interface PortStats {
  requests: number;
  retries: number;
  byVerb: Record<string, number>;
  /** Failed requests (each attempt) by verb and HTTP status ('0': no answer). */
  errors: Record<string, Record<string, number>>;
}

type AnyApiCall = () => Promise<unknown>;

export class KubeClusterPort implements ClusterPort {
  readonly namespace: string;
  readonly limiter: TokenBucket;
  readonly stats: PortStats = { requests: 0, retries: 0, byVerb: {}, errors: {} };
  private readonly batch: BatchV1Api;
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly retry: RetryOptions;
  readonly watches = new Set<ListWatch<KubeObject>>();

  constructor(private readonly opts: KubePortOptions) {
    this.namespace = opts.namespace;
    this.limiter = new TokenBucket(opts.qps ?? 20, opts.burst ?? 30);
    this.batch = opts.kubeConfig.makeApiClient(BatchV1Api);
    this.core = opts.kubeConfig.makeApiClient(CoreV1Api);
    this.custom = opts.kubeConfig.makeApiClient(CustomObjectsApi);
    this.retry = { attempts: 6, baseDelayMs: 200, maxDelayMs: 10_000, ...opts.retry };
  }

  /** One rate-limited API call, retried on 429/5xx/connection errors; the result in wire form. */
  async call<T>(verb: string, what: string, fn: AnyApiCall, opts: { onAmbiguousConflict?: () => Promise<T>; lane?: Lane } = {}): Promise<T> {
    let ambiguous = false;
    for (let attempt = 1; ; attempt++) {
      await this.limiter.acquire(opts.lane);
      this.stats.requests++;
      this.stats.byVerb[verb] = (this.stats.byVerb[verb] ?? 0) + 1;
      try {
        return toWire<T>(await fn());
      } catch (err) {
        const mapped = mapError(err, `${verb} ${what}`);
        const byCode = (this.stats.errors[verb] ??= {});
        byCode[mapped.error.code] = (byCode[mapped.error.code] ?? 0) + 1;
        // A create whose earlier attempt may have been applied: AlreadyExists means it was.
        if (mapped.error.code === 409 && ambiguous && opts.onAmbiguousConflict) return opts.onAmbiguousConflict();
        if (!mapped.retryable || attempt >= this.retry.attempts) throw mapped.error;
        ambiguous ||= mapped.ambiguous;
        const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.max(mapped.retryAfterMs ?? 0, backoff * (0.5 + Math.random() / 2));
        this.stats.retries++;
        this.opts.onRetry?.(`${verb} ${what}`, mapped.error, attempt, delay);
        await sleep(delay);
      }
    }
  }

  private ns(kind: Kind): string {
    return kind === 'Node' ? '' : this.namespace;
  }

  async create<K extends Kind>(kind: K, obj: KindMap[K]): Promise<KindMap[K]> {
    const namespace = this.namespace;
    const body = obj as never;
    const name = obj.metadata.name;
    const fn: AnyApiCall = (() => {
      switch (kind) {
        case 'Job':
          return () => this.batch.createNamespacedJob({ namespace, body });
        case 'Pod':
          return () => this.core.createNamespacedPod({ namespace, body });
        case 'Secret':
          return () => this.core.createNamespacedSecret({ namespace, body });
        case 'Event':
          return () => this.core.createNamespacedEvent({ namespace, body });
        case 'Node':
          return () => this.core.createNode({ body });
        case 'RadixBatch':
          return () => this.custom.createNamespacedCustomObject({ ...this.crd(), namespace, body });
      }
      throw new Error(`unknown kind ${String(kind)}`);
    })();
    return this.call<KindMap[K]>('create', `${kind} ${name}`, fn, {
      lane: laneOf(kind, 'create'),
      onAmbiguousConflict: async () => {
        const existing = await this.get(kind, name);
        if (!existing) throw new ClusterError(409, 'AlreadyExists', `${kind.toLowerCase()}s "${name}" already exists`, { kind, name });
        return existing;
      },
    });
  }

  /**
   * A server-side dry run of creating a RadixBatch: proves the namespace exists, the CRD is served
   * and creating is allowed, without writing anything.
   */
  async probeCreate(): Promise<void> {
    const body = {
      apiVersion: `${RADIX_BATCH_GROUP}/${RADIX_BATCH_VERSION}`,
      kind: 'RadixBatch',
      metadata: { name: 'jobsim-preflight' },
      spec: { radixDeploymentJobRef: { name: 'preflight', job: 'preflight' }, jobs: [] },
    };
    await this.call('create', 'RadixBatch jobsim-preflight (dry run)', () =>
      this.custom.createNamespacedCustomObject({ ...this.crd(), namespace: this.namespace, body, dryRun: 'All' }),
    );
  }

  async get<K extends Kind>(kind: K, name: string): Promise<KindMap[K] | undefined> {
    const namespace = this.namespace;
    const fn: AnyApiCall = (() => {
      switch (kind) {
        case 'Job':
          return () => this.batch.readNamespacedJob({ name, namespace });
        case 'Pod':
          return () => this.core.readNamespacedPod({ name, namespace });
        case 'Secret':
          return () => this.core.readNamespacedSecret({ name, namespace });
        case 'Event':
          return () => this.core.readNamespacedEvent({ name, namespace });
        case 'Node':
          return () => this.core.readNode({ name });
        case 'RadixBatch':
          return () => this.custom.getNamespacedCustomObject({ ...this.crd(), namespace, name });
      }
      throw new Error(`unknown kind ${String(kind)}`);
    })();
    try {
      return await this.call<KindMap[K]>('get', `${kind} ${name}`, fn);
    } catch (err) {
      if (err instanceof ClusterError && err.code === 404) return undefined;
      throw err;
    }
  }

  /** A list with its resourceVersion (what a watch continues from). */
  async listWithVersion<K extends Kind>(kind: K, selector?: LabelSelector): Promise<ListResult<KindMap[K]>> {
    const namespace = this.namespace;
    const labelSelector = selector && Object.keys(selector).length ? selectorString(selector) : undefined;
    const q = labelSelector ? { labelSelector } : {};
    const fn: AnyApiCall = (() => {
      switch (kind) {
        case 'Job':
          return () => this.batch.listNamespacedJob({ namespace, ...q });
        case 'Pod':
          return () => this.core.listNamespacedPod({ namespace, ...q });
        case 'Secret':
          return () => this.core.listNamespacedSecret({ namespace, ...q });
        case 'Event':
          return () => this.core.listNamespacedEvent({ namespace, ...q });
        case 'Node':
          return () => this.core.listNode({ ...q });
        case 'RadixBatch':
          return () => this.custom.listNamespacedCustomObject({ ...this.crd(), namespace, ...q });
      }
      throw new Error(`unknown kind ${String(kind)}`);
    })();
    const list = await this.call<{ items?: KindMap[K][]; metadata?: { resourceVersion?: string } }>('list', `${kind}s`, fn);
    const apiVersion = API_VERSION[kind];
    // Items of a list carry no apiVersion/kind on the wire; the engine expects them.
    const items = (list.items ?? []).map((o) => ({ ...o, apiVersion: o.apiVersion ?? apiVersion, kind: o.kind ?? kind }) as KindMap[K]);
    return { items, resourceVersion: list.metadata?.resourceVersion ?? '' };
  }

  async list<K extends Kind>(kind: K, selector?: LabelSelector): Promise<KindMap[K][]> {
    return (await this.listWithVersion(kind, selector)).items;
  }

  async update<K extends Kind>(kind: K, obj: KindMap[K]): Promise<KindMap[K]> {
    return this.replace(kind, obj, false);
  }

  async updateStatus<K extends Kind>(kind: K, obj: KindMap[K]): Promise<KindMap[K]> {
    return this.replace(kind, obj, true);
  }

  private async replace<K extends Kind>(kind: K, obj: KindMap[K], status: boolean): Promise<KindMap[K]> {
    // The port's contract: no resourceVersion means an unconditional write. Built-in kinds allow
    // that; custom resources do not ("metadata.resourceVersion: must be specified for an update"),
    // so a RadixBatch status is written with a JSON patch, and a spec with read-then-replace.
    if (kind === 'RadixBatch' && !obj.metadata.resourceVersion) {
      const name = obj.metadata.name;
      if (status) {
        const body = [{ op: 'add', path: '/status', value: (obj as KindMap['RadixBatch']).status ?? {} }];
        return this.call<KindMap[K]>(
          'updateStatus',
          `${kind} ${name}`,
          () => this.custom.patchNamespacedCustomObjectStatus({ ...this.crd(), namespace: this.namespace, name, body }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch)),
          { lane: laneOf(kind, 'updateStatus') },
        );
      }
      for (let attempt = 1; ; attempt++) {
        const current = await this.get(kind, name);
        if (!current) throw new ClusterError(404, 'NotFound', `radixbatches.${RADIX_BATCH_GROUP} "${name}" not found`, { kind: 'radixbatches', name });
        try {
          return await this.replace(kind, { ...obj, metadata: { ...obj.metadata, resourceVersion: current.metadata.resourceVersion } }, false);
        } catch (err) {
          if (!(err instanceof ClusterError && err.code === 409) || attempt >= 5) throw err;
        }
      }
    }
    const namespace = this.namespace;
    const name = obj.metadata.name;
    const body = obj as never;
    const fn: AnyApiCall = (() => {
      switch (kind) {
        case 'Job':
          return status ? () => this.batch.replaceNamespacedJobStatus({ name, namespace, body }) : () => this.batch.replaceNamespacedJob({ name, namespace, body });
        case 'Pod':
          return status ? () => this.core.replaceNamespacedPodStatus({ name, namespace, body }) : () => this.core.replaceNamespacedPod({ name, namespace, body });
        case 'Secret':
          return () => this.core.replaceNamespacedSecret({ name, namespace, body });
        case 'Event':
          return () => this.core.replaceNamespacedEvent({ name, namespace, body });
        case 'Node':
          return status ? () => this.core.replaceNodeStatus({ name, body }) : () => this.core.replaceNode({ name, body });
        case 'RadixBatch':
          return status
            ? () => this.custom.replaceNamespacedCustomObjectStatus({ ...this.crd(), namespace, name, body })
            : () => this.custom.replaceNamespacedCustomObject({ ...this.crd(), namespace, name, body });
      }
      throw new Error(`unknown kind ${String(kind)}`);
    })();
    const verb = status ? 'updateStatus' : 'update';
    return this.call<KindMap[K]>(verb, `${kind} ${name}`, fn, { lane: laneOf(kind, verb) });
  }

  async delete(kind: Kind, name: string, propagation: DeletePropagation = 'Background'): Promise<void> {
    const namespace = this.namespace;
    const propagationPolicy = propagation;
    const fn: AnyApiCall = (() => {
      switch (kind) {
        case 'Job':
          return () => this.batch.deleteNamespacedJob({ name, namespace, propagationPolicy });
        case 'Pod':
          return () => this.core.deleteNamespacedPod({ name, namespace, propagationPolicy });
        case 'Secret':
          return () => this.core.deleteNamespacedSecret({ name, namespace, propagationPolicy });
        case 'Event':
          return () => this.core.deleteNamespacedEvent({ name, namespace, propagationPolicy });
        case 'Node':
          return () => this.core.deleteNode({ name, propagationPolicy });
        case 'RadixBatch':
          return () => this.custom.deleteNamespacedCustomObject({ ...this.crd(), namespace, name, propagationPolicy });
      }
      throw new Error(`unknown kind ${String(kind)}`);
    })();
    await this.call<unknown>('delete', `${kind} ${name}`, fn, { lane: laneOf(kind, 'delete') });
  }

  async watch<K extends Kind>(kind: K, handler: (event: WatchEvent<KindMap[K]>) => void, selector?: LabelSelector): Promise<() => void> {
    const lw = new ListWatch<KindMap[K]>({
      kubeConfig: this.opts.kubeConfig,
      path: collectionPath(kind, this.ns(kind)),
      kind,
      apiVersion: API_VERSION[kind],
      ...(selector && Object.keys(selector).length ? { labelSelector: selectorString(selector) } : {}),
      list: () => this.listWithVersion(kind, selector),
      handler,
      acquire: () => this.limiter.acquire(),
      onRestart: (err, attempt, delay) => this.opts.onRetry?.(`watch ${kind}`, err, attempt, delay),
      ...(this.opts.watchTimeoutSeconds ? { timeoutSeconds: this.opts.watchTimeoutSeconds } : {}),
    });
    this.watches.add(lw as unknown as ListWatch<KubeObject>);
    await lw.start();
    return () => {
      lw.stop();
      this.watches.delete(lw as unknown as ListWatch<KubeObject>);
    };
  }

  watchPodEvents(handler: PodEventHandler): Promise<() => void> {
    return this.watch('Event', (e) => {
      const ev = e.object;
      if (e.type !== 'DELETED' && ev.involvedObject?.kind === 'Pod') handler(ev.involvedObject.name, ev.message ?? '', ev.lastTimestamp ?? '');
    });
  }

  /** Whether the API server answers now (GET /api/v1, once, no retries, at most `timeoutMs`): for readiness. */
  async reachable(timeoutMs = 3000): Promise<{ ok: boolean; message?: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.core.getAPIResources(), timeout]);
      return { ok: true };
    } catch (err) {
      return { ok: false, message: mapError(err, 'GET /api/v1').error.message };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Whether every watch has listed and is watching without failure. */
  get synced(): boolean {
    for (const w of this.watches) if (!w.synced) return false;
    return this.watches.size > 0;
  }

  /** Stops every watch (shutdown). */
  close(): void {
    for (const w of this.watches) w.stop();
    this.watches.clear();
  }

  private crd() {
    return { group: RADIX_BATCH_GROUP, version: RADIX_BATCH_VERSION, plural: RADIX_BATCH_PLURAL };
  }
}

const API_VERSION: Record<Kind, string> = {
  Job: 'batch/v1',
  Pod: 'v1',
  Secret: 'v1',
  Event: 'v1',
  Node: 'v1',
  RadixBatch: `${RADIX_BATCH_GROUP}/${RADIX_BATCH_VERSION}`,
};

function collectionPath(kind: Kind, namespace: string): string {
  const ns = `/namespaces/${encodeURIComponent(namespace)}`;
  switch (kind) {
    case 'Job':
      return `/apis/batch/v1${ns}/jobs`;
    case 'Pod':
      return `/api/v1${ns}/pods`;
    case 'Secret':
      return `/api/v1${ns}/secrets`;
    case 'Event':
      return `/api/v1${ns}/events`;
    case 'Node':
      return '/api/v1/nodes';
    case 'RadixBatch':
      return `/apis/${RADIX_BATCH_GROUP}/${RADIX_BATCH_VERSION}${ns}/${RADIX_BATCH_PLURAL}`;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
