// The Job Manager's request model (what clients send) and the job component's configuration.

export interface ResourceList {
  [name: string]: string;
}

export interface Resources {
  limits?: ResourceList;
  requests?: ResourceList;
}

export interface FailurePolicyRule {
  action: 'FailJob' | 'Ignore' | 'Count';
  onExitCodes: { operator: 'In' | 'NotIn'; values: number[] };
}

export interface FailurePolicy {
  rules: FailurePolicyRule[];
}

export interface Runtime {
  architecture?: string;
  nodeType?: string;
}

export interface NodeRequest {
  gpu?: string;
  gpuCount?: string;
}

/** RadixJobComponentConfig: every field optional; also the batch's defaultRadixJobComponentConfig. */
export interface JobConfig {
  resources?: Resources;
  node?: NodeRequest;
  timeLimitSeconds?: number;
  backoffLimit?: number;
  safeToRestart?: boolean;
  failurePolicy?: FailurePolicy;
  image?: string;
  imageTagName?: string;
  runtime?: Runtime;
  variables?: Record<string, string>;
  command?: string[];
  args?: string[];
  runAsUser?: number;
}

export interface JobScheduleDescription extends JobConfig {
  jobId?: string;
  payload?: string;
}

export interface BatchScheduleDescription {
  batchId?: string;
  defaultRadixJobComponentConfig?: JobConfig;
  jobScheduleDescriptions?: JobScheduleDescription[];
}

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
