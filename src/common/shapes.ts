// Copies of objects that keep sharing hidden classes (V8 maps), for objects kept by the 100,000.
//
// On Node 20 (V8 11) a spread copy given a key its source lacks (`{ ...job, stop: true }`,
// `{ ...labels, 'job-name': n }`) gets a hidden class of its own (map and descriptor array, ~100-250
// bytes), and every later read of its fields is a megamorphic miss. Copies built by assignment in a
// fixed order follow the shared transition tree instead, so all copies of one shape share a map.

/** `src`'s own enumerable keys, then `extra`'s, assigned in order into a new object. */
export function copyWith<T extends object>(src: T | undefined, extra?: Partial<T>): T {
  const out = {} as Record<string, unknown>;
  // for-in over plain objects: no key array per copy (Object.keys allocated one).
  if (src) for (const k in src) out[k] = (src as Record<string, unknown>)[k];
  if (extra) for (const k in extra) out[k] = (extra as Record<string, unknown>)[k];
  return out as T;
}
