// Finished objects kept as differences from a similar object.
//
// A batch of 100,000 jobs leaves 100,000 finished Jobs and pods in the cluster until their TTL
// (a day), each a tree of a dozen small objects that differ from their neighbours in a few leaves
// (names, uids, one label, one environment value, a few timestamps). The store keeps such settled
// objects as the list of leaves where they differ from a base object of the same kind, and builds
// the object again (sharing every unchanged subtree with the base) when it is read. Reads of
// finished objects are rare; an object that is written again is stored whole again.

type Path = readonly (string | number)[];

/** An object stored as its differences from `base`: `values[i]` replaces the subtree at `paths[i]`. */
export class Compact {
  constructor(
    readonly base: object,
    readonly paths: readonly Path[],
    readonly values: readonly unknown[],
  ) {}

  /** The object again: a copy of the base along the changed paths, every other subtree shared. */
  expand<T>(): T {
    const copies = new Set<object>();
    const copy = (o: object): Record<string | number, unknown> => {
      const c = (Array.isArray(o) ? o.slice() : { ...o }) as Record<string | number, unknown>;
      copies.add(c);
      return c;
    };
    const root = copy(this.base);
    for (let i = 0; i < this.paths.length; i++) {
      const path = this.paths[i]!;
      let node = root;
      for (let d = 0; d < path.length - 1; d++) {
        let child = node[path[d]!] as Record<string | number, unknown>;
        if (!copies.has(child)) node[path[d]!] = child = copy(child);
        node = child;
      }
      node[path[path.length - 1]!] = this.values[i];
    }
    return root as T;
  }
}

/** Own keys of the base's objects, in order (bases are few and never change). */
const baseKeys = new WeakMap<object, string[]>();

function keysOfBase(o: Record<string, unknown>): string[] {
  let keys = baseKeys.get(o);
  if (!keys) baseKeys.set(o, (keys = Object.keys(o)));
  return keys;
}

/** Whether `b` has exactly `keys`, in order (JSON and Object.keys see the order too); allocates nothing. */
function hasKeys(keys: readonly string[], b: Record<string, unknown>): boolean {
  let i = 0;
  for (const k in b) if (keys[i++] !== k) return false;
  return i === keys.length;
}

function samePath(a: readonly (string | number)[], b: Path | undefined): b is Path {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Leaves (or whole subtrees of another shape) where `obj` differs from `base`; false past `max`.
 * `expected`: the path list of the previous object of the kind: a path equal to the one expected
 * at its position is taken from it rather than copied (objects of one kind differ in the same places).
 */
function diff(base: unknown, obj: unknown, path: (string | number)[], paths: Path[], values: unknown[], max: number, expected: readonly Path[] | undefined): boolean {
  if (base === obj) return true;
  if (typeof base === 'object' && typeof obj === 'object' && base !== null && obj !== null) {
    if (Array.isArray(base)) {
      if (Array.isArray(obj) && base.length === obj.length) {
        for (let i = 0; i < obj.length; i++) {
          path.push(i);
          const ok = diff(base[i], obj[i], path, paths, values, max, expected);
          path.pop();
          if (!ok) return false;
        }
        return true;
      }
    } else if (!Array.isArray(obj)) {
      const keys = keysOfBase(base as Record<string, unknown>);
      if (hasKeys(keys, obj as Record<string, unknown>)) {
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i]!;
          path.push(k);
          const ok = diff((base as Record<string, unknown>)[k], (obj as Record<string, unknown>)[k], path, paths, values, max, expected);
          path.pop();
          if (!ok) return false;
        }
        return true;
      }
    }
  }
  // A leaf that differs, or a subtree of another shape: replaced whole.
  if (paths.length >= max) return false;
  const same = expected?.[paths.length];
  paths.push(samePath(path, same) ? same : path.slice());
  values.push(obj);
  return true;
}

/** Most differences worth keeping compactly; an object differing more is kept whole. */
const MAX_DIFFERENCES = 24;

export class Compactor {
  /** kind -> the base settled objects of that kind are compared with (the last one kept whole). */
  private readonly bases = new Map<string, object>();
  /** kind -> the path list of its last compact object. */
  private readonly lastPaths = new Map<string, readonly Path[]>();
  /** The path lists of compact objects, shared by all objects that differ in the same places. */
  private readonly pathLists = new Map<string, readonly Path[]>();

  /** `obj` as differences from the kind's base, or undefined when it is kept whole. */
  compact(kind: string, obj: object): Compact | undefined {
    const base = this.bases.get(kind);
    if (!base) {
      this.bases.set(kind, obj);
      return undefined;
    }
    const paths: Path[] = [];
    const values: unknown[] = [];
    const last = this.lastPaths.get(kind);
    // Kept whole: too different, of another shape at the top, or the very same object. It becomes
    // the base of the objects settled after it (they are likely its like: the next jobs of its batch).
    if (!diff(base, obj, [], paths, values, MAX_DIFFERENCES, last) || paths.length === 0 || paths[0]!.length === 0) {
      if (base !== obj) this.bases.set(kind, obj);
      return undefined;
    }
    let shared: readonly Path[] | undefined = last;
    if (!last || last.length !== paths.length || paths.some((p, i) => p !== last[i])) {
      const key = paths.map((p) => p.join('\u0000')).join('\u0001');
      shared = this.pathLists.get(key);
      if (!shared) {
        if (this.pathLists.size >= 1024) this.pathLists.clear();
        this.pathLists.set(key, (shared = paths));
      }
      this.lastPaths.set(kind, shared);
    }
    return new Compact(base, shared!, values);
  }
}
