// Helpers for simulator tests: batch/v1 Jobs built the way a client would, and readers of the
// simulator's state and event log.
import type { Container, Job, KubeEvent, Pod, PodFailurePolicyRule, PodSpec } from '../../src/cluster/types.js';
import type { SimConfig } from '../../src/sim/config.js';
import { LATENCY_OFF } from '../../src/sim/latency.js';
import { Simulator } from '../../src/sim/simulator.js';

export const NS = 'default';

export interface JobOptions {
  env?: Record<string, string>;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  podActiveDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  suspend?: boolean;
  completions?: number;
  rules?: PodFailurePolicyRule[];
  image?: string;
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
  nodeSelector?: Record<string, string>;
  tolerations?: PodSpec['tolerations'];
  affinity?: PodSpec['affinity'];
  labels?: Record<string, string>;
}

export function jobObject(name: string, o: JobOptions = {}): Job {
  const container: Container = {
    name: 'main',
    image: o.image ?? 'busybox:1.36',
    env: Object.entries(o.env ?? {}).map(([k, v]) => ({ name: k, value: v })),
    ...(o.requests || o.limits ? { resources: { ...(o.requests ? { requests: o.requests } : {}), ...(o.limits ? { limits: o.limits } : {}) } } : {}),
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: NS, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      backoffLimit: o.backoffLimit ?? 0,
      ...(o.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: o.activeDeadlineSeconds } : {}),
      ...(o.ttlSecondsAfterFinished !== undefined ? { ttlSecondsAfterFinished: o.ttlSecondsAfterFinished } : {}),
      ...(o.suspend !== undefined ? { suspend: o.suspend } : {}),
      ...(o.completions !== undefined ? { completions: o.completions } : {}),
      ...(o.rules ? { podFailurePolicy: { rules: o.rules } } : {}),
      template: {
        metadata: { labels: { app: name, ...o.labels } },
        spec: {
          restartPolicy: 'Never',
          containers: [container],
          ...(o.podActiveDeadlineSeconds !== undefined ? { activeDeadlineSeconds: o.podActiveDeadlineSeconds } : {}),
          ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
          ...(o.affinity ? { affinity: o.affinity } : {}),
          ...(o.tolerations ? { tolerations: o.tolerations } : {}),
        },
      },
    },
  };
}

/**
 * For a test that pins exact virtual times (when a pod binds or starts, when a Job syncs, how far
 * apart attempts are): the control plane's latencies off, so every step takes no time. Without it
 * a simulator has the default model (cluster); test/sim/latency.test.ts checks that timeline.
 */
export const EXACT: Partial<SimConfig> = { latency: LATENCY_OFF };

export function newSim(config: Partial<SimConfig> = {}): Simulator {
  return new Simulator({ seed: 1, ...config });
}

export function createJob(sim: Simulator, name: string, o: JobOptions = {}): Job {
  return sim.store.create('Job', jobObject(name, o));
}

export function job(sim: Simulator, name: string): Job | undefined {
  return sim.store.get<Job>('Job', NS, name);
}

/** Pods of a Job in creation order. */
export function podsOf(sim: Simulator, name: string): Pod[] {
  return sim.store
    .list<Pod>('Pod', NS, { 'job-name': name })
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion) || a.metadata.uid!.localeCompare(b.metadata.uid!));
}

export function condition(j: Job | undefined, type: string) {
  return j?.status?.conditions?.find((c) => c.type === type);
}

/** Seconds since the simulation start. */
export function secondsOf(sim: Simulator, iso: string | undefined): number {
  return (Date.parse(iso ?? '') - sim.config.startTime) / 1000;
}

/** Log entries of a type, optionally about one object. */
export function logged(sim: Simulator, type: string, name?: string) {
  return sim.log.events().filter((e) => e.type === type && (name === undefined || e.name === name));
}

/** When (seconds since start) each pod of a Job was created, from the log. */
export function podCreationTimes(sim: Simulator, jobName: string): number[] {
  return logged(sim, 'PodCreated', jobName).map((e) => secondsOf(sim, e.at));
}

/** Events (Kubernetes Event objects) about an object, as `reason: message`. */
export function eventsAbout(sim: Simulator, name: string): string[] {
  return sim.store
    .list<KubeEvent>('Event', NS)
    .filter((e) => e.involvedObject.name === name)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((e) => `${e.reason}: ${e.message}`);
}
