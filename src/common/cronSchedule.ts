// Cron schedules as the reference reads them: robfig/cron v3's standard parser (five fields: minute,
// hour, day of month, month, day of week; names such as JAN or MON; `*`, `?`, ranges, lists and
// steps; the descriptors @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly and
// `@every <duration>`; an optional `TZ=<zone> ` or `CRON_TZ=<zone> ` prefix), evaluated in a time zone.
//
// Which instants a schedule fires at: every whole minute whose wall-clock time in the zone matches
// the fields. That is robfig's documented behaviour across daylight-saving changes: a local time
// that does not exist (02:30 on the night clocks go forward) is skipped that day, and one that
// happens twice (01:30 on the night clocks go back) fires twice. Two popular JavaScript cron
// libraries (croner 11, cron-parser 5) move a nonexistent time to the next hour and fire a repeated
// one once, so the matcher is written here. As in robfig, no tick within five years means never.
import { TimeZone } from './cronZone.js';

export class CronSpecError extends Error {}

export interface Schedule {
  /** The first tick strictly after `afterMs`, or undefined when none comes within five years. */
  next(afterMs: number): number | undefined;
}


interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** A field's allowed values, plus whether it was written as `*` or `?` (day matching depends on it). */
interface FieldSet {
  values: boolean[];
  star: boolean;
}

function fieldSet(bounds: Bounds, star: boolean, pick: (v: number) => boolean = () => true): FieldSet {
  const values: boolean[] = [];
  for (let v = 0; v <= bounds.max; v++) values.push(v >= bounds.min && pick(v));
  return { values, star };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Go's strconv.Atoi (a 64-bit int) as robfig uses it: an optional sign and decimal digits, within
 * int64; negatives refused. A value past 2^53 is kept approximately: it only ever fails a range
 * check or steps past every value of a field.
 */
function integer(text: string, expr: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new CronSpecError(`failed to parse int from ${text}: strconv.Atoi: parsing "${text}": invalid syntax`);
  const exact = BigInt(text);
  if (exact < INT64_MIN || exact > INT64_MAX) throw new CronSpecError(`failed to parse int from ${text}: strconv.Atoi: parsing "${text}": value out of range`);
  if (exact < 0n) throw new CronSpecError(`negative number (${exact}) not allowed: ${expr}`);
  return Number(exact);
}

function intOrName(text: string, bounds: Bounds, expr: string): number {
  const named = bounds.names?.[text.toLowerCase()];
  return named ?? integer(text, expr);
}

/** One comma-separated part: `*`, `?`, `N`, `N-M`, each optionally `/step` (`N/step` means N-max). */
function addRange(expr: string, bounds: Bounds, into: FieldSet): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = intOrName(lowAndHigh[0]!, bounds, expr);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = intOrName(lowAndHigh[1]!, bounds, expr);
    else throw new CronSpecError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = integer(rangeAndStep[1]!, expr);
    if (lowAndHigh.length === 1) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronSpecError(`too many slashes: ${expr}`);
  }
  // As Go prints them (%d): a value past 2^53 came from digits, and is shown from them.
  const shown = (v: number, text: string) => (Number.isSafeInteger(v) ? String(v) : String(BigInt(text)));
  const startShown = () => shown(start, lowAndHigh[0]!);
  const endShown = () => shown(end, lowAndHigh[lowAndHigh.length - 1]!);
  if (start < bounds.min) throw new CronSpecError(`beginning of range (${startShown()}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new CronSpecError(`end of range (${endShown()}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new CronSpecError(`beginning of range (${startShown()}) beyond end of range (${endShown()}): ${expr}`);
  if (step === 0) throw new CronSpecError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) into.values[v] = true;
  if (star) into.star = true;
}

function parseField(text: string, bounds: Bounds): FieldSet {
  const set = fieldSet(bounds, false, () => false);
  // Empty parts ("1,,2") are dropped, as Go's strings.FieldsFunc does.
  for (const part of text.split(',')) if (part !== '') addRange(part, bounds, set);
  return set;
}

interface Fields {
  minute: FieldSet;
  hour: FieldSet;
  dom: FieldSet;
  month: FieldSet;
  dow: FieldSet;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** A schedule of fields, matched against the wall clock of a zone. */
class FieldSchedule implements Schedule {
  constructor(
    private readonly f: Fields,
    private readonly zone: TimeZone,
  ) {}

  private dayMatches(day: number, weekday: number): boolean {
    const dom = this.f.dom.values[day]!;
    const dow = this.f.dow.values[weekday]!;
    // With a `*` in either field both must match; otherwise either may (robfig's dayMatches).
    return this.f.dom.star || this.f.dow.star ? dom && dow : dom || dow;
  }

  next(afterMs: number): number | undefined {
    // The first whole minute strictly after `afterMs` (robfig starts at the next whole second and
    // these schedules fire at second 0).
    let t = Math.ceil((Math.floor(afterMs / 1000) * 1000 + 1000) / MINUTE_MS) * MINUTE_MS;
    const yearLimit = this.zone.wallClock(t).year + 5;
    for (;;) {
      const w = this.zone.wallClock(t);
      if (w.year > yearLimit) return undefined;
      if (!this.f.month.values[w.month]) {
        t = this.towards(t, w, Date.UTC(w.year, w.month, 1));
        continue;
      }
      if (!this.dayMatches(w.day, w.weekday)) {
        t = this.towards(t, w, Date.UTC(w.year, w.month - 1, w.day + 1));
        continue;
      }
      if (!this.f.hour.values[w.hour]) {
        t += (60 - w.minute) * MINUTE_MS;
        continue;
      }
      if (!this.f.minute.values[w.minute]) {
        let m = w.minute + 1;
        while (m < 60 && !this.f.minute.values[m]) m++;
        t += (m - w.minute) * MINUTE_MS;
        continue;
      }
      return t;
    }
  }

  /**
   * Moves towards a local wall-clock time (the next month or day) without passing any instant
   * that could match: a daylight-saving change on the way shifts where an absolute jump lands by
   * up to an hour or two, so long jumps stop 3 hours short and the rest goes an hour at a time.
   */
  private towards(t: number, w: { year: number; month: number; day: number; hour: number; minute: number }, targetLocal: number): number {
    const delta = targetLocal - Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
    if (delta > 3 * HOUR_MS) return t + delta - 3 * HOUR_MS;
    return t + (60 - w.minute) * MINUTE_MS;
  }
}

/** `@every <duration>`: at fixed intervals of whole seconds (at least one) from the previous tick. */
class EverySchedule implements Schedule {
  constructor(readonly delayMs: number) {}

  next(afterMs: number): number {
    return Math.floor(afterMs / 1000) * 1000 + this.delayMs;
  }
}

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration, in nanoseconds: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, e.g. "1h30m", "1.5s". */
export function parseGoDuration(text: string): number {
  const bad = () => new CronSpecError(`time: invalid duration "${text}"`);
  let s = text;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw bad();
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const whole = m[1]!;
    const frac = m[2];
    if (whole === '' && (frac === undefined || frac === '')) throw bad();
    s = s.slice(m[0].length);
    let i = 0;
    while (i < s.length && s[i] !== '.' && !(s[i]! >= '0' && s[i]! <= '9')) i++;
    if (i === 0) throw new CronSpecError(`time: missing unit in duration "${text}"`);
    const unit = s.slice(0, i);
    s = s.slice(i);
    const ns = UNIT_NS[unit];
    if (ns === undefined) throw new CronSpecError(`time: unknown unit "${unit}" in duration "${text}"`);
    total += Number(whole || '0') * ns + (frac ? Number(`0.${frac}`) * ns : 0);
    if (total > 9_223_372_036_854_775_807) throw bad();
  }
  return sign * total;
}

function descriptor(spec: string, zone: TimeZone): Schedule {
  const all = (b: Bounds) => fieldSet(b, true);
  const only = (b: Bounds, v: number) => fieldSet(b, false, (x) => x === v);
  const at = (minute: FieldSet, hour: FieldSet, dom: FieldSet, month: FieldSet, dow: FieldSet) => new FieldSchedule({ minute, hour, dom, month, dow }, zone);
  switch (spec) {
    case '@yearly':
    case '@annually':
      return at(only(MINUTES, 0), only(HOURS, 0), only(DOM, 1), only(MONTHS, 1), all(DOW));
    case '@monthly':
      return at(only(MINUTES, 0), only(HOURS, 0), only(DOM, 1), all(MONTHS), all(DOW));
    case '@weekly':
      return at(only(MINUTES, 0), only(HOURS, 0), all(DOM), all(MONTHS), only(DOW, 0));
    case '@daily':
    case '@midnight':
      return at(only(MINUTES, 0), only(HOURS, 0), all(DOM), all(MONTHS), all(DOW));
    case '@hourly':
      return at(only(MINUTES, 0), all(HOURS), all(DOM), all(MONTHS), all(DOW));
  }
  if (spec.startsWith('@every ')) {
    let ns: number;
    try {
      ns = parseGoDuration(spec.slice('@every '.length));
    } catch (err) {
      throw new CronSpecError(`failed to parse duration ${spec}: ${(err as Error).message}`);
    }
    // robfig: at least one second, rounded down to whole seconds.
    const seconds = ns < 1e9 ? 1 : Math.floor(ns / 1e9);
    return new EverySchedule(seconds * 1000);
  }
  throw new CronSpecError(`unrecognized descriptor: ${spec}`);
}

const zones = new Map<string, TimeZone>();

function zoneNamed(name: string): TimeZone {
  let zone = zones.get(name);
  if (!zone) zones.set(name, (zone = new TimeZone(name)));
  return zone;
}

/**
 * Parses a schedule as robfig/cron v3's standard parser does, in `timeZone` (the cron section's;
 * a `TZ=` prefix in the spec wins). Throws CronSpecError with robfig's wording.
 */
export function parseSchedule(spec: string, timeZone = 'UTC'): Schedule {
  if (spec.length === 0) throw new CronSpecError('empty spec string');
  let zoneName = timeZone;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    // robfig slices up to the first space and panics without one; refuse it instead.
    if (space < 0) throw new CronSpecError(`a time zone prefix needs a schedule after it: ${spec}`);
    zoneName = spec.slice(spec.indexOf('=') + 1, space);
    try {
      zoneNamed(zoneName);
    } catch (err) {
      throw new CronSpecError(`provided bad location ${zoneName}: ${(err as Error).message}`);
    }
    spec = spec.slice(space).trim();
  }
  const zone = zoneNamed(zoneName);
  if (spec.startsWith('@')) return descriptor(spec, zone);
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) throw new CronSpecError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  return new FieldSchedule(
    {
      minute: parseField(fields[0]!, MINUTES),
      hour: parseField(fields[1]!, HOURS),
      dom: parseField(fields[2]!, DOM),
      month: parseField(fields[3]!, MONTHS),
      dow: parseField(fields[4]!, DOW),
    },
    zone,
  );
}
