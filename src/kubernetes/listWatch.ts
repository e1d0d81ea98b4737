// List-then-watch for one kind, as client-go's reflector: the handler first gets ADDED for every
// listed object, then the watch's changes. A dropped watch resumes from the last resourceVersion;
// an expired one (410 Gone) or an error re-lists and reports the difference (ADDED, MODIFIED,
// DELETED), so the handler's view converges on the server's.
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { ClusterError, WatchEvent, WatchEventType } from '../cluster/port.js';
import type { KubeObject } from '../cluster/types.js';
import { mapError } from './errors.js';

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
}

export interface ListWatchOptions<T extends KubeObject> {
  kubeConfig: KubeConfig;
  /** Collection path, e.g. /apis/batch/v1/namespaces/default/jobs. */
  path: string;
  kind: string;
  apiVersion: string;
  labelSelector?: string;
  list: () => Promise<ListResult<T>>;
  handler: (event: WatchEvent<T>) => void;
  /** Takes a rate-limiter token before each (re)connect. */
  acquire: () => Promise<void>;
  onRestart?: (err: ClusterError, attempt: number, delayMs: number) => void;
  /** Server-side timeout of one watch request (default: 5-10 min, spread as client-go does). */
  timeoutSeconds?: number;
}

export class ListWatch<T extends KubeObject> {
  private known = new Map<string, T>();
  private resourceVersion = '';
  private abort: AbortController | undefined;
  private stopped = false;
  private failures = 0;
  private relistNeeded = false;
  private timer: NodeJS.Timeout | undefined;
  /** Watch (re)connections made, for tests. */
  connections = 0;
  private started = false;

  constructor(private readonly o: ListWatchOptions<T>) {}

  async start(): Promise<void> {
    await this.relist();
    await this.connect();
    this.started = true;
  }

  /** Listed and watching, with no failure since the last successful (re)connect: the cache is current. */
  get synced(): boolean {
    return this.started && !this.stopped && this.failures === 0 && !this.relistNeeded;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort?.abort();
    this.abort = undefined;
  }

  private emit(type: WatchEventType, object: T): void {
    try {
      this.o.handler({ type, object });
    } catch {
      // The handler's own errors must not break the stream.
    }
  }

  private async relist(): Promise<void> {
    const { items, resourceVersion } = await this.o.list();
    const seen = new Set<string>();
    for (const item of items) {
      const name = item.metadata.name;
      seen.add(name);
      const prev = this.known.get(name);
      this.known.set(name, item);
      if (!prev || prev.metadata.uid !== item.metadata.uid) {
        if (prev) this.emit('DELETED', prev);
        this.emit('ADDED', item);
      } else if (prev.metadata.resourceVersion !== item.metadata.resourceVersion) this.emit('MODIFIED', item);
    }
    for (const [name, prev] of [...this.known]) {
      if (!seen.has(name)) {
        this.known.delete(name);
        this.emit('DELETED', prev);
      }
    }
    this.resourceVersion = resourceVersion;
    this.relistNeeded = false;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    await this.o.acquire();
    if (this.stopped) return;
    this.connections++;
    const watch = new Watch(this.o.kubeConfig);
    const query: Record<string, string | number | boolean> = {
      resourceVersion: this.resourceVersion,
      allowWatchBookmarks: true,
      // Server-side timeout, spread like client-go's (5-10 min), so connections renew now and then.
      timeoutSeconds: this.o.timeoutSeconds ?? 300 + Math.floor(Math.random() * 300),
    };
    if (this.o.labelSelector) query.labelSelector = this.o.labelSelector;
    let ended = false;
    const done = (err: unknown) => {
      if (ended) return;
      ended = true;
      this.abort = undefined;
      if (this.stopped) return;
      this.restart(err);
    };
    try {
      this.abort = await watch.watch(this.o.path, query, (phase, obj) => this.onEvent(phase, obj), done);
      this.failures = 0;
    } catch (err) {
      done(err);
    }
  }

  private onEvent(phase: string, obj: unknown): void {
    if (this.stopped) return;
    const o = obj as T & { code?: number; kind?: string };
    if (phase === 'ERROR') {
      // A Status object: 410 Gone means our resourceVersion is too old to resume from.
      this.relistNeeded = true;
      this.abort?.abort();
      return;
    }
    const rv = o?.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (phase === 'BOOKMARK') return;
    if (phase !== 'ADDED' && phase !== 'MODIFIED' && phase !== 'DELETED') return;
    const object = { ...o, apiVersion: o.apiVersion ?? this.o.apiVersion, kind: o.kind ?? this.o.kind } as T;
    const name = object.metadata.name;
    if (phase === 'DELETED') this.known.delete(name);
    else this.known.set(name, object);
    this.emit(phase, object);
  }

  private restart(err: unknown): void {
    const clean = !err && !this.relistNeeded;
    if (!clean) this.failures++;
    const delay = clean ? 0 : Math.min(30_000, 250 * 2 ** Math.min(this.failures - 1, 7)) * (0.5 + Math.random() / 2);
    if (!clean) this.o.onRestart?.(mapError(err ?? new Error('watch expired (410 Gone): re-listing'), `watch ${this.o.kind}`).error, this.failures, delay);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void (async () => {
        try {
          if (!clean) await this.relist();
          await this.connect();
        } catch (e) {
          this.restart(e);
        }
      })();
    }, delay);
  }
}
