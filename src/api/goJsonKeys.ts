// Go's encoding/json matches object keys to struct fields case-insensitively (when several
// spellings of one field appear, the last one wins). The radix profile reproduces that for request bodies by
// rewriting keys to their canonical spelling before validation, and by dropping known fields set to
// null (Go leaves them unset). Free-form maps (resources.limits,
// variables) keep their keys.

interface Shape {
  fields: Record<string, Shape | 'leaf' | 'map' | { items: Shape }>;
}

const RUNTIME: Shape = { fields: { architecture: 'leaf', nodeType: 'leaf' } };
const NODE: Shape = { fields: { gpu: 'leaf', gpuCount: 'leaf' } };
const RESOURCES: Shape = { fields: { limits: 'map', requests: 'map' } };
const FAILURE_POLICY: Shape = {
  fields: { rules: { items: { fields: { action: 'leaf', onExitCodes: { fields: { operator: 'leaf', values: 'leaf' } } } } } },
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
  command: 'leaf',
  args: 'leaf',
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
    if (sub === 'leaf' || sub === 'map') out[name] = v;
    else if ('items' in sub) out[name] = Array.isArray(v) ? v.map((x) => canonicalKeys(x, sub.items)) : v;
    else out[name] = canonicalKeys(v, sub);
  }
  return out;
}
