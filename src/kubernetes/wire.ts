// Objects from @kubernetes/client-node's typed APIs carry Date instances; the cluster port speaks
// the JSON wire form (RFC 3339 strings). This converts typed results back to wire form.

/** metav1.Time has second precision ("2026-01-01T00:00:00Z"); MicroTime keeps its fraction. */
export function timeToWire(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('.000Z') ? iso.replace('.000Z', 'Z') : iso;
}

/** A deep copy with every Date replaced by its wire form and undefined properties dropped. */
export function toWire<T>(value: unknown): T {
  return convert(value) as T;
}

function convert(value: unknown): unknown {
  if (value instanceof Date) return timeToWire(value);
  if (Array.isArray(value)) return value.map(convert);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = convert(v);
    return out;
  }
  return value;
}
