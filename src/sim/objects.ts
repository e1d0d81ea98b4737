// Copies of Kubernetes objects with new top-level fields that stay cheap at 100,000 objects (see
// common/shapes.ts: a spread plus new keys gives every copy a hidden class of its own).

interface Resource {
  apiVersion: string;
  kind: string;
  metadata: unknown;
  spec?: unknown;
  status?: unknown;
}

/**
 * A copy of an object with new top-level fields (a new status, new metadata), one literal of the
 * usual fields first so every copy of a kind shares a hidden class; other fields (a Secret's data)
 * follow. `{...job, status}` on a Job created without a status gave each Job a map of its own.
 */
export function resourceWith<T extends Resource>(obj: T, changes: Partial<T>): T {
  const c = changes as Partial<Resource>;
  let { apiVersion, kind, metadata, spec, status } = obj as Resource;
  let extra = false;
  // The changed keys by for-in and switch (internalized keys: pointer compares), not five `in`
  // tests: with a differently shaped `changes` at each call site each was a megamorphic lookup.
  for (const k in c) {
    switch (k) {
      case 'apiVersion':
        apiVersion = c.apiVersion!;
        break;
      case 'kind':
        kind = c.kind!;
        break;
      case 'metadata':
        metadata = c.metadata;
        break;
      case 'spec':
        spec = c.spec;
        break;
      case 'status':
        status = c.status;
        break;
      default:
        extra = true;
    }
  }
  const out: Resource = { apiVersion, kind, metadata, spec, status };
  for (const k in obj) {
    if (isResourceKey(k)) continue;
    (out as unknown as Record<string, unknown>)[k] = (k in changes ? changes : obj)[k as keyof T];
  }
  if (extra) for (const k in changes) if (!isResourceKey(k) && !(k in out)) (out as unknown as Record<string, unknown>)[k] = changes[k as keyof T];
  return out as T;
}

function isResourceKey(k: string): boolean {
  switch (k) {
    case 'apiVersion':
    case 'kind':
    case 'metadata':
    case 'spec':
    case 'status':
      return true;
    default:
      return false;
  }
}
