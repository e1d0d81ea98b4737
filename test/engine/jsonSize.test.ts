// src/common/jsonSize.ts: the size bound that lets the engine and the simulator skip measuring
// small objects against the cluster's limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSurelyWithin } from '../../src/common/jsonSize.js';

const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? '');

describe('jsonSurelyWithin', () => {
  it('never says "within" for a value whose JSON is larger than the limit', () => {
    let within = 0;
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 400 }), (v, limit) => {
        if (!jsonSurelyWithin(v, limit)) return;
        within++;
        expect(size(v)).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 2000, seed: 7 },
    );
    // The property must have been exercised on both sides.
    expect(within).toBeGreaterThan(100);
  });

  it('says "within" for small objects far under the limit, and not for large ones', () => {
    const job = { jobId: 'a', variables: { A: 'x'.repeat(100) }, resources: { limits: { cpu: '1' } }, backoffLimit: 3 };
    expect(jsonSurelyWithin(job, 10_000)).toBe(true);
    expect(jsonSurelyWithin({ payload: 'x'.repeat(2_000) }, 1_000)).toBe(false);
    expect(jsonSurelyWithin(['é'.repeat(10)], 1_000)).toBe(true);
    // toJSON decides its own text: left to the caller to measure.
    expect(jsonSurelyWithin({ ...job, at: new Date(0) }, 10_000)).toBe(false);
  });
});
