// A finished RadixBatch object's two job lists (`spec.jobs`, `status.jobStatuses`), kept deflated
// until someone reads them.
//
// History cleanup keeps the newest completed batches (10 per group), and a kept 20,000-job batch is
// ~150,000 small objects and strings (~470 B a job: its spec entry, its status, its pods' statuses,
// their names) that are read again only when a client asks for that batch or it is
// deleted. Once every job of an object has finished, each list becomes a getter over the deflated
// JSON of the same array (~17 KB for 500 jobs instead of ~280 KB of objects); a read parses it
// again, so every reader (the API's views, JSON.stringify, a spread copy) sees an equal array. The
// object is changed in place, so every holder of it lets go of the lists at once: the simulator's
// store and every Job Manager's cache hold one object, as a cluster's informers hold one per process.
import { deflateSync, inflateSync } from 'node:zlib';
import { isTerminalPhase, type RadixBatch } from '../cluster/radixBatch.js';

/** Objects with fewer jobs stay whole: they are small, and most are deleted within the hour. */
export const DORMANT_MIN_JOBS = 100;

/**
 * The list parsed last, per property, with the bytes it came from: a reader walks one object's
 * lists a few times in a row (a view, then its JSON), and two lists of 500 are cheap to hold.
 */
const last = new Map<string, { bytes: Uint8Array; list: unknown[] }>();

function thaw(key: string, bytes: Uint8Array): unknown[] {
  const seen = last.get(key);
  if (seen?.bytes === bytes) return seen.list;
  const list = JSON.parse(inflateSync(bytes).toString('utf8')) as unknown[];
  last.set(key, { bytes, list });
  return list;
}

/** The spec and status objects whose job list is a deflated getter. */
const dormant = new WeakSet<object>();

/** Replaces `holder[key]` (an array) by a getter over its deflated JSON; same key, same place. */
function deflate(holder: object, key: string): void {
  const list = (holder as Record<string, unknown>)[key];
  // Level 3: a 500-job list in ~0.4 ms and ~17 KB; the default (6) takes 1.5 ms for 15% less. A
  // copy of exactly its size: zlib's output sits in a buffer of at least 16 KB.
  const bytes = new Uint8Array(deflateSync(JSON.stringify(list), { level: 3 }));
  Object.defineProperty(holder, key, { enumerable: true, configurable: true, get: () => thaw(key, bytes) });
  dormant.add(holder);
}

/** Whether the object's job lists are kept deflated (asking reads neither). */
export function isDormant(rb: RadixBatch): boolean {
  return rb.status !== undefined && dormant.has(rb.status);
}

/**
 * Keeps the object's job lists deflated from now on, when it has at least DORMANT_MIN_JOBS jobs.
 * The caller knows every job of the object has finished, so neither list changes again (a later
 * change, such as a stop request, writes a new object). True when it was done now.
 */
export function makeDormant(rb: RadixBatch): boolean {
  const { spec, status } = rb;
  if (!status || dormant.has(status) || !status.jobStatuses || status.jobStatuses.length < DORMANT_MIN_JOBS) return false;
  deflate(status, 'jobStatuses');
  // The spec object is shared by the object's versions since its last spec change: all equal.
  if (!dormant.has(spec) && spec.jobs.length >= DORMANT_MIN_JOBS) deflate(spec, 'jobs');
  return true;
}

/**
 * makeDormant for a replica that does not lead: its reconciler writes nothing, so it never learns
 * that an object's last write is done, and on a cluster its cache holds copies of its own. `rb` (the
 * head or one of its parts) sleeps once `head` says Completed and every job of `rb` has finished.
 */
export function sleepIfFinished(rb: RadixBatch, head: RadixBatch): boolean {
  if (isDormant(rb) || head.status?.condition?.type !== 'Completed') return false;
  const statuses = rb.status?.jobStatuses;
  if (!statuses || statuses.length < DORMANT_MIN_JOBS || statuses.length !== rb.spec.jobs.length) return false;
  for (const s of statuses) if (!isTerminalPhase(s.phase)) return false;
  return makeDormant(rb);
}
