// A radixconfig job plus its environmentConfig entry -> the JobComponent the engine serves.
// Precedence: environmentConfig, then the job's common settings, then Radix's defaults
// (timeLimitSeconds 43200, backoffLimit 0).
import type { BatchStatusRule, CronConfig, JobComponent, JobConfig, NodeRequest, Resources, Runtime } from '../engine/types.js';

type Scalar = string | number | boolean;

/**
 * A job's settings in radixconfig.yaml: the Job API's (JobConfig, from openapi.yaml) where YAML may
 * write numbers and booleans unquoted, plus the settings only a job component has.
 */
export type RadixJobSettings = Omit<JobConfig, 'resources' | 'variables' | 'node'> & {
  resources?: { limits?: Record<string, Scalar>; requests?: Record<string, Scalar> };
  variables?: Record<string, Scalar>;
  node?: { gpu?: string; gpuCount?: string | number };
  notifications?: { webhook?: string };
  batchStatusRules?: BatchStatusRule[];
  cron?: CronConfig;
  enabled?: boolean;
};

export type RadixJobSpec = RadixJobSettings & {
  name: string;
  schedulerPort?: number;
  payload?: { path: string };
  ports?: { name: string; port: number }[];
  environmentConfig?: (RadixJobSettings & { environment: string })[];
};

export const DEFAULT_TIME_LIMIT_SECONDS = 43_200;
export const DEFAULT_BACKOFF_LIMIT = 0;
const IMAGE_TAG_PLACEHOLDER = '{imageTagName}';

function strings(map: Record<string, Scalar> | undefined): Record<string, string> | undefined {
  return map ? Object.fromEntries(Object.entries(map).map(([k, v]) => [k, String(v)])) : undefined;
}

/** limits and requests merged key by key; the environment wins. */
function mergeResources(common: RadixJobSettings['resources'], env: RadixJobSettings['resources']): Resources | undefined {
  if (!common && !env) return undefined;
  const merge = (a?: Record<string, Scalar>, b?: Record<string, Scalar>) => (a || b ? strings({ ...a, ...b }) : undefined);
  const limits = merge(common?.limits, env?.limits);
  const requests = merge(common?.requests, env?.requests);
  return { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) };
}

/** Field by field: a non-empty environment value wins. */
function mergeRuntime(common: Runtime | undefined, env: Runtime | undefined): Runtime | undefined {
  if (!common && !env) return undefined;
  const out: Runtime = {};
  const architecture = env?.architecture || common?.architecture;
  const nodeType = env?.nodeType || common?.nodeType;
  if (architecture) out.architecture = architecture;
  if (nodeType) out.nodeType = nodeType;
  return out;
}

function mergeNode(common: RadixJobSettings['node'], env: RadixJobSettings['node']): NodeRequest | undefined {
  if (!common && !env) return undefined;
  const out: NodeRequest = {};
  const gpu = env?.gpu || common?.gpu;
  const gpuCount = env?.gpuCount ?? common?.gpuCount;
  if (gpu) out.gpu = gpu;
  if (gpuCount !== undefined && gpuCount !== '') out.gpuCount = String(gpuCount);
  return out;
}

/** `{imageTagName}` in the image is replaced by the environment's (or the job's) imageTagName. */
function resolveImage(name: string, common: RadixJobSettings, env: RadixJobSettings | undefined): string {
  const image = env?.image ?? common.image ?? `${name}:latest`;
  const tag = env?.imageTagName ?? common.imageTagName;
  if (image.includes(IMAGE_TAG_PLACEHOLDER)) return image.split(IMAGE_TAG_PLACEHOLDER).join(tag ?? 'latest');
  return image;
}

function drop<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] === undefined) delete obj[key];
  return obj;
}

/** The job component for `environment` (or the common settings only); undefined when disabled. */
export function resolveJob(job: RadixJobSpec, environment: string | undefined): JobComponent | undefined {
  const env = environment === undefined ? undefined : job.environmentConfig?.find((e) => e.environment === environment);
  if ((env?.enabled ?? job.enabled ?? true) === false) return undefined;
  const variables = job.variables || env?.variables ? strings({ ...job.variables, ...env?.variables }) : undefined;
  return drop<JobComponent>({
    name: job.name,
    schedulerPort: job.schedulerPort,
    image: resolveImage(job.name, job, env),
    payloadPath: job.payload?.path,
    resources: mergeResources(job.resources, env?.resources),
    timeLimitSeconds: env?.timeLimitSeconds ?? job.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS,
    backoffLimit: env?.backoffLimit ?? job.backoffLimit ?? DEFAULT_BACKOFF_LIMIT,
    runAsUser: env?.runAsUser ?? job.runAsUser,
    failurePolicy: env?.failurePolicy ?? job.failurePolicy,
    variables,
    command: env?.command ?? job.command,
    args: env?.args ?? job.args,
    runtime: mergeRuntime(job.runtime, env?.runtime),
    node: mergeNode(job.node, env?.node),
    ports: job.ports,
    notifications: env?.notifications?.webhook ? { webhook: env.notifications.webhook } : job.notifications?.webhook ? { webhook: job.notifications.webhook } : undefined,
    batchStatusRules: env?.batchStatusRules ?? job.batchStatusRules,
    // The environment's cron section replaces the common one whole, as Radix deploys it.
    cron: env?.cron ?? job.cron,
  });
}
