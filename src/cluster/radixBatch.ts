// The durable record of a batch: a custom resource modelled on Radix's RadixBatch. A batch whose
// jobs would not fit one object (1 MiB limit) is split into a head object and part objects that
// the head owns; parts hold further jobs and their statuses.
import type { KubeObject } from './types.js';
import type { SchemaRadixJobComponentConfig, SchemaRuntime } from '../api/generated/openapi.js';

/** Runtime, with any string: the radix profile decodes what Go decodes and the CRD refuses later. */
export type Runtime = { [K in keyof SchemaRuntime]?: string };

/** A job's configuration as the batch records it: openapi.yaml's RadixJobComponentConfig, every field optional. */
export type JobConfig = Omit<SchemaRadixJobComponentConfig, 'runtime'> & { runtime?: Runtime };

export const RADIX_BATCH_API_VERSION = 'jobsim.io/v1';
export const LABEL_APP = 'radix-app';
export const LABEL_COMPONENT = 'radix-component';
export const LABEL_BATCH_TYPE = 'radix-batch-type';
export const LABEL_BATCH_NAME = 'radix-batch-name';
export const LABEL_BATCH_JOB_NAME = 'radix-batch-job-name';
export const LABEL_JOB_TYPE = 'radix-job-type';
export const LABEL_PART_OF = 'jobsim.io/part-of';
export const LABEL_BATCH_OBJECT = 'jobsim.io/batch-object';

export type BatchType = 'job' | 'batch';
export type JobPhase = 'Waiting' | 'Active' | 'Running' | 'Succeeded' | 'Failed' | 'Stopped';
export type ConditionType = 'Waiting' | 'Active' | 'Completed';

export interface RadixBatchJob extends JobConfig {
  name: string;
  jobId?: string;
  stop?: boolean;
  payloadSecretRef?: { name: string; key: string };
}

export interface RadixBatchSpec {
  radixDeploymentJobRef: { name: string; job: string };
  batchId?: string;
  jobs: RadixBatchJob[];
  /** Head only: how many part objects hold further jobs. */
  parts?: number;
  /** Part only: its position (1-based) under the head. */
  partIndex?: number;
}

export interface BatchPodStatus {
  name: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Stopped' | 'Unknown';
  reason?: string;
  message?: string;
  exitCode: number;
  creationTime?: string;
  startTime?: string;
  endTime?: string;
  restartCount?: number;
  image?: string;
  imageID?: string;
  podIndex: number;
}

export interface BatchJobStatus {
  name: string;
  phase: JobPhase;
  reason?: string;
  message?: string;
  creationTime?: string;
  startTime?: string;
  endTime?: string;
  /** When the phase last changed. */
  updated?: string;
  failed?: number;
  podStatuses?: BatchPodStatus[];
}

export interface BatchCondition {
  type: ConditionType;
  reason?: string;
  message?: string;
  activeTime?: string;
  completionTime?: string;
}

export interface RadixBatchStatus {
  jobStatuses?: BatchJobStatus[];
  /** Head only: the condition of the whole batch. */
  condition?: BatchCondition;
}

export interface RadixBatch extends KubeObject {
  kind: 'RadixBatch';
  spec: RadixBatchSpec;
  status?: RadixBatchStatus;
}

/**
 * On a head while its creator is still writing the batch's payload Secrets: the head's jobs do not
 * run until the creator removes it, so no Job refers to a Secret that does not exist yet. A head
 * that keeps it (its creator died midway) is deleted after a grace period, with what it owns.
 */
export const ANNOTATION_INCOMPLETE = 'jobsim.io/incomplete';

export function isIncomplete(head: RadixBatch): boolean {
  return head.metadata.annotations?.[ANNOTATION_INCOMPLETE] !== undefined;
}

export function isHead(rb: RadixBatch): boolean {
  return rb.metadata.labels?.[LABEL_PART_OF] === undefined;
}

export function headName(rb: RadixBatch): string {
  return rb.metadata.labels?.[LABEL_PART_OF] ?? rb.metadata.name;
}

export function batchType(rb: RadixBatch): BatchType | undefined {
  const t = rb.metadata.labels?.[LABEL_BATCH_TYPE];
  return t === 'job' || t === 'batch' ? t : undefined;
}

export function isTerminalPhase(phase: JobPhase | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Stopped';
}
