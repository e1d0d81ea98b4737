// One JobManager per job component over one cluster port: shared by the simulator and kubernetes runtimes.
import type { Random } from '../common/rng.js';
import type { ClusterPort } from '../engine/cluster.js';
import type { EngineClock } from '../engine/clock.js';
import { JobManager } from '../engine/jobManager.js';
import type { WebhookSink } from '../engine/notifications.js';
import type { Profile } from '../engine/profile.js';
import type { JobComponent } from '../engine/types.js';

/** Engine settings common to every backend. */
export interface ManagerSettings {
  components: JobComponent[];
  profile: Profile;
  app?: string;
  maxBatchSize?: number;
  /** Receives webhook events of components with notifications.webhook. */
  webhooks?: WebhookSink;
  /** Completed batches kept per group by history cleanup (default 10). */
  historyLimit?: number;
  onError?: (err: unknown, context: string) => void;
  /** Jobs of a batch object the reconciler creates at once (default 1). */
  createConcurrency?: number;
  /** Whether the managers reconcile from the start (default true; see JobManager.setLeading). */
  leading?: boolean;
}

export async function startManagers(
  o: ManagerSettings,
  cluster: { port: ClusterPort; clock: EngineClock; random: (component: JobComponent) => Random },
): Promise<Map<string, JobManager>> {
  const managers = new Map<string, JobManager>();
  for (const component of o.components) {
    const manager = new JobManager({
      port: cluster.port,
      clock: cluster.clock,
      random: cluster.random(component),
      profile: o.profile,
      component,
      ...(o.app ? { app: o.app } : {}),
      ...(o.maxBatchSize ? { maxBatchSize: o.maxBatchSize } : {}),
      ...(o.webhooks ? { webhooks: o.webhooks } : {}),
      ...(o.historyLimit ? { historyLimit: o.historyLimit } : {}),
      ...(o.onError ? { onError: o.onError } : {}),
      ...(o.createConcurrency ? { createConcurrency: o.createConcurrency } : {}),
      ...(o.leading !== undefined ? { leading: o.leading } : {}),
    });
    await manager.start();
    managers.set(component.name, manager);
  }
  return managers;
}
