// Each node's cpu utilisation over a simulation, for the report's heat map: the samples of the run
// fall into at most NODE_BINS time bins, and a bin holds the mean and the highest, over its samples,
// of the node's requested / allocatable cpu while the node was up. Fixed size whatever the horizon:
// a month sampled every minute is still 240 cells a node. The highest is what the heat map shows: in
// a month a bin is 3 hours, and the mean of a nightly batch's half hour of full nodes reads as ~15%.

export const NODE_BINS = 240;

export interface NodeUtilisationReport {
  /** Start of each bin, in seconds since the start of the run. */
  binStarts: number[];
  /**
   * Per node, in name order, per bin: the mean ratio (`cpu`) and the highest (`cpuPeak`), 0-1 to 3
   * decimals; null where the node was up at none of the bin's samples.
   */
  nodes: { name: string; cpu: (number | null)[]; cpuPeak: (number | null)[] }[];
}

export class NodeUtilisation {
  private readonly bins: number;
  /** node -> per bin, the sum and the highest of its samples' ratios, and how many samples found it up */
  private readonly byNode = new Map<string, { sums: Float64Array; peaks: Float64Array; counts: Uint32Array }>();

  /** `samples`: how many samples the run takes, `sampleSeconds` apart from 0. */
  constructor(
    private readonly samples: number,
    private readonly sampleSeconds: number,
  ) {
    this.bins = Math.max(1, Math.min(NODE_BINS, samples));
  }

  private bin(index: number): number {
    return Math.min(this.bins - 1, Math.floor((index * this.bins) / this.samples));
  }

  /** Sample `index` (0, 1, ...) found `node` up, with this much cpu requested and allocatable (millicores). */
  add(index: number, node: string, requestedMillis: number, allocatableMillis: number): void {
    let cells = this.byNode.get(node);
    if (!cells) this.byNode.set(node, (cells = { sums: new Float64Array(this.bins), peaks: new Float64Array(this.bins), counts: new Uint32Array(this.bins) }));
    const b = this.bin(index);
    const ratio = allocatableMillis > 0 ? Math.min(1, requestedMillis / allocatableMillis) : 0;
    cells.sums[b]! += ratio;
    if (ratio > cells.peaks[b]!) cells.peaks[b] = ratio;
    cells.counts[b]!++;
  }

  report(): NodeUtilisationReport {
    const binStarts: number[] = [];
    for (let b = 0; b < this.bins; b++) binStarts.push(Math.ceil((b * this.samples) / this.bins) * this.sampleSeconds);
    const names = [...this.byNode.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      binStarts,
      nodes: names.map((name) => {
        const { sums, peaks, counts } = this.byNode.get(name)!;
        return {
          name,
          cpu: Array.from(sums, (sum, b) => (counts[b]! > 0 ? round3(sum / counts[b]!) : null)),
          cpuPeak: Array.from(peaks, (peak, b) => (counts[b]! > 0 ? round3(peak) : null)),
        };
      }),
    };
  }
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
