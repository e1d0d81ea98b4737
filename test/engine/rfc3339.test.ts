// rfc3339 formats the date once per day and the time of day by hand: it must write exactly what
// Date#toISOString does at second precision, for any instant a Date can hold.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rfc3339 } from '../../src/cluster/time.js';

const byDate = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

describe('rfc3339', () => {
  it('writes what Date#toISOString writes, at second precision', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15 + 1000, max: 8.64e15 }), (ms) => {
        expect(rfc3339(ms)).toBe(byDate(ms));
      }),
      { numRuns: 5000 },
    );
  });

  it('is right across midnight, before 1970 and for fractions of a second', () => {
    for (const ms of [0, -1, -999, -1000, -1001, 86_399_999, 86_400_000, Date.UTC(2026, 2, 29, 1, 0, 0) - 1, Date.UTC(1969, 11, 31, 23, 59, 59, 500), 1.5, 8.64e15]) {
      expect(rfc3339(ms)).toBe(byDate(ms));
    }
    expect(rfc3339(Date.UTC(2026, 2, 1, 9, 5, 7, 999))).toBe('2026-03-01T09:05:07Z');
  });
});
