// A cheap answer to "is this value's JSON text surely within N bytes?", for size limits checked on
// every write: JSON.stringify plus Buffer.byteLength of a small object costs more than the walk
// below, and almost every object is far under the limit. Only when the bound is not enough does the
// caller measure exactly.

/** UTF-8 bytes a string's JSON form can take at most: each UTF-16 unit escaped as `\uXXXX`. */
const MAX_BYTES_PER_UNIT = 6;
/** Longest JSON text of a number (`-1.7976931348623157e+308`) and of a literal. */
const MAX_NUMBER_BYTES = 24;

/**
 * True when JSON.stringify(value) is certainly at most `limit` UTF-8 bytes; false when it may be
 * more (measure it then). Values JSON leaves out (undefined, functions) count as if present.
 */
export function jsonSurelyWithin(value: unknown, limit: number): boolean {
  return bound(value, limit) <= limit;
}

/** An upper bound of the JSON text's bytes, or any number above `budget` once it is passed. */
function bound(value: unknown, budget: number): number {
  if (typeof value === 'string') return 2 + MAX_BYTES_PER_UNIT * value.length;
  if (value === null || typeof value !== 'object') return MAX_NUMBER_BYTES;
  let total = 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      total += 1 + bound(item, budget - total);
      if (total > budget) return total;
    }
    return total;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return Number.POSITIVE_INFINITY;
  for (const key in value) {
    // "key": plus a comma
    total += 4 + MAX_BYTES_PER_UNIT * key.length + bound((value as Record<string, unknown>)[key], budget - total);
    if (total > budget) return total;
  }
  return total;
}
