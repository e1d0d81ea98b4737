// The batch/v1 Job that runs one job of a batch: the effective spec after the component's
// configuration is applied as the reference's batch controller applies it (a field of the job wins
// over the component's; `resources` in the job replace the component's whole).
import type { Affinity, EnvVar, Job, Toleration } from '../cluster/types.js';
import { gpuPlacement } from './gpuNode.js';
import {
  LABEL_APP,
  LABEL_BATCH_JOB_NAME,
  LABEL_BATCH_NAME,
  LABEL_BATCH_OBJECT,
  LABEL_COMPONENT,
  LABEL_JOB_TYPE,
  RADIX_BATCH_API_VERSION,
  type RadixBatch,
  type RadixBatchJob,
} from '../cluster/radixBatch.js';
import type { JobComponent } from './types.js';
import { flatConcat } from '../common/flatString.js';

export const JOB_TTL_SECONDS = 86_400;
/** safe-to-evict defaults to true only for jobs allowed to run at least this long (reference: 3 days). */
const SAFE_TO_RESTART_THRESHOLD = 259_200;

/** Replaces the tag of an image (the part after the last `:` that follows the last `/`). */
export function withTag(image: string, tag: string | undefined): string {
  if (!tag) return image;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const base = colon > slash ? image.slice(0, colon) : image;
  return `${base}:${tag}`;
}

/** The env entries of a component's variables, by its variables object (entries are never mutated). */
const componentEnv = new WeakMap<Record<string, string>, EnvVar[]>();

export function effectiveEnv(component: JobComponent, job: RadixBatchJob, fullName: string): EnvVar[] {
  // No variables at all (the usual fan-out): the one variable, without a Map per job.
  if (!component.variables && !job.variables) return [{ name: 'RADIX_JOB_NAME', value: fullName }];
  // The component's variables alone (a simulation's WORKLOAD_SECONDS): its part of the list is
  // built once and shared by every job of it.
  if (!job.variables && component.variables && !('RADIX_JOB_NAME' in component.variables)) {
    let shared = componentEnv.get(component.variables);
    if (!shared) componentEnv.set(component.variables, (shared = Object.entries(component.variables).map(([name, value]) => ({ name, value }))));
    return [...shared, { name: 'RADIX_JOB_NAME', value: fullName }];
  }
  const vars = new Map<string, string>();
  for (const [k, v] of Object.entries(component.variables ?? {})) vars.set(k, v);
  for (const [k, v] of Object.entries(job.variables ?? {})) vars.set(k, v);
  vars.set('RADIX_JOB_NAME', fullName);
  return [...vars.entries()].map(([name, value]) => ({ name, value }));
}

type JobLabels = Record<
  typeof LABEL_APP | typeof LABEL_COMPONENT | typeof LABEL_BATCH_NAME | typeof LABEL_BATCH_JOB_NAME | typeof LABEL_JOB_TYPE | typeof LABEL_BATCH_OBJECT,
  string
>;

export interface KubeJobInput {
  /** The Job's name when the caller has it (fullJobName): the same string object keys every cache. */
  name?: string;
  app: string;
  head: string;
  object: RadixBatch;
  job: RadixBatchJob;
  component: JobComponent;
}

export function fullJobName(head: string, job: RadixBatchJob): string {
  return flatConcat(head, '-', job.name);
}

/**
 * Parts of a Job that are the same for every job of a batch object, built once and shared by the
 * Jobs built with the same instance (a fan-out builds 100,000 Jobs that differ only in names). A
 * Job handed to the cluster is never mutated (ClusterPort's contract), so sharing is safe.
 */
export class SharedJobParts {
  private owner: { uid: string; name: string; refs: NonNullable<Job['metadata']['ownerReferences']> } | undefined;
  private readonly annotationsBy = new Map<boolean, Record<string, string>>();

  ownerReferences(object: RadixBatch): NonNullable<Job['metadata']['ownerReferences']> {
    const uid = object.metadata.uid!;
    const name = object.metadata.name;
    if (this.owner?.uid !== uid || this.owner.name !== name) {
      this.owner = { uid, name, refs: [{ apiVersion: RADIX_BATCH_API_VERSION, kind: 'RadixBatch', name, uid, controller: true, blockOwnerDeletion: true }] };
    }
    return this.owner.refs;
  }

  annotations(safeToEvict: boolean): Record<string, string> {
    let out = this.annotationsBy.get(safeToEvict);
    if (!out) this.annotationsBy.set(safeToEvict, (out = { 'cluster-autoscaler.kubernetes.io/safe-to-evict': String(safeToEvict) }));
    return out;
  }
}

export function buildKubeJob({ name: given, app, head, object, job, component }: KubeJobInput, shared: SharedJobParts = new SharedJobParts()): Job {
  const name = given ?? fullJobName(head, job);
  const timeLimitSeconds = job.timeLimitSeconds ?? component.timeLimitSeconds;
  const runtime = job.runtime ?? component.runtime;
  const node = job.node ?? component.node;
  let nodeSelector: Record<string, string> | undefined;
  let tolerations: Toleration[] | undefined;
  let affinity: Affinity | undefined;
  if (runtime?.architecture) (nodeSelector ??= {})['kubernetes.io/arch'] = runtime.architecture;
  if (runtime?.nodeType) {
    (nodeSelector ??= {})['radix-nodetype'] = runtime.nodeType;
    (tolerations ??= []).push({ key: 'radix-nodetype', operator: 'Equal', value: runtime.nodeType, effect: 'NoSchedule' });
  } else {
    // A GPU node replaces the job's placement whole, architecture included (as the reference).
    const gpu = gpuPlacement(node);
    if (gpu) {
      nodeSelector = undefined;
      affinity = gpu.affinity;
      tolerations = gpu.tolerations;
    }
  }
  const failurePolicy = job.failurePolicy ?? component.failurePolicy;
  const safeToEvict = job.safeToRestart ?? timeLimitSeconds >= SAFE_TO_RESTART_THRESHOLD;
  // Literal keys (the type checks they are the LABEL_* values): a literal with computed keys is
  // built key by key at run time instead of from one boilerplate shape.
  const labels: JobLabels = {
    'radix-app': app,
    'radix-component': component.name,
    'radix-batch-name': head,
    'radix-batch-job-name': job.name,
    'radix-job-type': 'job-scheduler',
    'jobsim.io/batch-object': object.metadata.name,
  };
  const command = job.command ?? component.command;
  const args = job.args ?? component.args;
  // If the job names any resources, they replace the component's entirely (reference behaviour).
  const resources = job.resources ?? component.resources;
  const image = withTag(job.image || component.image, job.imageTagName);
  const backoffLimit = job.backoffLimit ?? component.backoffLimit ?? 0;
  const runAsUser = job.runAsUser ?? component.runAsUser;
  if (!nodeSelector && !tolerations && !affinity && !failurePolicy?.rules.length && !command?.length && !args?.length && !resources && !job.payloadSecretRef && runAsUser === undefined) {
    // The usual Job of a fan-out, as plain literals (same keys in the same order as below): every
    // object gets its final shape at once, properties inside the object (the cluster keeps it).
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, labels, ownerReferences: shared.ownerReferences(object) },
      spec: {
        backoffLimit,
        ttlSecondsAfterFinished: JOB_TTL_SECONDS,
        template: {
          metadata: { labels, annotations: shared.annotations(safeToEvict) },
          spec: {
            restartPolicy: 'Never',
            activeDeadlineSeconds: timeLimitSeconds,
            containers: [{ name: component.name, image, imagePullPolicy: 'Always', env: effectiveEnv(component, job, name) }],
          },
        },
      },
    };
  }
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      labels,
      ownerReferences: shared.ownerReferences(object),
    },
    spec: {
      backoffLimit,
      ttlSecondsAfterFinished: JOB_TTL_SECONDS,
      ...(failurePolicy?.rules.length
        ? {
            podFailurePolicy: {
              rules: failurePolicy.rules.map((r) => ({
                action: r.action,
                onExitCodes: { operator: r.onExitCodes.operator, values: [...r.onExitCodes.values].sort((a, b) => a - b) },
              })),
            },
          }
        : {}),
      template: {
        metadata: {
          labels,
          annotations: shared.annotations(safeToEvict),
        },
        spec: {
          restartPolicy: 'Never',
          activeDeadlineSeconds: timeLimitSeconds,
          ...(nodeSelector ? { nodeSelector } : {}),
          ...(affinity ? { affinity } : {}),
          ...(tolerations ? { tolerations } : {}),
          containers: [
            {
              name: component.name,
              image,
              imagePullPolicy: 'Always',
              ...(command && command.length ? { command } : {}),
              ...(args && args.length ? { args } : {}),
              env: effectiveEnv(component, job, name),
              ...(resources ? { resources } : {}),
              // As the reference: the job's runAsUser, else the component's, is the container's user.
              ...(runAsUser !== undefined ? { securityContext: { runAsUser } } : {}),
              ...(job.payloadSecretRef && component.payloadPath
                ? { volumeMounts: [{ name: 'payload', mountPath: component.payloadPath, readOnly: true }] }
                : {}),
            },
          ],
          ...(job.payloadSecretRef
            ? { volumes: [{ name: 'payload', secret: { secretName: job.payloadSecretRef.name, items: [{ key: job.payloadSecretRef.key, path: 'payload' }] } }] }
            : {}),
        },
      },
    },
  };
}
