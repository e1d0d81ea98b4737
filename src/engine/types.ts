// The Job Manager's request model (what clients send) and the job component's configuration.

// The request model is openapi.yaml's (the types generated from it, src/api/generated/openapi.ts);
// only where the engine must accept more than the contract says does it widen a type.
import type {
  SchemaBatchScheduleDescription,
  SchemaFailurePolicy,
  SchemaFailurePolicyRule,
  SchemaJobScheduleDescription,
  SchemaNode,
  SchemaRadixJobComponentConfig,
  SchemaResourceList,
  SchemaResources,
} from '../api/generated/openapi.js';

export type ResourceList = SchemaResourceList;
export type Resources = SchemaResources;
export type FailurePolicyRule = SchemaFailurePolicyRule;
export type FailurePolicy = SchemaFailurePolicy;
export type NodeRequest = SchemaNode;

// RadixJobComponentConfig (every field optional; also the batch's defaultRadixJobComponentConfig) is
// what a RadixBatch records per job, so its alias lives with the RadixBatch's types.
export type { JobConfig, Runtime } from '../cluster/radixBatch.js';
import type { JobConfig, Runtime } from '../cluster/radixBatch.js';

export type JobScheduleDescription = JobConfig & Omit<SchemaJobScheduleDescription, keyof SchemaRadixJobComponentConfig>;

/** A batch's description; `jobScheduleDescriptions` may be missing (the engine answers 422). */
export type BatchScheduleDescription = Omit<SchemaBatchScheduleDescription, 'defaultRadixJobComponentConfig' | 'jobScheduleDescriptions'> & {
  defaultRadixJobComponentConfig?: JobConfig;
  jobScheduleDescriptions?: JobScheduleDescription[];
};

export type ApiStatus = 'Waiting' | 'Active' | 'Running' | 'Succeeded' | 'Failed' | 'Stopping' | 'Stopped' | 'Completed';

export interface BatchStatusRule {
  condition: 'All' | 'Any';
  operator: 'In' | 'NotIn';
  jobStatuses: string[];
  batchStatus: ApiStatus;
}

export type CronConcurrency = 'Allow' | 'Forbid' | 'Replace';

/** A job component's scheduled jobs (radixconfig `cron`). */
export interface CronConfig {
  /** IANA zone of every schedule; absent: UTC. */
  timeZone?: string;
  /** Cron expressions (robfig/cron v3's standard syntax, see kube/cronSchedule.ts). */
  schedules: string[];
  /** What a tick does while a job an earlier tick created is still active. */
  concurrency: CronConcurrency;
}

/** A job component as radixconfig.yaml describes it (environment overrides already applied). */
export interface JobComponent {
  name: string;
  /** Port of its Job Manager API; absent for a cron-only component (no API, only scheduled jobs). */
  schedulerPort?: number;
  image: string;
  payloadPath?: string;
  resources?: Resources;
  timeLimitSeconds: number;
  backoffLimit: number;
  /** The container's user when the job names none. */
  runAsUser?: number;
  failurePolicy?: FailurePolicy;
  variables?: Record<string, string>;
  command?: string[];
  args?: string[];
  runtime?: Runtime;
  node?: NodeRequest;
  ports?: { name: string; port: number }[];
  notifications?: { webhook?: string };
  batchStatusRules?: BatchStatusRule[];
  cron?: CronConfig;
}

export function defaultComponent(name = 'compute', schedulerPort = 8000): JobComponent {
  return {
    name,
    schedulerPort,
    image: `${name}:latest`,
    payloadPath: `/${name}/args`,
    timeLimitSeconds: 43200,
    backoffLimit: 0,
  };
}

/**
 * A job component's name, as radixconfig's schema (and the reference's) allows: it becomes part of
 * every batch, Job and pod name, and of label values.
 */
export const COMPONENT_NAME = { maxLength: 50, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' } as const;
