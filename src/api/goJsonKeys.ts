// How Go's encoding/json maps a request body onto the reference's structs, for the Job Manager's
// request bodies: keys not of the struct are ignored (in both profiles they are dropped here, so
// nothing unknown, however large or deep, reaches the engine or a stored object). In the radix
// profile keys also match case-insensitively (when several spellings of one field appear, the last
// one wins), and null reads as Go reads it: a known field set to null stays unset, a null item of a
// list or value of a map is the zero value ({}, "", 0). Free-form maps (resources.limits, variables)
// keep their keys.

/** 'strings' / 'ints': lists of strings / integers; 'map': string to string. */
type Field = Shape | 'leaf' | 'map' | 'strings' | 'ints' | { items: Shape };

interface Shape {
  fields: Record<string, Field>;
}

const RUNTIME: Shape = { fields: { architecture: 'leaf', nodeType: 'leaf' } };
const NODE: Shape = { fields: { gpu: 'leaf', gpuCount: 'leaf' } };
const RESOURCES: Shape = { fields: { limits: 'map', requests: 'map' } };
const FAILURE_POLICY: Shape = {
  fields: { rules: { items: { fields: { action: 'leaf', onExitCodes: { fields: { operator: 'leaf', values: 'ints' } } } } } },
};
const CONFIG_FIELDS = {
  resources: RESOURCES,
  node: NODE,
  timeLimitSeconds: 'leaf',
  backoffLimit: 'leaf',
  safeToRestart: 'leaf',
  failurePolicy: FAILURE_POLICY,
  image: 'leaf',
  imageTagName: 'leaf',
  runtime: RUNTIME,
  variables: 'map',
  command: 'strings',
  args: 'strings',
  runAsUser: 'leaf',
} as const;
export const JOB_DESCRIPTION: Shape = { fields: { ...CONFIG_FIELDS, jobId: 'leaf', payload: 'leaf' } };
export const BATCH_DESCRIPTION: Shape = {
  fields: { batchId: 'leaf', defaultRadixJobComponentConfig: { fields: CONFIG_FIELDS }, jobScheduleDescriptions: { items: JOB_DESCRIPTION } },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface DecodeOptions {
  /** radix: keys match case-insensitively, as Go's encoding/json does. */
  caseInsensitive: boolean;
  /** radix: a known field set to null is not set, a null item or map value is the zero value (documented: null reaches the validator, 422). */
  nullIsUnset: boolean;
}

/** Returns a copy of `value` with only the fields of `shape`, in canonical spelling. */
export function decodeFields(value: unknown, shape: Shape, opts: DecodeOptions): unknown {
  if (!isObject(value)) return value;
  const names = Object.keys(shape.fields);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = names.includes(key) ? key : opts.caseInsensitive ? names.find((n) => n.toLowerCase() === key.toLowerCase()) : undefined;
    // Unknown: ignored, as Go ignores a key that names no field.
    if (!name) continue;
    if (v === null && opts.nullIsUnset) {
      delete out[name];
      continue;
    }
    const sub = shape.fields[name]!;
    const zero = opts.nullIsUnset;
    if (sub === 'leaf') out[name] = v;
    else if (sub === 'map') out[name] = zero && isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === null ? '' : x])) : v;
    else if (sub === 'strings' || sub === 'ints') out[name] = zero && Array.isArray(v) ? v.map((x) => (x === null ? (sub === 'strings' ? '' : 0) : x)) : v;
    else if ('items' in sub) out[name] = Array.isArray(v) ? v.map((x) => (x === null && zero ? {} : decodeFields(x, sub.items, opts))) : v;
    else out[name] = decodeFields(v, sub, opts);
  }
  return out;
}
