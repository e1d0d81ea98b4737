// The report's per-node utilisation: samples fall into at most NODE_BINS bins of the run, each the
// mean and the highest ratio of the samples in it, null where the node was up at none of them.
import { describe, expect, it } from 'vitest';
import { NODE_BINS, NodeUtilisation } from '../../src/runtime/nodeUtilisation.js';

describe('NodeUtilisation', () => {
  it('keeps one bin per sample when there are few, and the mean of each bin when there are many', () => {
    const few = new NodeUtilisation(3, 60);
    few.add(0, 'b', 500, 1000);
    few.add(1, 'b', 1000, 1000);
    few.add(2, 'b', 0, 1000);
    few.add(1, 'a', 250, 1000);
    expect(few.report()).toEqual({
      binStarts: [0, 60, 120],
      // Name order; `a` was up only at the second sample.
      nodes: [
        { name: 'a', cpu: [null, 0.25, null], cpuPeak: [null, 0.25, null] },
        { name: 'b', cpu: [0.5, 1, 0], cpuPeak: [0.5, 1, 0] },
      ],
    });

    // 2 * NODE_BINS samples: two samples a bin.
    const many = new NodeUtilisation(2 * NODE_BINS, 10);
    for (let i = 0; i < 2 * NODE_BINS; i++) many.add(i, 'n', i % 2 === 0 ? 1000 : 0, 2000);
    const r = many.report();
    expect(r.binStarts).toHaveLength(NODE_BINS);
    expect(r.binStarts.slice(0, 3)).toEqual([0, 20, 40]);
    expect(r.nodes[0]!.cpu.every((v) => v === 0.25)).toBe(true);
    // The highest of each bin's two samples: the half-full one.
    expect(r.nodes[0]!.cpuPeak.every((v) => v === 0.5)).toBe(true);
  });

  it('shows a short peak in a long bin: the mean dilutes it, the highest keeps it', () => {
    // 18 samples into one bin (a 3 h bin sampled every 10 min), the node full for 2 of them.
    const u = new NodeUtilisation(18 * NODE_BINS, 600);
    for (let i = 0; i < 18; i++) u.add(i, 'n', i === 6 || i === 7 ? 16_000 : 800, 16_000);
    const node = u.report().nodes[0]!;
    expect(node.cpu[0]).toBe(0.156); // (2 x 1 + 16 x 0.05) / 18
    expect(node.cpuPeak[0]).toBe(1);
    expect(node.cpu[1]).toBeNull();
    expect(node.cpuPeak[1]).toBeNull();
  });

  it('spreads an uneven number of samples over the bins, each sample in exactly one', () => {
    const samples = NODE_BINS + 7;
    const u = new NodeUtilisation(samples, 1);
    for (let i = 0; i < samples; i++) u.add(i, 'n', 1, 1);
    const r = u.report();
    expect(r.binStarts).toHaveLength(NODE_BINS);
    // Bin starts rise, the first at 0, the last before the last sample.
    for (let b = 1; b < NODE_BINS; b++) expect(r.binStarts[b]!).toBeGreaterThan(r.binStarts[b - 1]!);
    expect(r.binStarts[0]).toBe(0);
    expect(r.binStarts[NODE_BINS - 1]!).toBeLessThanOrEqual(samples - 1);
    expect(r.nodes[0]!.cpu.every((v) => v === 1)).toBe(true);
  });

  it('caps a node over-committed in the samples at 1 and reads a node without cpu as 0', () => {
    const u = new NodeUtilisation(2, 60);
    u.add(0, 'n', 3000, 1000);
    u.add(1, 'n', 0, 0);
    expect(u.report().nodes[0]!.cpu).toEqual([1, 0]);
    expect(u.report().nodes[0]!.cpuPeak).toEqual([1, 0]);
  });
});
