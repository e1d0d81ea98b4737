// How Go's encoding/json maps a request body onto the reference's structs, for the Job Manager's
// request bodies: keys not of the struct are ignored (in both profiles they are dropped here, so
// nothing unknown, however large or deep, reaches the engine or a stored object). In the radix
// profile keys also match case-insensitively (when several spellings of one field appear, the last
// one wins), and null reads as Go reads it: a known field set to null stays unset, a null item of a
// list or value of a map is the zero value ({}, "", 0). Free-form maps (resources.limits, variables)
// keep their keys.

/** 'strings' / 'ints': lists of strings / integers; 'map': string to string. */
export type Field = Shape | 'leaf' | 'map' | 'strings' | 'ints' | { items: Shape };

export interface Shape {
  fields: Record<string, Field>;
}

// The request bodies' fields come from openapi.yaml (generated): a field added there is decoded.
export { BATCH_DESCRIPTION, JOB_DESCRIPTION } from './generated/fieldShapes.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface DecodeOptions {
  /** radix: keys match case-insensitively, as Go's encoding/json does. */
  caseInsensitive: boolean;
  /** radix: a known field set to null is not set, a null item or map value is the zero value (documented: null reaches the validator, 422). */
  nullIsUnset: boolean;
}

/** A shape's field names, and each one's lower-case spelling (the first field to have it), built once per shape. */
const namesOf = new WeakMap<Shape, { exact: Set<string>; lower: Map<string, string> }>();

function names(shape: Shape): { exact: Set<string>; lower: Map<string, string> } {
  let n = namesOf.get(shape);
  if (!n) {
    const exact = new Set(Object.keys(shape.fields));
    const lower = new Map<string, string>();
    for (const name of exact) if (!lower.has(name.toLowerCase())) lower.set(name.toLowerCase(), name);
    namesOf.set(shape, (n = { exact, lower }));
  }
  return n;
}

/** Returns a copy of `value` with only the fields of `shape`, in canonical spelling. */
export function decodeFields(value: unknown, shape: Shape, opts: DecodeOptions): unknown {
  if (!isObject(value)) return value;
  const { exact, lower } = names(shape);
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = value[key];
    const name = exact.has(key) ? key : opts.caseInsensitive ? lower.get(key.toLowerCase()) : undefined;
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
