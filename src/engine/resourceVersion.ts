// Which of two versions of an object is newer, by resourceVersion, and whether a watch event is news
// for a cache (the caches drop stale events and late events of objects they saw deleted).
import type { Tombstones } from './tombstones.js';

interface Versioned {
  metadata: { name: string; uid?: string; resourceVersion?: string };
}

/**
 * Whether a cache holding `current` should take `obj` from an ADDED or MODIFIED event: not a late
 * event of an object it saw deleted (`deleted`: name -> uid tombstones; a new object of that name
 * lifts the tombstone), and not an older version of the one it has.
 */
export function admits(current: Versioned | undefined, obj: Versioned, deleted: Tombstones): boolean {
  const name = obj.metadata.name;
  if (current === undefined && deleted.size > 0 && deleted.has(name)) {
    if (deleted.uidOf(name) === obj.metadata.uid) return false;
    deleted.lift(name);
  }
  return !(current && current.metadata.uid === obj.metadata.uid && !newer(current, obj));
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
