// How loaded the host's memory system is right now: the time of one dependent load over a
// 64 MiB random cycle (each load's address comes from the previous one, so nothing overlaps).
// The 100,000-job run is bound by cold memory accesses, and on a shared host their latency moves
// by 2x within minutes; reported next to each result so runs are compared like for like.
const SLOTS = 16 << 20; // 16 Mi Int32 = 64 MiB, twice the L3 cache of this machine
const LOADS = 2_500_000;

let cycle: Int32Array | undefined;

/** One cycle through all `slots` (Sattolo's shuffle, fixed seed): a[i] is the slot after i. */
export function randomCycle(slots: number): Int32Array {
  const a = new Int32Array(slots);
  for (let i = 0; i < slots; i++) a[i] = i;
  let x = 0x9e3779b9;
  for (let i = slots - 1; i > 0; i--) {
    x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x6d2b79f5) >>> 0;
    const j = x % i;
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/** Nanoseconds per dependent load over 64 MiB (lower is a quieter host). */
export function memoryLatencyNs(): number {
  const a = (cycle ??= randomCycle(SLOTS));
  let j = 0;
  const t0 = performance.now();
  for (let i = 0; i < LOADS; i++) j = a[j]!;
  const ms = performance.now() - t0;
  if (j < 0) throw new Error('unreachable'); // keeps the loop's result alive
  return Math.round((ms * 1e6) / LOADS);
}

/** Frees the probe's 64 MiB (so it does not count in a benchmark's heap figures). */
export function releaseProbe(): void {
  cycle = undefined;
}
