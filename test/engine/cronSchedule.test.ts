// The cron matcher against robfig/cron v3's documented behaviour (its spec_test.go tables, the
// six-field rows with second 0 written as five fields), daylight-saving changes included.
import { describe, expect, it } from 'vitest';
import { CronSpecError, parseGoDuration, parseSchedule } from '../../src/common/cronSchedule.js';
import { timeZoneProblem } from '../../src/common/cronZone.js';

const ms = (iso: string) => Date.parse(iso);
const next = (spec: string, from: string, zone = 'UTC') => {
  const t = parseSchedule(spec, zone).next(ms(from));
  return t === undefined ? undefined : new Date(t).toISOString();
};
const iso = (s: string) => new Date(s).toISOString();

describe('cron schedules: next tick (robfig TestNext)', () => {
  it.each([
    ['2012-07-09T14:45:00Z', '0/15 * * * *', '2012-07-09T15:00:00Z'],
    ['2012-07-09T14:59:00Z', '0/15 * * * *', '2012-07-09T15:00:00Z'],
    ['2012-07-09T14:59:59Z', '0/15 * * * *', '2012-07-09T15:00:00Z'],
    ['2012-07-09T15:45:00Z', '20-35/15 * * * *', '2012-07-09T16:20:00Z'],
    ['2012-07-09T23:46:00Z', '*/15 * * * *', '2012-07-10T00:00:00Z'],
    ['2012-07-09T23:45:00Z', '20-35/15 * * * *', '2012-07-10T00:20:00Z'],
    ['2012-07-09T23:35:51Z', '20-35/15 1/2 * * *', '2012-07-10T01:20:00Z'],
    ['2012-07-09T23:35:51Z', '20-35/15 10-12 * * *', '2012-07-10T10:20:00Z'],
    ['2012-07-09T23:35:51Z', '20-35/15 1/2 */2 * *', '2012-07-11T01:20:00Z'],
    ['2012-07-09T23:35:51Z', '20-35/15 * 9-20 * *', '2012-07-10T00:20:00Z'],
    ['2012-07-09T23:35:51Z', '20-35/15 * 9-20 Jul *', '2012-07-10T00:20:00Z'],
    ['2012-07-09T23:35:00Z', '0 0 9 Apr-Oct ?', '2012-08-09T00:00:00Z'],
    ['2012-07-09T23:35:00Z', '0 0 */5 Apr,Aug,Oct Mon', '2012-08-01T00:00:00Z'],
    ['2012-07-09T23:35:00Z', '0 0 */5 Oct Mon', '2012-10-01T00:00:00Z'],
    ['2012-07-09T23:35:00Z', '0 0 * Feb Mon', '2013-02-04T00:00:00Z'],
    ['2012-07-09T23:35:00Z', '0 0 * Feb Mon/2', '2013-02-01T00:00:00Z'],
    ['2012-12-31T23:59:45Z', '* * * * *', '2013-01-01T00:00:00Z'],
    ['2012-07-09T23:35:00Z', '0 0 29 Feb ?', '2016-02-29T00:00:00Z'],
  ])('from %s, "%s" -> %s', (from, spec, want) => {
    expect(next(spec, from)).toBe(iso(want));
  });

  it('an unsatisfiable schedule has no next tick (robfig gives up after five years)', () => {
    expect(next('0 0 30 Feb ?', '2012-07-09T23:35:00Z')).toBeUndefined();
    expect(next('0 0 31 Apr ?', '2012-07-09T23:35:00Z')).toBeUndefined();
  });
});

describe('cron schedules: daylight-saving changes (robfig TestNext, America/New_York)', () => {
  const NY = 'America/New_York';
  it.each([
    // Clocks go forward 02:00 EST -> 03:00 EDT on 2012-03-11: 02:30 does not exist that day.
    ['2012-03-11T00:00:00-05:00', '30 2 11 Mar ?', '2013-03-11T02:30:00-04:00'],
    ['2012-03-11T00:00:00-05:00', '0 * * * ?', '2012-03-11T01:00:00-05:00'],
    ['2012-03-11T01:00:00-05:00', '0 * * * ?', '2012-03-11T03:00:00-04:00'],
    ['2012-03-11T03:00:00-04:00', '0 * * * ?', '2012-03-11T04:00:00-04:00'],
    ['2012-03-11T00:00:00-05:00', '0 1 * * ?', '2012-03-11T01:00:00-05:00'],
    ['2012-03-11T01:00:00-05:00', '0 1 * * ?', '2012-03-12T01:00:00-04:00'],
    // 2am nightly job: skipped on the night 02:00 does not exist.
    ['2012-03-11T00:00:00-05:00', '0 2 * * ?', '2012-03-12T02:00:00-04:00'],
    // Clocks go back 02:00 EDT -> 01:00 EST on 2012-11-04: 01:00-01:59 happens twice.
    ['2012-11-04T00:00:00-04:00', '30 2 04 Nov ?', '2012-11-04T02:30:00-05:00'],
    ['2012-11-04T01:45:00-04:00', '30 1 04 Nov ?', '2012-11-04T01:30:00-05:00'],
    ['2012-11-04T00:00:00-04:00', '0 * * * ?', '2012-11-04T01:00:00-04:00'],
    ['2012-11-04T01:00:00-04:00', '0 * * * ?', '2012-11-04T01:00:00-05:00'],
    ['2012-11-04T01:00:00-05:00', '0 * * * ?', '2012-11-04T02:00:00-05:00'],
    // 1am nightly job: runs twice.
    ['2012-11-04T00:00:00-04:00', '0 1 * * ?', '2012-11-04T01:00:00-04:00'],
    ['2012-11-04T01:00:00-04:00', '0 1 * * ?', '2012-11-04T01:00:00-05:00'],
    ['2012-11-04T01:00:00-05:00', '0 1 * * ?', '2012-11-05T01:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', '0 2 * * ?', '2012-11-04T02:00:00-05:00'],
    ['2012-11-04T02:00:00-05:00', '0 2 * * ?', '2012-11-05T02:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', '0 3 * * ?', '2012-11-04T03:00:00-05:00'],
    ['2012-11-04T03:00:00-05:00', '0 3 * * ?', '2012-11-05T03:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', '0 3 3 * ?', '2012-12-03T03:00:00-05:00'],
  ])('from %s, "%s" -> %s', (from, spec, want) => {
    expect(next(spec, from, NY)).toBe(iso(want));
    // The same with the zone in a TZ= prefix (the cron section's zone is then ignored).
    expect(next(`TZ=${NY} ${spec}`, from, 'UTC')).toBe(iso(want));
    expect(next(`CRON_TZ=${NY} ${spec}`, from, 'Asia/Tokyo')).toBe(iso(want));
  });

  it('midnight that does not exist (America/Sao_Paulo, robfig issue 157)', () => {
    expect(next('0 9 10 * ?', '2018-10-17T05:00:00-04:00', 'America/Sao_Paulo')).toBe(iso('2018-11-10T06:00:00-05:00'));
    expect(next('0 9 22 * ?', '2018-02-14T05:00:00-05:00', 'America/Sao_Paulo')).toBe(iso('2018-02-22T07:00:00-05:00'));
  });

  it('every minute across Europe/Oslo changes: 60 fewer ticks in spring, 60 more in autumn', () => {
    const s = parseSchedule('* * * * *', 'Europe/Oslo');
    const count = (from: string, to: string) => {
      let n = 0;
      for (let t = s.next(ms(from) - 1)!; t < ms(to); t = s.next(t)!) n++;
      return n;
    };
    // Local days of 23 and 25 hours: ticks are every real minute either way.
    expect(count('2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00')).toBe(23 * 60);
    expect(count('2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00')).toBe(25 * 60);
    // 02:30 nightly: no tick on 2026-03-29; two on 2026-10-25.
    const nightly = parseSchedule('30 2 * * *', 'Europe/Oslo');
    expect(new Date(nightly.next(ms('2026-03-28T03:00:00+01:00'))!).toISOString()).toBe(iso('2026-03-30T02:30:00+02:00'));
    const first = nightly.next(ms('2026-10-25T00:00:00+02:00'))!;
    expect(new Date(first).toISOString()).toBe(iso('2026-10-25T02:30:00+02:00'));
    expect(new Date(nightly.next(first)!).toISOString()).toBe(iso('2026-10-25T02:30:00+01:00'));
  });
});

describe('cron schedules: activation (robfig TestActivation)', () => {
  const fires = (at: string, spec: string) => parseSchedule(spec).next(ms(at) - 1000) === ms(at);
  it.each([
    ['2012-07-09T15:00:00Z', '0/15 * * * *', true],
    ['2012-07-09T15:45:00Z', '0/15 * * * *', true],
    ['2012-07-09T15:40:00Z', '0/15 * * * *', false],
    ['2012-07-09T15:05:00Z', '5/15 * * * *', true],
    ['2012-07-09T15:50:00Z', '5/15 * * * *', true],
    ['2012-07-15T15:00:00Z', '0/15 * * Jul *', true],
    ['2012-07-15T15:00:00Z', '0/15 * * Jun *', false],
    ['2012-07-15T08:30:00Z', '30 08 ? Jul Sun', true],
    ['2012-07-15T08:30:00Z', '30 08 15 Jul ?', true],
    ['2012-07-16T08:30:00Z', '30 08 ? Jul Sun', false],
    ['2012-07-16T08:30:00Z', '30 08 15 Jul ?', false],
    ['2012-07-09T15:00:00Z', '@hourly', true],
    ['2012-07-09T15:04:00Z', '@hourly', false],
    ['2012-07-09T15:00:00Z', '@daily', false],
    ['2012-07-09T00:00:00Z', '@daily', true],
    ['2012-07-09T00:00:00Z', '@weekly', false],
    ['2012-07-08T00:00:00Z', '@weekly', true],
    ['2012-07-08T01:00:00Z', '@weekly', false],
    ['2012-07-08T00:00:00Z', '@monthly', false],
    ['2012-07-01T00:00:00Z', '@monthly', true],
    ['2012-01-01T00:00:00Z', '@yearly', true],
    ['2012-07-01T00:00:00Z', '@annually', false],
    ['2012-07-09T00:00:00Z', '@midnight', true],
    // Day of week and day of month both restricted: either may match; with a star, both must.
    ['2012-07-15T00:00:00Z', '* * 1,15 * Sun', true],
    ['2012-06-15T00:00:00Z', '* * 1,15 * Sun', true],
    ['2012-08-01T00:00:00Z', '* * 1,15 * Sun', true],
    ['2012-07-15T00:00:00Z', '* * */10 * Sun', true],
    ['2012-07-15T00:00:00Z', '* * * * Mon', false],
    ['2012-07-09T00:00:00Z', '* * 1,15 * *', false],
    ['2012-07-15T00:00:00Z', '* * 1,15 * *', true],
    ['2012-07-15T00:00:00Z', '* * */2 * Sun', true],
  ])('%s "%s": %s', (at, spec, expected) => {
    expect(fires(at, spec)).toBe(expected);
  });
});

describe('cron schedules: @every', () => {
  it('fires at whole-second intervals from the previous tick, at least one second apart', () => {
    expect(parseSchedule('@every 1h30m').next(ms('2026-01-01T00:00:00.400Z'))).toBe(ms('2026-01-01T01:30:00Z'));
    expect(parseSchedule('@every 1.5s').next(ms('2026-01-01T00:00:00Z'))).toBe(ms('2026-01-01T00:00:01Z'));
    expect(parseSchedule('@every 10ms').next(ms('2026-01-01T00:00:00Z'))).toBe(ms('2026-01-01T00:00:01Z'));
  });
  it('reads Go durations', () => {
    expect(parseGoDuration('1h30m')).toBe(5400e9);
    expect(parseGoDuration('-1.5h')).toBe(-5400e9);
    expect(parseGoDuration('300ms')).toBe(300e6);
    expect(parseGoDuration('0')).toBe(0);
    for (const bad of ['', '1', 'h', '.s', '1x', '1h 30m']) expect(() => parseGoDuration(bad)).toThrow(CronSpecError);
  });
});

describe('cron schedules: what the standard parser refuses', () => {
  it.each([
    ['', 'empty spec string'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['0 * * * * *', 'expected exactly 5 fields, found 6: [0 * * * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['* * * 13 *', 'end of range (13) above maximum (12): 13'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['x * * * *', 'failed to parse int from x'],
    ['* * * * L', 'failed to parse int from L'],
    // Go's Atoi reads a 64-bit int: past it, out of range (before the sign is looked at).
    ['*/99999999999999999999 * * * *', 'failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range'],
    ['*/-99999999999999999999 * * * *', 'failed to parse int from -99999999999999999999: strconv.Atoi: parsing "-99999999999999999999": value out of range'],
    ['*/-9223372036854775808 * * * *', 'negative number (-9223372036854775808) not allowed: */-9223372036854775808'],
    ['-5 * * * *', 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
    ['9223372036854775807 * * * *', 'end of range (9223372036854775807) above maximum (59): 9223372036854775807'],
    ['3-9007199254740993 * * * *', 'end of range (9007199254740993) above maximum (59): 3-9007199254740993'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['@every 1x', 'failed to parse duration @every 1x'],
    ['TZ=Nowhere/City * * * * *', 'provided bad location Nowhere/City'],
    ['TZ=UTC', 'a time zone prefix needs a schedule after it'],
  ])('"%s": %s', (spec, message) => {
    expect(() => parseSchedule(spec)).toThrow(CronSpecError);
    expect(() => parseSchedule(spec)).toThrow(message);
  });
  it('accepts names in any case, ? and +N as robfig does', () => {
    expect(() => parseSchedule('0 12 ? jan-MAR mon-Fri')).not.toThrow();
    expect(next('+5 * * * *', '2026-01-01T00:00:00Z')).toBe(iso('2026-01-01T00:05:00Z'));
    // A step of int64's largest value: only the start of the range.
    expect(next('*/9223372036854775807 * * * *', '2026-01-01T00:00:00Z')).toBe(iso('2026-01-01T01:00:00Z'));
  });
});

describe('time zones as Go loads them', () => {
  it('knows IANA names, case-sensitively; "" and Local are UTC', () => {
    expect(timeZoneProblem('Europe/Oslo')).toBeUndefined();
    expect(timeZoneProblem('UTC')).toBeUndefined();
    expect(timeZoneProblem('')).toBeUndefined();
    expect(timeZoneProblem('Local')).toBeUndefined();
    expect(timeZoneProblem('Not/AZone')).toMatch(/unknown time zone "Not\/AZone"/);
    expect(timeZoneProblem('europe/oslo')).toMatch(/case-sensitive: "Europe\/Oslo"/);
  });
});
