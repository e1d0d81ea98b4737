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
  const out: Resource = {
    apiVersion: 'apiVersion' in c ? c.apiVersion! : obj.apiVersion,
    kind: 'kind' in c ? c.kind! : obj.kind,
    metadata: 'metadata' in c ? c.metadata : obj.metadata,
    spec: 'spec' in c ? c.spec : obj.spec,
    status: 'status' in c ? c.status : obj.status,
  };
  for (const k in obj) if (!(k in out)) (out as unknown as Record<string, unknown>)[k] = (k in changes ? changes : obj)[k as keyof T];
  for (const k in changes) if (!(k in out)) (out as unknown as Record<string, unknown>)[k] = changes[k as keyof T];
  return out as T;
}
