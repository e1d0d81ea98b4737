// The wire shapes of the dashboard's data routes (/jobsim/v1) and of the watch stream's events.
// Imported by the server and by the page (web/), so this file imports nothing.

/** A batch (or single job) at a glance. */
export interface BatchSummary {
  name: string;
  /** `batch`, or `job` for a single job (a batch of one). */
  type: string;
  batchId?: string;
  /** The single job's jobId (type `job`). */
  jobId?: string;
  /** The API status (as GET /api/v1/batches/{name} gives it). */
  status: string;
  created: string | null;
  started: string | null;
  ended: string | null;
  total: number;
  /** API status -> number of jobs. */
  counts: Record<string, number>;
}

/** One job as a row of a list: its status and the outcome of its latest attempt. */
export interface JobRow {
  /** Full job name (`<batch>-<short>`), as the Job Manager API names it. */
  name: string;
  jobId?: string;
  status: string;
  created: string | null;
  started: string | null;
  ended: string | null;
  /** Attempts so far (pods created). */
  attempts: number;
  failed: number;
  exitCode?: number;
  reason?: string;
  message?: string;
}

export interface JobPage {
  batch: BatchSummary;
  /** Jobs in the batch. */
  total: number;
  /** Jobs that pass the filter. */
  matched: number;
  offset: number;
  jobs: JobRow[];
}

export interface Attempt {
  pod: string;
  index: number;
  phase: string;
  created: string | null;
  started: string | null;
  ended: string | null;
  exitCode: number;
  reason?: string;
  message?: string;
}

export interface JobDetail {
  batch: BatchSummary;
  job: JobRow;
  /** Per attempt (the pod's activeDeadlineSeconds). */
  timeLimitSeconds: number;
  backoffLimit: number;
  stop: boolean;
  /** The engine's clock now (virtual time on the simulator). */
  now: string;
  attempts: Attempt[];
}

export interface NodeRow {
  name: string;
  ready: boolean;
  unschedulable: boolean;
  taints: string[];
  /** cpu in millicores, memory in bytes */
  allocatable: { cpu: number; memory: number; pods: number };
  requested: { cpu: number; memory: number; pods: number };
}

export interface PendingPod {
  name: string;
  job?: string;
  since?: string;
  reason: string;
  message?: string;
}

export interface ClusterState {
  source: 'simulator' | 'kubernetes';
  nodes: NodeRow[];
  /** Pods not yet bound to a node (the first 200; `pendingTotal` counts all). */
  pending: PendingPod[];
  pendingTotal: number;
  /** Every pending pod counted by reason and message (why pods wait), most common first, at most 20. */
  pendingReasons: { reason: string; message?: string; count: number }[];
  /** What could not be read (e.g. nodes are not visible to the service account). */
  errors: string[];
}

export interface EventRow {
  seq?: number;
  at: string;
  type: string;
  kind?: string;
  name?: string;
  message?: string;
  data?: Record<string, unknown>;
}

export interface DashboardInfo {
  component: string;
  profile: string;
  backend: 'simulator' | 'kubernetes';
  /** Clock controls and fault injection are available (the simulator). */
  controls: boolean;
  maxBatchSize: number;
  now: string;
  links: Record<string, string>;
}

/** Data of the watch stream's `batch` event. */
export interface BatchChange {
  batch: BatchSummary;
  /** The jobs that changed since the last event about this batch; absent when too many did. */
  jobs?: JobRow[];
  /** More jobs changed than an event carries: re-read the batch's jobs. */
  jobsTruncated?: boolean;
}

export interface ClockEvent {
  now: string;
  mode: string;
  pendingEvents: number;
  nextEventAt: string | null;
}

export interface SimLogEvent {
  from: number;
  to: number;
  /** The newest lines of from..to. */
  events: EventRow[];
}
