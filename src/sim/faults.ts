// Faults the simulator can be broken with: what each one is, how one is described (scenario file or
// the control API), and the registry that schedules, activates and ends them. The effects live
// with the component they break (nodes: simulator; image pulls, crashes, OOM: kubelet; API errors
// and latency: the cluster port; outbound HTTP: whoever sends it, through `refuseHttp`); this module
// only answers "which fault applies here?".
import type { Random } from '../common/rng.js';
import { matchesSelector, type LabelSelector } from '../cluster/labels.js';
import type { Pod } from '../cluster/types.js';
import type { SimContext } from './context.js';
import { MAX_COUNT, MAX_SECONDS } from './limits.js';
import { isValidQuantity } from '../cluster/quantity.js';

/** Which pods a kubelet fault applies to: every given criterion must hold. */
export interface PodMatch {
  /** Glob on the container image (`*` any run of characters, `?` one). */
  image?: string;
  /** Glob on the pod name. */
  pod?: string;
  labels?: Record<string, string>;
}

export type ApiVerb = 'create' | 'get' | 'list' | 'update' | 'updateStatus' | 'delete';
export type ApiErrorKind = 500 | 409 | 429 | 'timeout';

export type FaultSpec =
  /** The node disappears: its pods fail (DisruptionTarget, exit 137) and their Jobs replace them. */
  | { type: 'nodeLoss'; node: string }
  /** Capacity is taken away from a node (or every node): running pods stay, new ones may not fit. */
  | { type: 'nodeShortage'; node?: string; cpu?: string; memory?: string; pods?: number }
  /** Image pulls fail (ErrImagePull, then ImagePullBackOff) while the fault is active. */
  | { type: 'imagePullFailure'; image: string }
  /** Matching containers exit with `exitCode` `afterSeconds` after they start. */
  | { type: 'containerCrash'; match?: PodMatch; exitCode: number; afterSeconds?: number; count?: number }
  /** Matching containers are OOMKilled (exit 137) `afterSeconds` after they start. */
  | { type: 'oom'; match?: PodMatch; afterSeconds?: number; count?: number }
  /** Requests of a verb on a resource fail: a `fraction` of them (seeded), at most `count`. */
  | { type: 'api'; verb: ApiVerb | '*'; resource: string; error: ApiErrorKind; fraction?: number; count?: number }
  /** Requests of a verb on a resource are answered `latencySeconds` of virtual time late (matched as `api`). */
  | { type: 'apiLatency'; verb: ApiVerb | '*'; resource: string; latencySeconds: number; fraction?: number; count?: number }
  /**
   * An HTTP receiver outside the cluster is down: outbound requests to a matching URL (glob; absent:
   * every URL) are refused (connection refused), or answered with `status` when given.
   */
  | { type: 'receiverDown'; url?: string; status?: number; count?: number };

export type FaultTiming = {
  /** Virtual seconds after the simulation started; absent: at once. */
  at?: number;
  /** The fault ends (and its effect is undone where that means something) after this many seconds. */
  durationSeconds?: number;
};

export type FaultRequest = FaultSpec & FaultTiming;

export type FaultState = 'scheduled' | 'active' | 'ended';

export type Fault = FaultRequest & {
  id: string;
  state: FaultState;
  /** How many times it took effect. */
  hits: number;
  /** When it became active (virtual time, RFC 3339 to the millisecond); absent while scheduled. */
  startedAt?: string;
  /** When it ended (virtual time, RFC 3339 to the millisecond): recovered, used up or removed; absent before. */
  endedAt?: string;
};

export class FaultError extends Error {}

const VERBS = new Set(['create', 'get', 'list', 'update', 'updateStatus', 'delete', '*']);
const TYPES = new Set(['nodeLoss', 'nodeShortage', 'imagePullFailure', 'containerCrash', 'oom', 'api', 'apiLatency', 'receiverDown']);
/** Longest latency one request may be given: an hour. */
export const MAX_LATENCY_SECONDS = 3600;

/**
 * Whether `text` matches `glob` (`*` any run of characters, `?` one). Iterative, backtracking only
 * to the last `*`: at most glob length x text length steps, whatever the pattern (a regular
 * expression built from `*a*a*a*...b` could take exponential time).
 */
export function globMatch(glob: string | undefined, text: string): boolean {
  if (glob === undefined) return true;
  let g = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    const c = glob[g];
    if (c === '*') {
      star = g++;
      resume = t;
    } else if (g < glob.length && (c === '?' || c === text[t])) {
      g++;
      t++;
    } else if (star >= 0) {
      g = star + 1;
      t = ++resume;
    } else return false;
  }
  while (glob[g] === '*') g++;
  return g === glob.length;
}

export function podMatches(match: PodMatch | undefined, pod: Pod): boolean {
  if (!match) return true;
  if (!globMatch(match.pod, pod.metadata.name)) return false;
  if (match.image !== undefined && !pod.spec.containers.some((c) => globMatch(match.image, c.image))) return false;
  return matchesSelector(pod.metadata.labels, match.labels as LabelSelector | undefined);
}

/** A number of seconds (at most 10 years) or a count (at most 2^53-1), when present. */
function bounded(value: unknown, field: string, kind: 'seconds' | 'count'): void {
  if (value === undefined) return;
  const max = kind === 'seconds' ? MAX_SECONDS : MAX_COUNT;
  if (typeof value !== 'number' || !(value >= 0 && value <= max) || (kind === 'count' && !Number.isInteger(value))) {
    throw new FaultError(kind === 'seconds' ? `${field} must be a number of seconds from 0 to ${max} (10 years)` : `${field} must be an integer from 0 to ${max}`);
  }
}

function optionalString(value: unknown, field: string): void {
  if (value !== undefined && typeof value !== 'string') throw new FaultError(`${field} must be a string`);
}

function stringMap(value: unknown, field: string): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new FaultError(`${field} must be a map of strings`);
  }
}

function podMatch(value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FaultError('match must be an object (image, pod, labels)');
  const m = value as Record<string, unknown>;
  for (const key of Object.keys(m)) if (!['image', 'pod', 'labels'].includes(key)) throw new FaultError(`match: unknown key ${key} (image, pod, labels)`);
  optionalString(m.image, 'match.image');
  optionalString(m.pod, 'match.pod');
  stringMap(m.labels, 'match.labels');
}

function capacity(value: unknown, field: 'cpu' | 'memory'): void {
  if (value !== undefined && (typeof value !== 'string' || !isValidQuantity(value))) throw new FaultError(`${field} must be a Kubernetes quantity such as "2", "500m" or "4Gi"`);
}

/** Checks a fault description from a scenario file or a request body; throws FaultError. */
export function validateFault(input: unknown): FaultRequest {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FaultError('a fault must be an object');
  const f = input as Record<string, unknown>;
  if (typeof f.type !== 'string' || !TYPES.has(f.type)) throw new FaultError(`type must be one of ${[...TYPES].join(', ')}`);
  bounded(f.at, 'at', 'seconds');
  bounded(f.durationSeconds, 'durationSeconds', 'seconds');
  bounded(f.afterSeconds, 'afterSeconds', 'seconds');
  bounded(f.count, 'count', 'count');
  // A fault whose effects are used up before the first: it would give one all the same.
  if (f.count === 0) throw new FaultError(`count must be an integer from 1 to ${MAX_COUNT}`);
  podMatch(f.match);
  switch (f.type) {
    case 'nodeLoss':
      if (typeof f.node !== 'string' || !f.node) throw new FaultError('nodeLoss needs node');
      break;
    case 'nodeShortage':
      if (f.cpu === undefined && f.memory === undefined && f.pods === undefined) throw new FaultError('nodeShortage needs cpu, memory or pods');
      optionalString(f.node, 'node');
      capacity(f.cpu, 'cpu');
      capacity(f.memory, 'memory');
      bounded(f.pods, 'pods', 'count');
      break;
    case 'imagePullFailure':
      if (typeof f.image !== 'string' || !f.image) throw new FaultError('imagePullFailure needs image (a glob)');
      break;
    case 'containerCrash':
      if (typeof f.exitCode !== 'number' || !Number.isInteger(f.exitCode) || f.exitCode < 1 || f.exitCode > 255) {
        throw new FaultError('containerCrash needs exitCode, an integer from 1 to 255');
      }
      break;
    case 'api':
    case 'apiLatency':
      if (typeof f.verb !== 'string' || !VERBS.has(f.verb)) throw new FaultError(`verb must be one of ${[...VERBS].join(', ')}`);
      if (typeof f.resource !== 'string' || !f.resource) throw new FaultError(`${f.type} needs resource (a kind such as Job, or *)`);
      if (f.type === 'api' && ![500, 409, 429, 'timeout'].includes(f.error as never)) throw new FaultError('error must be 500, 409, 429 or "timeout"');
      if (f.type === 'apiLatency' && (typeof f.latencySeconds !== 'number' || !(f.latencySeconds > 0 && f.latencySeconds <= MAX_LATENCY_SECONDS))) {
        throw new FaultError(`apiLatency needs latencySeconds, a number of seconds above 0 and at most ${MAX_LATENCY_SECONDS}`);
      }
      if (f.fraction !== undefined && (typeof f.fraction !== 'number' || !(f.fraction > 0 && f.fraction <= 1))) {
        throw new FaultError('fraction must be in (0, 1]');
      }
      break;
    case 'receiverDown':
      if (f.url !== undefined && (typeof f.url !== 'string' || !f.url)) throw new FaultError('url must be a non-empty glob such as "http://hooks.example.com/*"');
      if (f.status !== undefined && (typeof f.status !== 'number' || !Number.isInteger(f.status) || f.status < 400 || f.status > 599)) {
        throw new FaultError('status must be an HTTP status from 400 to 599 (absent: the connection is refused)');
      }
      break;
  }
  return f as FaultRequest;
}

export interface FaultHooks {
  /** A fault becomes active (apply its immediate effect). */
  activated(fault: Fault): void;
  /** A fault ends (undo what can be undone). */
  ended(fault: Fault): void;
}

/** Schedules faults on the virtual clock and answers which active fault applies to a request or pod. */
export class FaultRegistry {
  private faults = new Map<string, Fault>();
  private counter = 0;
  private cancels = new Map<string, (() => void)[]>();
  hooks: FaultHooks = { activated: () => undefined, ended: () => undefined };

  constructor(
    private readonly ctx: SimContext,
    /** A random stream of its own, so fault rolls do not shift pod names. */
    private readonly rng: Random,
  ) {}

  list(): Fault[] {
    return [...this.faults.values()];
  }

  get(id: string): Fault | undefined {
    return this.faults.get(id);
  }

  /** Now as RFC 3339 to the millisecond (a fault's start and end: the event log's seconds would round a crash's to its batch's). */
  private instant(): string {
    return new Date(this.ctx.now()).toISOString();
  }

  private log(type: string, fault: Fault, data: Record<string, unknown> = {}): void {
    const { id, state: _state, hits: _hits, startedAt: _started, endedAt: _ended, ...spec } = fault;
    this.ctx.log.append(this.ctx.now(), type, { name: id, data: { ...spec, ...data } });
  }

  /** Adds a fault; `at` counts from the simulation's start time. */
  add(request: FaultRequest): Fault {
    const spec = validateFault(request);
    const fault: Fault = { ...spec, id: `fault-${++this.counter}`, state: 'scheduled', hits: 0 };
    this.faults.set(fault.id, fault);
    const startAt = spec.at === undefined ? this.ctx.now() : this.ctx.config.startTime + spec.at * 1000;
    this.log('FaultScheduled', fault);
    const cancels: (() => void)[] = [];
    this.cancels.set(fault.id, cancels);
    const activate = () => {
      fault.state = 'active';
      fault.startedAt = this.instant();
      this.log('FaultInjected', fault);
      this.hooks.activated(fault);
      if (spec.durationSeconds !== undefined) cancels.push(this.ctx.after(spec.durationSeconds * 1000, () => this.end(fault, 'FaultRecovered')));
    };
    if (startAt <= this.ctx.now()) activate();
    else cancels.push(this.ctx.after(startAt - this.ctx.now(), activate));
    return fault;
  }

  /** Removes a fault (the control API's DELETE): it ends at once if it was active. */
  remove(id: string): Fault | undefined {
    const fault = this.faults.get(id);
    if (!fault) return undefined;
    if (fault.state !== 'ended') this.end(fault, 'FaultRemoved');
    this.faults.delete(id);
    return fault;
  }

  private end(fault: Fault, type: string): void {
    for (const cancel of this.cancels.get(fault.id) ?? []) cancel();
    this.cancels.delete(fault.id);
    const wasActive = fault.state === 'active';
    fault.state = 'ended';
    fault.endedAt = this.instant();
    this.log(type, fault, { hits: fault.hits });
    if (wasActive) this.hooks.ended(fault);
  }

  private active<T extends FaultSpec['type']>(type: T): (Fault & { type: T })[] {
    const out: (Fault & { type: T })[] = [];
    for (const f of this.faults.values()) if (f.state === 'active' && f.type === type) out.push(f as Fault & { type: T });
    return out;
  }

  /** Counts one effect of a fault and logs it; a fault with `count` ends when it is used up. */
  hit(fault: Fault, effect: string, data: Record<string, unknown>): void {
    fault.hits++;
    this.ctx.log.append(this.ctx.now(), 'FaultEffect', { name: fault.id, message: effect, data: { type: fault.type, ...data } });
    const count = (fault as { count?: number }).count;
    if (count !== undefined && fault.hits >= count) this.end(fault, 'FaultExhausted');
  }

  /** Whether a fault of this type is scheduled or active. */
  pending(type: FaultSpec['type']): boolean {
    for (const f of this.faults.values()) if (f.type === type && f.state !== 'ended') return true;
    return false;
  }

  private apiMatch<T extends 'api' | 'apiLatency'>(type: T, verb: ApiVerb, resource: string): (Fault & { type: T }) | undefined {
    for (const f of this.active(type)) {
      if (f.verb !== '*' && f.verb !== verb) continue;
      if (f.resource !== '*' && f.resource.toLowerCase() !== resource.toLowerCase()) continue;
      if (f.fraction !== undefined && f.fraction < 1 && this.rng.next() >= f.fraction) continue;
      return f;
    }
    return undefined;
  }

  /** The API fault that fails this request, if any (first active match; a fraction rolls the dice). */
  apiFault(verb: ApiVerb, resource: string): (Fault & { type: 'api' }) | undefined {
    return this.apiMatch('api', verb, resource);
  }

  /** The latency fault that delays this request, if any (matched as `apiFault`). */
  apiLatency(verb: ApiVerb, resource: string): (Fault & { type: 'apiLatency' }) | undefined {
    return this.apiMatch('apiLatency', verb, resource);
  }

  /**
   * Asked by a sender before each outbound HTTP request: the `receiverDown` fault that refuses it,
   * if any. The refusal is counted and logged (FaultEffect `ReceiverDown`) with `data`, which the
   * sender chooses (what the request is, which attempt).
   */
  refuseHttp(url: string, data: Record<string, unknown> = {}): (Fault & { type: 'receiverDown' }) | undefined {
    const fault = this.active('receiverDown').find((f) => globMatch(f.url, url));
    if (fault) this.hit(fault, 'ReceiverDown', { url, ...data, answer: fault.status ?? 'ECONNREFUSED' });
    return fault;
  }

  /** Whether a pull of `image` fails now. */
  pullFailure(image: string): (Fault & { type: 'imagePullFailure' }) | undefined {
    return this.active('imagePullFailure').find((f) => globMatch(f.image, image));
  }

  /** The crash or OOM fault for a container that starts now, if any. */
  crashFor(pod: Pod): (Fault & { type: 'containerCrash' | 'oom' }) | undefined {
    for (const f of [...this.active('containerCrash'), ...this.active('oom')]) if (podMatches(f.match, pod)) return f;
    return undefined;
  }

  /** Everything a random draw decides, for the coin a timeout uses to say whether the write landed. */
  coin(): boolean {
    return this.rng.next() < 0.5;
  }
}
