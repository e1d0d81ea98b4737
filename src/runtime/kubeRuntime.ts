// A Job Manager per job component over a real cluster: what `jobsim serve --backend kubernetes` runs.
// One cluster port (one rate limiter) is shared by all components; each JobManager keeps its own
// watch-fed caches and reconciler, on the wall clock.
import { randomUUID } from 'node:crypto';
import { SeededRandom } from '../common/rng.js';
import { ClusterError } from '../engine/cluster.js';
import type { JobManager } from '../engine/jobManager.js';
import { loadKubeConfig, type LoadedKubeConfig } from '../k8s/kubeConfig.js';
import { KubeClusterPort, RADIX_BATCH_GROUP, RADIX_BATCH_PLURAL } from '../k8s/kubePort.js';
import { wallEngineClock } from './wallClock.js';
import { startManagers, stopManagers, type ManagerSettings } from './managers.js';

export interface KubeRuntimeOptions extends ManagerSettings {
  /** Path of a kubeconfig; default: in-cluster config in a pod, else $KUBECONFIG or ~/.kube/config. */
  kubeconfig?: string;
  namespace?: string;
  /** Client-side rate limit of API requests (default 20/s, burst 30). */
  qps?: number;
  burst?: number;
  onRetry?: (what: string, err: ClusterError, attempt: number, delayMs: number) => void;
}

export class KubeRuntime {
  port!: KubeClusterPort;
  config!: LoadedKubeConfig;
  managers = new Map<string, JobManager>();

  constructor(readonly options: KubeRuntimeOptions) {}

  async start(): Promise<void> {
    const o = this.options;
    this.config = loadKubeConfig({ ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}), ...(o.namespace ? { namespace: o.namespace } : {}) });
    this.port = new KubeClusterPort({
      kubeConfig: this.config.kubeConfig,
      namespace: this.config.namespace,
      ...(o.qps ? { qps: o.qps } : {}),
      ...(o.burst ? { burst: o.burst } : {}),
      ...(o.onRetry ? { onRetry: o.onRetry } : {}),
    });
    await this.preflight();
    const clock = wallEngineClock((err) => o.onError?.(err, 'scheduled task'));
    this.managers = await startManagers(o, {
      port: this.port,
      clock,
      // Batch and job names must not repeat across restarts: a fresh seed per process.
      random: (component) => new SeededRandom(`${randomUUID()}:names:${component.name}`),
    });
  }

  /** Fails early, with what to do, when the cluster is unreachable or the CRD is missing. */
  private async preflight(): Promise<void> {
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
  }

  manager(component: string): JobManager {
    const m = this.managers.get(component);
    if (!m) throw new Error(`no job component ${component}`);
    return m;
  }

  stop(): void {
    stopManagers(this.managers);
    this.port?.close();
  }
}
