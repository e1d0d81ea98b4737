// JSON Schema of the part of a RadixApplication (radixconfig.yaml) that jobsim reads: `spec.jobs` and
// `spec.environments`. Job fields jobsim does not model (build, secrets, identity, volumes, ...) are
// accepted and ignored, so a real radixconfig.yaml loads unchanged; misspelt keys are reported.
import { MAX_ACTIVE_DEADLINE_SECONDS } from '../cluster/limits.js';

/** Radix's int32 fields (backoffLimit, exit codes). */
const MAX_INT32 = 2_147_483_647;

const quantityMap = {
  type: 'object',
  additionalProperties: { type: ['string', 'number'] },
} as const;

const resources = {
  type: 'object',
  additionalProperties: false,
  properties: { limits: quantityMap, requests: quantityMap },
} as const;

const variables = {
  type: 'object',
  additionalProperties: { type: ['string', 'number', 'boolean'] },
} as const;

const stringList = { type: 'array', items: { type: 'string' } } as const;

const failurePolicy = {
  type: 'object',
  additionalProperties: false,
  required: ['rules'],
  properties: {
    rules: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['action', 'onExitCodes'],
        properties: {
          action: { enum: ['FailJob', 'Ignore', 'Count'] },
          onExitCodes: {
            type: 'object',
            additionalProperties: false,
            required: ['operator', 'values'],
            properties: {
              operator: { enum: ['In', 'NotIn'] },
              values: { type: 'array', minItems: 1, maxItems: 255, uniqueItems: true, items: { type: 'integer', minimum: 0, maximum: MAX_INT32 } },
            },
          },
        },
      },
    },
  },
} as const;

const runtime = {
  type: 'object',
  additionalProperties: false,
  properties: {
    architecture: { enum: ['amd64', 'arm64', ''] },
    nodeType: { type: 'string', maxLength: 120, pattern: '^(([a-z0-9][-a-z0-9]*)?[a-z0-9])?$' },
  },
} as const;

const node = {
  type: 'object',
  additionalProperties: false,
  properties: { gpu: { type: 'string' }, gpuCount: { type: ['string', 'integer'] } },
} as const;

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
  image: { type: 'string' },
  imageTagName: { type: 'string' },
  resources,
  variables,
  // Kubernetes refuses a pod whose activeDeadlineSeconds is above 2^31-1: its jobs could never run.
  timeLimitSeconds: { type: 'integer', minimum: 1, maximum: MAX_ACTIVE_DEADLINE_SECONDS },
  backoffLimit: { type: 'integer', minimum: 0, maximum: MAX_INT32 },
  // The container's user when a job names none (the RadixApplication CRD's minimum; int64).
  runAsUser: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
  failurePolicy,
  command: stringList,
  args: stringList,
  runtime,
  node,
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
} as const;

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
    name: { type: 'string', minLength: 1, maxLength: 50, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
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
