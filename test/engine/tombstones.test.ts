// Caches remember deleted objects (so a late watch event cannot bring one back), but only the newest
// deletions: a server running for weeks must not keep a tombstone per object it ever deleted.
import { describe, expect, it } from 'vitest';
import { admits, bury } from '../../src/engine/resourceVersion.js';

describe('tombstones of deleted objects', () => {
  it('are bounded: the oldest are forgotten past the limit, a repeated name moves to the newest', () => {
    const deleted = new Map<string, string | undefined>();
    for (let i = 0; i < 10; i++) bury(deleted, `b${i}`, `u${i}`, 4);
    expect([...deleted.keys()]).toEqual(['b6', 'b7', 'b8', 'b9']);
    bury(deleted, 'b6', 'u6', 4);
    expect([...deleted.keys()]).toEqual(['b7', 'b8', 'b9', 'b6']);
    // A late event of a buried object is refused; one of a forgotten object would be taken.
    expect(admits(undefined, { metadata: { name: 'b8', uid: 'u8' } }, deleted)).toBe(false);
    expect(admits(undefined, { metadata: { name: 'b0', uid: 'u0' } }, deleted)).toBe(true);
  });
});
