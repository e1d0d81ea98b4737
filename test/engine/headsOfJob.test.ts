// The cache's index of heads by job component (history cleanup reads it once a minute per
// component): it follows adds, deletes, a changed job reference and disowned batches, and leaves
// parts out.
import { describe, expect, it } from 'vitest';
import type { ClusterPort } from '../../src/cluster/port.js';
import { ClusterCache } from '../../src/engine/clusterCache.js';
import { LABEL_PART_OF, type RadixBatch } from '../../src/cluster/radixBatch.js';

function batch(name: string, job: string, rv: number, partOf?: string): RadixBatch {
  return {
    apiVersion: 'radix.equinor.com/v1',
    kind: 'RadixBatch',
    metadata: { name, uid: `uid-${name}`, resourceVersion: String(rv), ...(partOf ? { labels: { [LABEL_PART_OF]: partOf } } : {}) },
    spec: { radixDeploymentJobRef: { name: 'deployment', job }, jobs: [] },
  } as RadixBatch;
}

const names = (heads: RadixBatch[]) => heads.map((h) => h.metadata.name).sort();

describe('ClusterCache.headsOfJob', () => {
  it('holds the current heads of each job component, without parts', () => {
    const cache = new ClusterCache({} as ClusterPort);
    cache.apply('RadixBatch', 'ADDED', batch('a1', 'etl', 1));
    cache.apply('RadixBatch', 'ADDED', batch('a2', 'etl', 2));
    cache.apply('RadixBatch', 'ADDED', batch('a2-part-1', 'etl', 3, 'a2'));
    cache.apply('RadixBatch', 'ADDED', batch('b1', 'cleanup', 4));
    expect(names(cache.headsOfJob('etl'))).toEqual(['a1', 'a2']);
    expect(names(cache.headsOfJob('cleanup'))).toEqual(['b1']);
    expect(cache.headsOfJob('nothing')).toEqual([]);

    // A modification is read back as the newest version.
    const modified = batch('a1', 'etl', 5);
    cache.apply('RadixBatch', 'MODIFIED', modified);
    expect(cache.headsOfJob('etl').find((h) => h.metadata.name === 'a1')).toBe(modified);

    // A changed job reference moves the head; a deletion and a disowned batch remove it.
    cache.apply('RadixBatch', 'MODIFIED', batch('b1', 'etl', 6));
    expect(names(cache.headsOfJob('etl'))).toEqual(['a1', 'a2', 'b1']);
    expect(cache.headsOfJob('cleanup')).toEqual([]);
    cache.apply('RadixBatch', 'DELETED', batch('a2', 'etl', 7));
    cache.blockBatch('b1');
    expect(names(cache.headsOfJob('etl'))).toEqual(['a1']);
    // A late event of the disowned batch does not bring it back.
    cache.apply('RadixBatch', 'MODIFIED', batch('b1', 'etl', 8));
    expect(names(cache.headsOfJob('etl'))).toEqual(['a1']);
  });
});
