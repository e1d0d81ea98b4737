// What a V8 heap snapshot holds, summed: bytes and count by kind of node (objects by constructor,
// strings, arrays, code), and how many arrays of each length sit under a property name (by default
// `jobStatuses`: one per RadixBatch object, 500 long for a part of a big batch, 1 for a single job).
// Takes the snapshots `jobsim simulate --heap-days 1,10,30 --heap-snapshots` writes; comparing two
// says what a run added between them (bench/history.md, "The heap, explained").
//
//   node --max-old-space-size=8192 bench/heapSnapshot.mjs FILE.heapsnapshot [PROPERTY ...]
//
// Prints one JSON object. The snapshot is read whole (a 350 MB file needs a few GB of heap).
import { readFileSync } from 'node:fs';

const [file, ...props] = process.argv.slice(2);
if (!file) {
  console.error('usage: node --max-old-space-size=8192 bench/heapSnapshot.mjs FILE.heapsnapshot [PROPERTY ...]');
  process.exit(2);
}
const properties = props.length > 0 ? props : ['jobStatuses'];

/** The summary of a parsed snapshot (the format Chrome DevTools reads: flat node and edge arrays). */
function summarise(snapshot, properties) {
  const meta = snapshot.snapshot.meta;
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const N = meta.node_fields.length;
  const E = meta.edge_fields.length;
  const [iType, iName, iSize, iEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f));
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f));
  const { nodes, edges, strings } = snapshot;
  const count = nodes.length / N;
  // Where each node's edges start (edges are stored in node order).
  const firstEdge = new Uint32Array(count + 1);
  for (let k = 0, e = 0; k < count; k++) {
    firstEdge[k] = e;
    e += nodes[k * N + iEdges] * E;
    firstEdge[k + 1] = e;
  }
  const isStringType = (t) => t === 'string' || t === 'concatenated string' || t === 'sliced string';
  const kinds = new Map();
  let total = 0;
  for (let k = 0; k < count; k++) {
    const t = nodeTypes[nodes[k * N + iType]];
    const key = isStringType(t) ? t : `${t}:${strings[nodes[k * N + iName]]}`;
    const size = nodes[k * N + iSize];
    total += size;
    const a = kinds.get(key) ?? { count: 0, bytes: 0 };
    a.count++;
    a.bytes += size;
    kinds.set(key, a);
  }
  /** The node a named property (or internal field) of node k points at. */
  const named = (k, name) => {
    for (let e = firstEdge[k]; e < firstEdge[k + 1]; e += E) {
      const t = edgeTypes[edges[e + eType]];
      if ((t === 'property' || t === 'internal') && strings[edges[e + eName]] === name) return edges[e + eTo] / N;
    }
    return undefined;
  };
  const arrays = Object.fromEntries(properties.map((p) => [p, {}]));
  for (let k = 0; k < count; k++) {
    if (nodeTypes[nodes[k * N + iType]] !== 'object') continue;
    for (const p of properties) {
      const array = named(k, p);
      if (array === undefined || strings[nodes[array * N + iName]] !== 'Array') continue;
      // An array's elements: the strong edges of its backing store (holes are not edges).
      const backing = named(array, 'elements');
      let length = 0;
      if (backing !== undefined) for (let e = firstEdge[backing]; e < firstEdge[backing + 1]; e += E) if (edgeTypes[edges[e + eType]] !== 'weak') length++;
      arrays[p][length] = (arrays[p][length] ?? 0) + 1;
    }
  }
  return {
    nodes: count,
    bytes: total,
    top: [...kinds]
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .slice(0, 25)
      .map(([kind, a]) => ({ kind, count: a.count, bytes: a.bytes })),
    arraysByLength: arrays,
  };
}

console.log(JSON.stringify({ file, ...summarise(JSON.parse(readFileSync(file, 'utf8')), properties) }, null, 1));
