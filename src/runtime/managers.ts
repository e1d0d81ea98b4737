// One JobManager per job component over one cluster port: shared by the simulator and kubernetes runtimes.
import type { Random } from '../common/rng.js';
import type { ClusterPort } from '../cluster/port.js';
import type { EngineClock } from '../engine/clock.js';
import { CronRunner, type CronTick } from '../engine/cronJobs.js';
import { JobManager } from '../engine/jobManager.js';
import type { WebhookSink } from '../engine/notifications.js';
import type { Profile } from '../engine/profile.js';
import type { JobComponent, JobScheduleDescription } from '../engine/types.js';

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
  /** Every cron tick (what it did), e.g. into the simulator's event log. */
  onCronTick?: (tick: CronTick) => void;
  /** Description of the jobs a component's cron ticks create (default: empty, as the reference). */
  cronJobDescription?: (component: JobComponent) => JobScheduleDescription;
}

/** The cron runner of each manager whose component has a cron section. */
const cronRunners = new WeakMap<JobManager, CronRunner>();

export function cronRunnerOf(manager: JobManager): CronRunner | undefined {
  return cronRunners.get(manager);
}

/** Stops the managers and their cron schedules. */
export function stopManagers(managers: Map<string, JobManager>): void {
  for (const m of managers.values()) {
    cronRunners.get(m)?.stop();
    m.stop();
  }
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
    if (component.cron) {
      const describe = o.cronJobDescription;
      const runner = new CronRunner({
        manager,
        clock: cluster.clock,
        ...(describe ? { describe: () => describe(component) } : {}),
        ...(o.onCronTick ? { onTick: o.onCronTick } : {}),
        ...(o.onError ? { onError: o.onError } : {}),
      });
      cronRunners.set(manager, runner);
      runner.start();
    }
  }
  return managers;
}
