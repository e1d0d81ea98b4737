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

  /**
   * The object again: a copy of the base along the changed paths, every other subtree shared. The
   * nodes a path shares with the one before it are copies already (the stack holds the previous
   * path's), so no node is copied twice for paths in walk order, as the differ lists them.
   */
  expand<T>(): T {
    const reuse = reuseDepths(this.paths);
    const stack: Record<string | number, unknown>[] = [copyOf(this.base)];
    for (let i = 0; i < this.paths.length; i++) {
      const path = this.paths[i]!;
      const last = path.length - 1;
      let node = stack[reuse[i]!]!;
      for (let d = reuse[i]!; d < last; d++) {
        const child = copyOf(node[path[d]!] as object);
        node[path[d]!] = child;
        stack[d + 1] = node = child;
      }
      node[path[last]!] = this.values[i];
    }
    return stack[0] as T;
  }
}

function copyOf(o: object): Record<string | number, unknown> {
  return (Array.isArray(o) ? o.slice() : { ...o }) as Record<string | number, unknown>;
}

/**
 * Per path list (compact objects that differ in the same places share one): for each path, the
 * depth down to which the path before it copied the same nodes. A node copied again (paths out of
 * walk order) would only be a copy of a copy, equal to it.
 */
const reuseByPaths = new WeakMap<readonly Path[], Uint8Array>();

function reuseDepths(paths: readonly Path[]): Uint8Array {
  let reuse = reuseByPaths.get(paths);
  if (reuse) return reuse;
  reuse = new Uint8Array(paths.length);
  let previous: Path = [];
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!;
    let common = 0;
    while (common < path.length && common < previous.length && path[common] === previous[common]) common++;
    // The previous path copied its containers (depths 1 .. length-1); this one needs its own.
    reuse[i] = Math.max(0, Math.min(common, previous.length - 1, path.length - 1));
    previous = path;
  }
  reuseByPaths.set(paths, reuse);
  return reuse;
}

/** Whether `b` has exactly `keys`, in order (JSON and Object.keys see the order too); allocates nothing. */
function hasKeys(keys: readonly string[], b: Record<string, unknown>): boolean {
  let i = 0;
  for (const k in b) if (keys[i++] !== k) return false;
  return i === keys.length;
}

/** Most differences worth keeping compactly; an object differing more is kept whole. */
const MAX_DIFFERENCES = 24;

/** Past this size (nodes of the base) or depth, a differ compares what lies beyond by identity. */
const MAX_NODES = 400;
const MAX_DEPTH = 12;

/** Records where `obj` differs from the base it was compiled for; false: keep `obj` whole. */
type Differ = (obj: object, paths: Path[], values: unknown[], max: number) => boolean;

/**
 * A differ compiled for one base object: the same walk as `diff`, with the base's keys written
 * into the code, so every property read is a named one (V8 answers those from an inline cache:
 * the objects of a kind share hidden classes) instead of a keyed, megamorphic one; the walk took
 * ~1 s of a 100,000-job run. Paths are constants of the differ, shared by every compact object.
 */
function compileDiffer(base: object): Differ {
  const values: unknown[] = [];
  const keys: string[][] = [];
  const pathsOf: Path[] = [];
  const lines: string[] = [];
  const leaf = (id: number, v: string) => `if (paths.length >= max) return false; paths.push(P[${id}]); values.push(${v});`;
  const walk = (value: unknown, v: string, path: (string | number)[], depth: number): void => {
    const id = values.length;
    values.push(value);
    pathsOf.push(path);
    keys.push([]);
    const deeper = depth < MAX_DEPTH && values.length < MAX_NODES && typeof value === 'object' && value !== null;
    if (!deeper) {
      lines.push(`if (${v} !== B[${id}]) { ${leaf(id, v)} }`);
      return;
    }
    lines.push(`if (${v} !== B[${id}]) {`);
    if (Array.isArray(value)) {
      lines.push(`if (Array.isArray(${v}) && ${v}.length === ${value.length}) {`);
      value.forEach((item, i) => {
        const c = `v${values.length}`;
        lines.push(`const ${c} = ${v}[${i}];`);
        walk(item, c, [...path, i], depth + 1);
      });
    } else {
      keys[id] = Object.keys(value);
      lines.push(`if (${v} !== null && typeof ${v} === 'object' && !Array.isArray(${v}) && hasKeys(K[${id}], ${v})) {`);
      for (const k of keys[id]!) {
        const c = `v${values.length}`;
        lines.push(`const ${c} = ${v}[${JSON.stringify(k)}];`);
        walk((value as Record<string, unknown>)[k], c, [...path, k], depth + 1);
      }
    }
    lines.push(`} else { ${id === 0 ? 'return false;' : leaf(id, v)} }`, '}');
  };
  walk(base, 'v0', [], 0);
  const body = `return function differ(v0, paths, values, max) {\n${lines.join('\n')}\nreturn true;\n};`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code built from the base's own keys (JSON-quoted)
  return new Function('B', 'K', 'P', 'hasKeys', body)(values, keys, pathsOf, hasKeys) as Differ;
}

/** How many recent path lists per kind are compared by identity before a key is built. */
const RECENT_PATH_LISTS = 8;

/**
 * Bases kept per kind, most recently matched first. Objects of several job components settle
 * interleaved (cron jobs of five components each minute): with one base per kind each switch of
 * component compiled a new differ (~45 µs), a twentieth of a month's simulation.
 */
const BASES_PER_KIND = 8;

export class Compactor {
  /** kind -> the bases settled objects of that kind are compared with, most recently matched first, and their differs. */
  private readonly bases = new Map<string, { base: object; differ: Differ }[]>();
  /**
   * kind -> the path lists of its latest compact objects, newest first. Objects settled together
   * differ from the base in a few alternating sets of places (pods bound to one of three nodes, the
   * base's own node or another): comparing the paths (constants of the differ) by identity with
   * these finds the shared list without building its key, which took a third of the compaction time.
   */
  private readonly recentPaths = new Map<string, (readonly Path[])[]>();
  /** The path lists of compact objects, shared by all objects that differ in the same places. */
  private readonly pathLists = new Map<string, readonly Path[]>();

  /** `obj` as differences from one of the kind's bases, or undefined when it is kept whole. */
  compact(kind: string, obj: object): Compact | undefined {
    let bases = this.bases.get(kind);
    if (!bases) this.bases.set(kind, (bases = []));
    const paths: Path[] = [];
    const values: unknown[] = [];
    for (let b = 0; b < bases.length; b++) {
      const { base, differ } = bases[b]!;
      // The very same object as a base, or equal to one: kept whole (it shares nothing to drop).
      if (base === obj) return undefined;
      paths.length = 0;
      values.length = 0;
      if (!differ(obj, paths, values, MAX_DIFFERENCES)) continue;
      if (paths.length === 0) return undefined;
      if (b > 0) bases.unshift(bases.splice(b, 1)[0]!);
      return new Compact(base, this.sharedPaths(kind, paths), values);
    }
    // Kept whole: too different from every base (or of another shape at the top). It becomes a
    // base of the objects settled after it (they are likely its like: the next jobs of its batch).
    bases.unshift({ base: obj, differ: compileDiffer(obj) });
    if (bases.length > BASES_PER_KIND) bases.pop();
    return undefined;
  }

  /** The shared list equal to `paths` (element by element: paths are constants of the differ). */
  private sharedPaths(kind: string, paths: Path[]): readonly Path[] {
    let recent = this.recentPaths.get(kind);
    if (!recent) this.recentPaths.set(kind, (recent = []));
    for (let r = 0; r < recent.length; r++) {
      const list = recent[r]!;
      if (list.length !== paths.length) continue;
      let i = 0;
      while (i < paths.length && paths[i] === list[i]) i++;
      if (i === paths.length) {
        if (r > 0) {
          recent.splice(r, 1);
          recent.unshift(list);
        }
        return list;
      }
    }
    const key = paths.map((p) => p.join('\u0000')).join('\u0001');
    let shared = this.pathLists.get(key);
    if (!shared) {
      if (this.pathLists.size >= 1024) this.pathLists.clear();
      this.pathLists.set(key, (shared = paths));
    }
    recent.unshift(shared);
    if (recent.length > RECENT_PATH_LISTS) recent.pop();
    return shared;
  }
}
