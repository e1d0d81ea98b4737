// Copies of objects that keep sharing hidden classes (V8 maps).
//
// On Node 20 (V8 11) a spread copy given a key its source lacks (`{ ...job, stop: true }`) gets a
// map of its own: ~100 B per copy, and every later read of its fields is a megamorphic miss. A rest
// copy follows the shared transition tree, and so do keys assigned to it afterwards.

/** `obj` with `changes` applied (new keys after the existing ones, as a spread would place them). */
export function withFields<T extends object>(obj: T, changes: Partial<T>): T {
  const { ...out } = obj;
  return Object.assign(out, changes) as T;
}
