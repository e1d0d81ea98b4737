// Names and times differ on every run; everything else must not. A Normalizer replaces each batch
// name, job name and pod-name suffix by a token numbered in the order the case first met it
// (<B1>, <J1>, <pod>), and every timestamp by <time>, so that two runs compare value for value.
// Keys are visited in sorted order, so the numbering does not depend on a server's key order.

/** The reference's (and jobsim radix's) batch names: batch-<component padded to 16>-<yyyymmddhhmmss>-<8>. */
const BATCH = /batch-[a-z0-9]{16}-\d{14}-[a-z0-9]{8}/gi;
/** A batch name without its last part (what a job name's batch part is when the job part is missing). */
const BATCH_PREFIX = /batch-[a-z0-9]{16}-\d{14}(?![-0-9])/gi;
const STARTUP_EVENT = /^(Successfully assigned \S+ to \S+|Container image (.* )?already present on machine.*|Pulling image .*|Successfully pulled image .*|Created container.*|Started container.*)$/;
const TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\b/g;

/** What differs between servers by set-up, not behaviour: each is replaced by a placeholder. */
export interface Environment {
  /** The RadixDeployment name jobs report in `DeploymentName`. */
  deployment: string;
  /** The namespace named in Kubernetes messages ("for pod <namespace>/<pod>"). */
  namespace: string;
}

export class Normalizer {
  private readonly batches = new Map<string, string>();
  private readonly jobs = new Map<string, string>();

  constructor(private readonly env?: Environment) {}

  /** Numbers the names in `value` (a response body) without normalising it. */
  learn(value: unknown): void {
    this.normalize(value);
  }

  token(batchName: string): string | undefined {
    return this.batches.get(batchName);
  }

  normalize(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.normalize(v));
    if (value && typeof value === 'object') {
      const obj = isStopRace(value) ? asStopped(value) : value;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(obj).sort()) {
        const v = (obj as Record<string, unknown>)[key];
        if (key === 'DeploymentName' && this.env && v === this.env.deployment) out[key] = '<deployment>';
        // kwok's stages report image IDs as kwok://<image>; a kubelet (and the simulator) as <image>@sha256:<digest>.
        else if (key === 'imageId' && typeof v === 'string' && !v.startsWith('<')) out[key] = `<image id of ${v.replace(/^kwok:\/\//, '').replace(/@sha256:[0-9a-f]{64}$/, '').replace(/:[^:/]+$/, '')}>`;
        else out[key] = this.normalize(v);
      }
      return out;
    }
    return value;
  }

  text(s: string): string {
    let out = this.env?.namespace ? s.split(`${this.env.namespace}/`).join('<namespace>/') : s;
    // Names compare in lower case; one written in upper case keeps a mark (<B1^>).
    const upper = (m: string) => (m !== m.toLowerCase() ? '^' : '');
    out = out.replace(BATCH, (m) => {
      const b = m.toLowerCase();
      let t = this.batches.get(b);
      if (!t) this.batches.set(b, (t = `<B${this.batches.size + 1}>`));
      return `${t.slice(0, -1)}${upper(m)}>`;
    });
    out = out.replace(BATCH_PREFIX, (m) => {
      const known = [...this.batches].find(([b]) => b.startsWith(`${m.toLowerCase()}-`));
      return known ? `${known[1].slice(0, -1)} without its last part${upper(m)}>` : '<unknown batch prefix>';
    });
    // A job is <batch>-<8>; its pods <batch>-<8>-<5>.
    out = out.replace(/(<B\d+\^?>)-([a-z0-9]{8})(?![a-z0-9])(-[a-z0-9]{5}(?![a-z0-9]))?/gi, (_m, b: string, m: string, pod: string | undefined) => {
      const j = m.toLowerCase();
      let t = this.jobs.get(j);
      if (!t) this.jobs.set(j, (t = `<J${this.jobs.size + 1}>`));
      return `${b}-${t.slice(0, -1)}${upper(m)}>${pod ? '-<pod>' : ''}`;
    });
    // The messages of a starting pod's events (scheduled, image pulled, container created, started)
    // fall within a second; the reference picks the "latest" of them with an unstable sort by their
    // one-second timestamps, so any of them may be the one shown.
    if (STARTUP_EVENT.test(out)) out = '<start-up event of the pod>';
    // Short job names alone (in stop messages): those of jobs met before.
    for (const [short, token] of this.jobs) if (out.includes(short)) out = out.replace(new RegExp(`\\b${short}\\b`, 'g'), token);
    return sortErrorList(out.replace(TIME, '<time>'));
  }
}

/**
 * The apiserver lists several validation errors as "[e1, e2, …]" in Go map order, which changes
 * from request to request: the list is compared as a set (items in sorted order).
 */
function sortErrorList(message: string): string {
  const m = /^(.* is invalid: )\[(spec\..*)\]$/s.exec(message);
  if (!m) return message;
  const items = m[2]!.split(/, (?=spec\.)/);
  return `${m[1]}[${items.sort().join(', ')}]`;
}

interface JobLike {
  status?: unknown;
  podStatuses?: { exitCode?: number; replicaStatus?: { status?: string }; reason?: string; endTime?: string }[];
}

/**
 * The stop race. When a running job is stopped, the reference's controller deletes its Kubernetes
 * Job and records the job Stopped with its pods as they are at that moment, once and for all: a
 * pod still running is recorded Stopped, one whose container the kubelet (kwok) had already
 * killed is recorded Failed with exit code 143 (SIGTERM), and then every pod has failed, which the
 * reference reports as the job Failed. Which one happens depends on timing; jobsim records the
 * first. A job Failed whose pods all exited with 143 is read as the Stopped job it is.
 */
export function isStopRace(value: object): boolean {
  const j = value as JobLike;
  return j.status === 'Failed' && Array.isArray(j.podStatuses) && j.podStatuses.length > 0 && j.podStatuses.every((p) => p.exitCode === 143);
}

export function asStopped(value: object): object {
  const j = value as JobLike;
  return {
    ...j,
    status: 'Stopped',
    podStatuses: j.podStatuses!.map(({ reason: _reason, endTime: _endTime, ...p }) => ({ ...p, exitCode: 0, replicaStatus: { status: 'Stopped' } })),
  };
}
