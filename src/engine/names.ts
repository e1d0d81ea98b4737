// Batch and job names. Random characters come from the injected seeded source.
import type { Random } from '../common/rng.js';
import type { Profile } from './profile.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The last second formatted (names made in one second share it: creates come in bursts). */
let lastSecond = Number.NaN;
let lastStamp = '';

function timestamp(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second === lastSecond) return lastStamp;
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  lastStamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  lastSecond = second;
  return lastStamp;
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

/**
 * Splits a full job name at its last `-` into batch name and short job name. `strict`: both parts
 * must be non-empty; `go`: as the reference's strings.Split does, either may be empty.
 */
export function parseJobName(full: string, split: 'strict' | 'go' = 'strict'): { batch: string; job: string } | undefined {
  const i = full.lastIndexOf('-');
  if (i < 0 || (split === 'strict' && (i === 0 || i === full.length - 1))) return undefined;
  return { batch: full.slice(0, i), job: full.slice(i + 1) };
}

/**
 * Why client-go refuses to put `name` in a request path (its rest.Request.Name checks), in its
 * words; undefined when it would send it. The reference answers such a lookup with 500 and this.
 */
export function clientGoNameError(name: string): string | undefined {
  if (name.length === 0) return 'resource name may not be empty';
  let problems: string[] = [];
  if (name === '.' || name === '..') problems = [`may not be '${name}'`];
  else for (const bad of ['/', '%']) if (name.includes(bad)) problems.push(`may not contain '${bad}'`);
  return problems.length ? `invalid resource name ${goQuote(name)}: [${problems.join(' ')}]` : undefined;
}

/** Go's %q of a string: double-quoted, with backslash escapes for quotes, backslashes and control characters. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
