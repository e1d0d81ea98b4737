// Which of two versions of an object is newer, by resourceVersion, and whether a watch event is news
// for a cache (the caches drop stale events and late events of objects they saw deleted).

interface Versioned {
  metadata: { name: string; uid?: string; resourceVersion?: string };
}

/**
 * Whether a cache holding `current` should take `obj` from an ADDED or MODIFIED event: not a late
 * event of an object it saw deleted (`deleted`: name -> uid tombstones; a new object of that name
 * lifts the tombstone), and not an older version of the one it has.
 */
export function admits(current: Versioned | undefined, obj: Versioned, deleted: Map<string, string | undefined>): boolean {
  const name = obj.metadata.name;
  // The tombstone table is almost always empty: test its size before paying for a lookup.
  if (current === undefined && deleted.size > 0 && deleted.has(name)) {
    if (deleted.get(name) === obj.metadata.uid) return false;
    deleted.delete(name);
  }
  return !(current && current.metadata.uid === obj.metadata.uid && !newer(current, obj));
}

/**
 * Tombstones kept per cache: the newest deletions only. A late event comes within seconds of its
 * object's deletion; kept for ever, tombstones grew by one per object a long-running server ever
 * deleted (~220 B each, in every Job Manager's cache of batches: a month of every-minute cron jobs
 * in six components left ~300 MB).
 */
export const TOMBSTONES = 4_096;

/** Records that `name` (with `uid`) was deleted, forgetting the oldest tombstone past the limit. */
export function bury(deleted: Map<string, string | undefined>, name: string, uid: string | undefined, limit = TOMBSTONES): void {
  deleted.delete(name);
  deleted.set(name, uid);
  if (deleted.size > limit) deleted.delete(deleted.keys().next().value!);
}

/** Whether `b` is newer than `a`; true when it cannot be told (a missing or opaque version). */
export function newer(a: { metadata: { resourceVersion?: string } }, b: { metadata: { resourceVersion?: string } }): boolean {
  const ra = a.metadata.resourceVersion;
  const rb = b.metadata.resourceVersion;
  if (ra === undefined || rb === undefined) return true;
  // Decimal resourceVersions compare by length, then digit by digit (no BigInt, no regex).
  if (isDecimal(ra) && isDecimal(rb)) return rb.length !== ra.length ? rb.length > ra.length : rb > ra;
  return true;
}

function isDecimal(text: string): boolean {
  if (text.length === 0 || (text.length > 1 && text.charCodeAt(0) === 48)) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
