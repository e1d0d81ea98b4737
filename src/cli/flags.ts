// Parsers of command-line values, each with its bounds: a value out of range is a usage error
// (exit 2) with one clear line, never something a library deep inside trips over later.
import bytes from 'bytes';
import { InvalidArgumentError } from 'commander';
import { COMPONENT_NAME } from '../engine/types.js';

/** An integer from `min` to `max`. */
export function integer(min: number, max: number) {
  return (value: string): number => {
    const n = /^[+-]?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`It must be an integer from ${min} to ${max}.`);
    return n;
  };
}

/** A value that must not be empty (`--host ""` bound every interface). */
export function nonEmpty(what: string) {
  return (value: string): string => {
    if (value.trim() === '') throw new InvalidArgumentError(`It must be ${what}, not empty.`);
    return value;
  };
}

/** `--component`: a name radixconfig would take for a job component (it goes into every object's name). */
export function componentName(value: string): string {
  if (value.length > COMPONENT_NAME.maxLength || !new RegExp(COMPONENT_NAME.pattern).test(value)) {
    throw new InvalidArgumentError(`It must be a job component name as radixconfig takes one: lowercase letters, digits and '-', starting and ending with a letter or digit, at most ${COMPONENT_NAME.maxLength} characters.`);
  }
  return value;
}

/** `--seed`: digits are the number a scenario file's `seed: 7` gives; anything else is a string seed. */
export function seedOf(text: string): number | string {
  // Digits past 2^53 stay a string: as a number two such seeds could be the same double.
  return /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

/** A number from `min` (or above it, with `exclusiveMin`) to `max`. */
export function decimal(min: number, max: number, opts: { exclusiveMin?: boolean; unit?: string } = {}) {
  return (value: string): number => {
    const n = value.trim() === '' ? Number.NaN : Number(value);
    const low = opts.exclusiveMin ? n > min : n >= min;
    if (!(low && n <= max)) {
      throw new InvalidArgumentError(`It must be a number ${opts.exclusiveMin ? `above ${min}` : `from ${min}`}${opts.exclusiveMin ? ' and at most' : ' to'} ${max}${opts.unit ? ` ${opts.unit}` : ''}.`);
    }
    return n;
  };
}

/** A TCP port; 0 lets the system choose one (jobsim then says which). */
export const port = integer(0, 65535);

/**
 * Largest request body the server may be told to accept: JSON text must become one JavaScript
 * string (at most about 512 MiB) and then objects several times its size.
 */
export const MAX_BODY_LIMIT = 256 * 1024 * 1024;

/** A size such as `32mb`, `512kb` or `1048576` (bytes), from 1 byte to MAX_BODY_LIMIT. */
export function bodyLimit(value: string): string {
  const n = bytes.parse(value);
  if (n === null || !Number.isFinite(n) || n < 1 || n > MAX_BODY_LIMIT) {
    throw new InvalidArgumentError(`It must be a size such as 32mb, 512kb or 1048576 (bytes), at most ${bytes.format(MAX_BODY_LIMIT)}.`);
  }
  return value;
}

/** A combination of flags that cannot be used (exit 2, as a bad flag value). */
export class UsageError extends Error {}

/** A comma-separated list of whole virtual days from 1 to `max`, e.g. `1,10,20,30`. */
export function dayList(max: number) {
  const day = integer(1, max);
  return (value: string): number[] => {
    try {
      return value.split(',').map(day);
    } catch {
      throw new InvalidArgumentError(`It must be whole days from 1 to ${max}, separated by commas (1,10,20,30).`);
    }
  };
}
