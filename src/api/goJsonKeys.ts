// Go's encoding/json matches object keys to struct fields case-insensitively (when several
// spellings of one field appear, the last one wins). The radix profile reproduces that for request bodies by
// rewriting keys to their canonical spelling before validation, and reads null as Go does: a known
// field set to null stays unset, a null item of a list or value of a map is the zero value ({}, "",
// 0). Free-form maps (resources.limits, variables) keep their keys.

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

/** Returns a copy of `value` with the keys of `shape` in canonical spelling. */
export function canonicalKeys(value: unknown, shape: Shape): unknown {
  if (!isObject(value)) return value;
  const names = Object.keys(shape.fields);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = names.includes(key) ? key : names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (!name) {
      out[key] = v; // unknown: left for the validator, which ignores it
      continue;
    }
    // Go decodes null into a field as "not set".
    if (v === null) {
      delete out[name];
      continue;
    }
    const sub = shape.fields[name]!;
    if (sub === 'leaf') out[name] = v;
    else if (sub === 'map') out[name] = isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === null ? '' : x])) : v;
    else if (sub === 'strings' || sub === 'ints') out[name] = Array.isArray(v) ? v.map((x) => (x === null ? (sub === 'strings' ? '' : 0) : x)) : v;
    else if ('items' in sub) out[name] = Array.isArray(v) ? v.map((x) => (x === null ? {} : canonicalKeys(x, sub.items))) : v;
    else out[name] = canonicalKeys(v, sub);
  }
  return out;
}
