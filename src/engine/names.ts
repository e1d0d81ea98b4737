// Batch and job names. Random characters come from the injected seeded source.
import type { Random } from '../common/rng.js';
import type { Profile } from './profile.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function timestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/**
 * documented: `batch-<component>-<yyyymmddhhmmss>-<8>`; radix: the component's first 12 characters
 * padded with random characters to 16 (46 characters in all).
 */
export function batchName(component: string, nowMs: number, rng: Random, profile: Profile): string {
  let part = component.toLowerCase();
  if (profile.namePadding) {
    part = part.slice(0, 12);
    part += rng.string(16 - part.length, ALPHABET);
  }
  return `batch-${part}-${timestamp(nowMs)}-${rng.string(8, ALPHABET)}`;
}

export function shortJobName(rng: Random): string {
  return rng.string(8, ALPHABET);
}

/** Splits a full job name at its last `-` into batch name and short job name. */
export function parseJobName(full: string): { batch: string; job: string } | undefined {
  const i = full.lastIndexOf('-');
  if (i <= 0 || i === full.length - 1) return undefined;
  return { batch: full.slice(0, i), job: full.slice(i + 1) };
}
