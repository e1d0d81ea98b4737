// Simulator settings. Defaults give a small cluster that behaves like a current Kubernetes.
import type { FaultRequest } from './faults.js';
import { LATENCY_CLUSTER, type LatencyModel } from './latency.js';
import { DEFAULT_SETTLED_WHOLE } from './store.js';

export interface NodeConfig {
  name: string;
  cpu: string;
  memory: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }[];
  /** Virtual seconds after the start at which the node joins (scenario files); absent: at start. */
  at?: number;
}

export interface SimConfig {
  seed: number | string;
  /** Virtual time at start, ms since the epoch. */
  startTime: number;
  nodes: NodeConfig[];
  /** Faults injected at start (each may carry its own `at`). */
  faults: FaultRequest[];
  /** Run time of an attempt when WORKLOAD_SECONDS is not set. */
  defaultWorkloadSeconds: number;
  /**
   * Fixed time from a pod's binding to its container running (image pull and container start), on
   * top of the latency model's podStartup.
   */
  podStartupSeconds: number;
  /** How long each step of the control plane takes (latency.ts; docs/simulator-timing.md). */
  latency: LatencyModel;
  /** Pod-failure backoff of the Job controller: base * 2^(n-1), capped. */
  backoffBaseSeconds: number;
  backoffCapSeconds: number;
  /** Kubernetes Events are kept this long (kube-apiserver --event-ttl). */
  eventTtlSeconds: number;
  recordEvents: boolean;
  /** Most Event objects kept at once; past it the oldest are deleted first. */
  maxEvents: number;
  /** How many event-log lines stay in memory; the hash covers all. */
  eventLogRetain: number;
  /** Hash every event-log line (`/sim/v1/events`' sha256); a simulation's report only counts them unless asked. */
  eventLogDigest: boolean;
  /** Told every event-log line, in chunks of whole lines (`jobsim simulate --event-log`). */
  eventLogSink?: (chunk: string) => void;
  /** Settled objects (finished Jobs and pods) kept whole before the store compacts them (store.ts). */
  settledWhole: number;
  /**
   * The engine's client-side rate limit, requests a virtual second (as `--kube-qps` on the
   * kubernetes backend, the same token bucket: src/cluster/tokenBucket.ts); absent: no limit.
   */
  clientQps?: number;
  /** Requests the engine may save up under `clientQps` (as `--kube-burst`); default: clientQps, at least 1. */
  clientBurst?: number;
}

export const DEFAULT_START_TIME = Date.UTC(2026, 0, 1, 0, 0, 0);

export function defaultNodes(count = 3): NodeConfig[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `node-${i + 1}`,
    cpu: '4',
    memory: '16Gi',
    pods: 110,
    labels: {
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': 'standard-4',
    },
  }));
}

export function defaultSimConfig(overrides: Partial<SimConfig> = {}): SimConfig {
  return {
    seed: 1,
    startTime: DEFAULT_START_TIME,
    nodes: defaultNodes(),
    faults: [],
    defaultWorkloadSeconds: 5,
    podStartupSeconds: 0,
    latency: LATENCY_CLUSTER,
    backoffBaseSeconds: 10,
    backoffCapSeconds: 600,
    eventTtlSeconds: 3600,
    recordEvents: true,
    maxEvents: 20_000,
    eventLogRetain: 50_000,
    eventLogDigest: true,
    settledWhole: DEFAULT_SETTLED_WHOLE,
    ...overrides,
  };
}
