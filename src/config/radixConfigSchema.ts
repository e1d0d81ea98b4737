// JSON Schema of the part of a RadixApplication (radixconfig.yaml) that jobsim reads: `spec.jobs` and
// `spec.environments`. A job's settings shared with the Job API come from openapi.yaml (generated into
// src/api/generated/jobConfigSchema.ts); the radixconfig-only ones are here. Job fields jobsim does not
// model (build, secrets, identity, volumes, ...) are accepted and ignored, so a real radixconfig.yaml
// loads unchanged; misspelt keys are reported.
import { JOB_CONFIG_FIELDS } from '../api/generated/jobConfigSchema.js';
import { MAX_ACTIVE_DEADLINE_SECONDS } from '../cluster/limits.js';
import { COMPONENT_NAME } from '../engine/types.js';

type Schema = { [key: string]: unknown };

/** Closes every object schema (a misspelt key in a file is reported; the API ignores unknown keys, as Go does). */
function closed(schema: Schema): Schema {
  const out: Schema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties as Record<string, Schema>).map(([k, v]) => [k, closed(v)]));
    out.additionalProperties = false;
  }
  if (schema.items) out.items = closed(schema.items as Schema);
  return out;
}

/** A map of strings that YAML may also write unquoted: `cpu: 1`, `DEBUG: true`. */
const yamlScalars = (types: string[]) => ({ type: 'object', additionalProperties: { type: types } });

/**
 * How a radixconfig.yaml job component reads the settings it shares with the Job API
 * (openapi.yaml's RadixJobComponentConfig, generated into JOB_CONFIG_FIELDS): closed objects, YAML
 * scalars where the API takes strings, and the bounds a cluster imposes. Only these differences are
 * written here; every field, its type and its other bounds come from openapi.yaml.
 */
const RADIXCONFIG_DIFFERENCES: Record<string, Schema> = {
  resources: { properties: { limits: yamlScalars(['string', 'number']), requests: yamlScalars(['string', 'number']) } },
  variables: yamlScalars(['string', 'number', 'boolean']),
  node: { properties: { gpu: { type: 'string' }, gpuCount: { type: ['string', 'integer'] } } },
  // Kubernetes refuses a pod whose activeDeadlineSeconds is above 2^31-1: its jobs could never run.
  timeLimitSeconds: { maximum: MAX_ACTIVE_DEADLINE_SECONDS },
  // The RadixApplication CRD's int64, as far as a YAML number is exact.
  runAsUser: { maximum: Number.MAX_SAFE_INTEGER },
};

function fromJobConfig(): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const [name, schema] of Object.entries(JOB_CONFIG_FIELDS as unknown as Record<string, Schema>)) {
    const differs = RADIXCONFIG_DIFFERENCES[name];
    const merged = differs?.properties ? { ...schema, ...differs, properties: { ...(schema.properties as Schema), ...(differs.properties as Schema) } } : { ...schema, ...differs };
    out[name] = closed(merged);
  }
  return out;
}

const notifications = {
  type: 'object',
  additionalProperties: false,
  properties: { webhook: { type: 'string', pattern: '^https?://' } },
} as const;

/**
 * Scheduled jobs: the reference's CronSchedule (timeZone, if given, not empty; 1-20 distinct
 * schedules, none empty; a concurrency policy). The schedules themselves are parsed afterwards.
 */
const cron = {
  type: 'object',
  additionalProperties: false,
  required: ['schedules', 'concurrency'],
  properties: {
    timeZone: { type: 'string', minLength: 1 },
    schedules: { type: 'array', minItems: 1, maxItems: 20, uniqueItems: true, items: { type: 'string', minLength: 1 } },
    concurrency: { enum: ['Allow', 'Forbid', 'Replace'] },
  },
} as const;

const JOB_PHASES = ['Waiting', 'Active', 'Running', 'Succeeded', 'Failed', 'Stopped'];

const batchStatusRules = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['condition', 'operator', 'jobStatuses', 'batchStatus'],
    properties: {
      condition: { enum: ['All', 'Any'] },
      operator: { enum: ['In', 'NotIn'] },
      jobStatuses: { type: 'array', minItems: 1, items: { enum: JOB_PHASES } },
      batchStatus: { enum: ['Waiting', 'Active', 'Running', 'Succeeded', 'Failed', 'Stopping', 'Stopped', 'Completed'] },
    },
  },
} as const;

/** Settings a job component and each of its environmentConfig entries share. */
const sharedJobSettings = {
  ...fromJobConfig(),
  notifications,
  batchStatusRules,
  cron,
  enabled: { type: 'boolean' },
  // Accepted and ignored: jobsim does not model these.
  monitoring: {},
  monitoringConfig: {},
  secretRefs: {},
  volumeMounts: {},
  identity: {},
  readOnlyFileSystem: {},
  horizontalScaling: {},
  replicas: {},
  src: {},
  dockerfileName: {},
};

const environmentConfig = {
  type: 'object',
  additionalProperties: false,
  required: ['environment'],
  properties: { environment: { type: 'string', minLength: 1 }, ...sharedJobSettings },
} as const;

const job = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  // A job component serves its API on schedulerPort, runs cron schedules, or both.
  if: {
    not: {
      anyOf: [
        { required: ['cron'] },
        { required: ['environmentConfig'], properties: { environmentConfig: { contains: { required: ['cron'] } } } },
      ],
    },
  },
  then: { required: ['schedulerPort'] },
  properties: {
    name: { type: 'string', minLength: 1, ...COMPONENT_NAME },
    schedulerPort: { type: 'integer', minimum: 1024, maximum: 65535 },
    payload: {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: { path: { type: 'string', pattern: '^/' } },
    },
    ports: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'port'],
        properties: { name: { type: 'string', minLength: 1 }, port: { type: 'integer', minimum: 1024, maximum: 65535 } },
      },
    },
    environmentConfig: { type: 'array', items: environmentConfig },
    secrets: {},
    ...sharedJobSettings,
  },
} as const;

export const RADIX_APPLICATION_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'radix.equinor.com/v1' },
    kind: { const: 'RadixApplication' },
    metadata: {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', minLength: 1 } },
    },
    spec: {
      type: 'object',
      required: ['jobs'],
      properties: {
        environments: {
          type: 'array',
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
        },
        jobs: { type: 'array', minItems: 1, items: job },
      },
    },
  },
} as const;
