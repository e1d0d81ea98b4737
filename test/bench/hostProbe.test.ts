// The host probe's walk must be one cycle through every slot: a shorter cycle would fit in the
// cache and report a quiet host whatever the load.
import { describe, expect, it } from 'vitest';
import { memoryLatencyNs, randomCycle, releaseProbe } from '../../bench/hostProbe.js';

describe('host memory probe', () => {
  it('walks one cycle through every slot', () => {
    for (const slots of [2, 3, 1000, 65_536]) {
      const a = randomCycle(slots);
      const seen = new Uint8Array(slots);
      let j = 0;
      for (let i = 0; i < slots; i++) {
        expect(seen[j]).toBe(0);
        seen[j] = 1;
        j = a[j]!;
      }
      expect(j).toBe(0); // back at the start after exactly `slots` steps
    }
  });

  it('reports a positive whole number of nanoseconds', () => {
    const ns = memoryLatencyNs();
    releaseProbe();
    expect(Number.isInteger(ns)).toBe(true);
    expect(ns).toBeGreaterThan(0);
  });
});
