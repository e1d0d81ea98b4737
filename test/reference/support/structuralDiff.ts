// Differences between two JSON values, path by path: a key present on one side only (absent is not
// null), a different type, a different value, a different array length.

const ABSENT = Symbol('absent');

function show(v: unknown): string {
  if (v === ABSENT) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Each difference as "path: expected → actual". */
export function structuralDiff(expected: unknown, actual: unknown, path = ''): string[] {
  if (expected === ABSENT || actual === ABSENT || kind(expected) !== kind(actual)) {
    return expected === actual ? [] : [`${path || '.'}: ${show(expected)} → ${show(actual)}`];
  }
  if (Array.isArray(expected)) {
    const a = actual as unknown[];
    if (expected.length !== a.length) return [`${path || '.'}: ${expected.length} items → ${a.length} items: ${show(expected)} → ${show(a)}`];
    return expected.flatMap((v, i) => structuralDiff(v, a[i], `${path}[${i}]`));
  }
  if (expected && typeof expected === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])].sort();
    return keys.flatMap((k) => structuralDiff(k in e ? e[k] : ABSENT, k in a ? a[k] : ABSENT, `${path}.${k}`));
  }
  return Object.is(expected, actual) ? [] : [`${path || '.'}: ${show(expected)} → ${show(actual)}`];
}
