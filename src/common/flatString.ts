// Names built once and used as keys many times.
//
// V8 builds `a + b` (and a template literal) of 13 or more characters as a rope, a ConsString
// pointing at its parts, until something flattens it. A name that is a map key in the store, the
// engine's caches and the controllers is hashed, compared with other keys of its length (names
// share long prefixes: `batch-...-job-...`) and copied into log lines: each of those walks the rope.
// A join writes the characters into one flat string at once.

/** `a + b + c` as one flat string. */
export function flatConcat(a: string, b: string, c: string): string {
  return [a, b, c].join('');
}
