// A Job Manager per job component over a real cluster: what `jobsim serve --backend kubernetes` runs.
// One cluster port (one rate limiter) is shared by all components; each JobManager keeps its own
// watch-fed caches and reconciler, on the wall clock. With leader election, every replica answers
// the API from its caches and records new batches, and only the holder of the Lease reconciles,
// cleans up history and sends webhooks.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { SeededRandom } from '../common/rng.js';
import { ClusterError } from '../cluster/port.js';
import type { JobManager } from '../engine/jobManager.js';
import type { WebhookSink } from '../engine/notifications.js';
import { loadKubeConfig, type LoadedKubeConfig } from '../kubernetes/kubeConfig.js';
import { KubeClusterPort, RADIX_BATCH_GROUP, RADIX_BATCH_PLURAL } from '../kubernetes/kubePort.js';
import { DEFAULT_TIMING, checkTiming, LeaderElector, type ElectionTiming } from '../kubernetes/leaderElection.js';
import { KubeLeaseStore } from '../kubernetes/leaseStore.js';
import { wallEngineClock } from './wallClock.js';
import { startManagers, stopManagers, type ManagerSettings } from './managers.js';
import { readinessOf, type Readiness } from './readiness.js';

/** How long one answer of the API server counts for readiness (probes come every few seconds). */
const REACHABLE_TTL_MS = 5000;

export const DEFAULT_LEASE_NAME = 'jobsim';

export interface LeaderElectionOptions {
  /** Name of the Lease in the namespace (default "jobsim"); replicas with the same name elect one leader. */
  leaseName?: string;
  /** Default: the host name (a pod's name) and the process id. */
  identity?: string;
  timing?: Partial<ElectionTiming>;
  /** Leadership gained or lost, and the holder as seen (for the log). */
  onLeading?: (leading: boolean) => void;
  onNewLeader?: (identity: string) => void;
  onError?: (err: unknown) => void;
}

export interface KubeRuntimeOptions extends ManagerSettings {
  /** Path of a kubeconfig; default: in-cluster config in a pod, else $KUBECONFIG or ~/.kube/config. */
  kubeconfig?: string;
  namespace?: string;
  /** Client-side rate limit of API requests (default 20/s, burst 30). */
  qps?: number;
  burst?: number;
  onRetry?: (what: string, err: ClusterError, attempt: number, delayMs: number) => void;
  /** Elect one reconciler among replicas through a Lease; without it this process always reconciles. */
  leaderElection?: LeaderElectionOptions;
}

export class KubeRuntime {
  port!: KubeClusterPort;
  config!: LoadedKubeConfig;
  managers = new Map<string, JobManager>();
  elector: LeaderElector | undefined;

  constructor(readonly options: KubeRuntimeOptions) {}

  async start(): Promise<void> {
    const o = this.options;
    const le = o.leaderElection;
    const timing = { ...DEFAULT_TIMING, ...le?.timing };
    if (le) checkTiming(timing);
    this.config = loadKubeConfig({ ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}), ...(o.namespace ? { namespace: o.namespace } : {}) });
    this.port = new KubeClusterPort({
      kubeConfig: this.config.kubeConfig,
      namespace: this.config.namespace,
      ...(o.qps ? { qps: o.qps } : {}),
      ...(o.burst ? { burst: o.burst } : {}),
      ...(o.onRetry ? { onRetry: o.onRetry } : {}),
    });
    const leases = le ? new KubeLeaseStore(this.config.kubeConfig, this.config.namespace, le.leaseName ?? DEFAULT_LEASE_NAME) : undefined;
    await this.preflight(leases);
    const clock = wallEngineClock((err) => o.onError?.(err, 'scheduled task'));
    this.managers = await startManagers(
      {
        ...o,
        // As many Job creations under way as the rate limiter lets through at once.
        createConcurrency: o.createConcurrency ?? this.port.limiter.burst,
        leading: !leases,
        ...(o.webhooks && leases ? { webhooks: leaderOnly(o.webhooks, () => this.elector?.isLeader() ?? false) } : {}),
      },
      {
        port: this.port,
        clock,
        // Batch and job names must not repeat across restarts: a fresh seed per process.
        random: (component) => new SeededRandom(`${randomUUID()}:names:${component.name}`),
      },
    );
    if (le && leases) {
      // Campaign only once the caches are filled: a new leader reconciles from what they hold.
      this.elector = new LeaderElector(leases, le.identity ?? `${hostname()}_${process.pid}`, timing, {
        onStartedLeading: () => {
          for (const m of this.managers.values()) m.setLeading(true);
          le.onLeading?.(true);
        },
        onStoppedLeading: () => {
          for (const m of this.managers.values()) m.setLeading(false);
          le.onLeading?.(false);
        },
        ...(le.onNewLeader ? { onNewLeader: le.onNewLeader } : {}),
        ...(le.onError ? { onError: le.onError } : {}),
      });
      this.elector.start();
    }
  }

  /** Fails early, with what to do, when the cluster is unreachable or the CRD or a permission is missing. */
  private async preflight(leases: KubeLeaseStore | undefined): Promise<void> {
    try {
      await this.port.list('RadixBatch');
    } catch (err) {
      const where = `${this.config.server} (${this.config.source}), namespace ${this.config.namespace}`;
      if (err instanceof ClusterError && err.code === 404) {
        throw new Error(`the RadixBatch CRD (${RADIX_BATCH_PLURAL}.${RADIX_BATCH_GROUP}) is not installed on ${where}: kubectl apply -f deploy/manifests/crd-radixbatch.yaml`);
      }
      if (err instanceof ClusterError && err.code === 403) throw new Error(`not allowed to list radixbatches on ${where}: ${err.message} (see deploy/manifests/rbac.yaml)`);
      throw new Error(`cannot reach the cluster at ${where}: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      await this.port.probeCreate();
    } catch (err) {
      const where = `namespace ${this.config.namespace} on ${this.config.server}`;
      if (err instanceof ClusterError && err.code === 404) throw new Error(`cannot create batches in ${where}: ${err.message} (create the namespace, or pass --namespace)`);
      if (err instanceof ClusterError && err.code === 403) throw new Error(`not allowed to create radixbatches in ${where}: ${err.message} (see deploy/manifests/rbac.yaml)`);
      throw new Error(`cannot create batches in ${where}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!leases) return;
    try {
      await leases.get();
    } catch (err) {
      const what = `the Lease ${leases.name} in namespace ${this.config.namespace}`;
      if (err instanceof ClusterError && err.code === 403) {
        throw new Error(`not allowed to read ${what} for leader election: ${err.message} (see deploy/manifests/rbac.yaml, or pass --no-leader-elect to run a single replica)`);
      }
      throw new Error(`cannot read ${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  manager(component: string): JobManager {
    const m = this.managers.get(component);
    if (!m) throw new Error(`no job component ${component}`);
    return m;
  }

  private stopped = false;
  private lastProbe: { at: number; answer: Promise<{ ok: boolean; message?: string }> } | undefined;

  /** Ready when the API server answers and every watch-fed cache is listed and watching. */
  async readiness(): Promise<Readiness> {
    if (this.stopped) return readinessOf([{ name: 'engine', ok: false, message: 'stopped' }]);
    const now = Date.now();
    if (!this.lastProbe || now - this.lastProbe.at > REACHABLE_TTL_MS) this.lastProbe = { at: now, answer: this.port.reachable() };
    const server = await this.lastProbe.answer;
    return readinessOf([
      { name: 'apiServer', ok: server.ok, message: server.ok ? this.config.server : `${this.config.server} does not answer: ${server.message ?? 'unknown error'}` },
      { name: 'caches', ok: this.port.synced, ...(this.port.synced ? {} : { message: 'a watch of the cluster is not listed and running (re-listing or reconnecting)' }) },
    ]);
  }

  /** Nothing to settle: the cluster's work goes on without jobsim. */
  async settle(): Promise<void> {}

  /** Steps down and releases the Lease (if held), so another replica takes over at once. */
  async release(): Promise<void> {
    await this.elector?.stop();
  }

  stop(): void {
    this.stopped = true;
    void this.elector?.stop();
    stopManagers(this.managers);
    this.port?.close();
  }
}

/** Webhook events go out from the leader only (every replica sees the same changes). */
function leaderOnly(sink: WebhookSink, leading: () => boolean): WebhookSink {
  return { deliver: (d) => (leading() ? sink.deliver(d) : undefined) };
}
