// Wall-clock fields of an instant in an IANA time zone, for cron schedules. The zone's UTC offset
// comes from Intl (the runtime's time zone database); offsets are cached per 15-minute bucket, since
// every zone in use changes its offset only on such a boundary, so a schedule ticking every minute
// asks Intl once a quarter of an hour instead of once a tick.

export interface WallClock {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  /** 0 (Sunday) - 6 */
  weekday: number;
  hour: number;
  minute: number;
  second: number;
}

const BUCKET_MS = 15 * 60 * 1000;
const MAX_CACHED = 4096;

/** Zone names as Go's time.LoadLocation takes them: "" and "UTC" are UTC; "Local" is the process's zone (UTC in a container). */
export function normalizeZone(name: string): string {
  return name === '' || name === 'Local' ? 'UTC' : name;
}

/**
 * Why `name` is not a time zone Go's time.LoadLocation would load, or undefined when it is. Go looks
 * the name up as a file of the zone database, so the name is case-sensitive ("europe/oslo" fails)
 * while Intl is not: a name Intl resolves to a different spelling of itself is refused.
 */
export function timeZoneProblem(name: string): string | undefined {
  const zone = normalizeZone(name);
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return `unknown time zone "${name}" (an IANA name such as "UTC" or "Europe/Oslo")`;
  }
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase()) return `unknown time zone "${name}" (time zone names are case-sensitive: "${resolved}")`;
  return undefined;
}

export class TimeZone {
  private readonly format: Intl.DateTimeFormat | undefined;
  private readonly offsets = new Map<number, number>();

  constructor(readonly name: string) {
    const zone = normalizeZone(name);
    const problem = timeZoneProblem(zone);
    if (problem) throw new Error(problem);
    this.format =
      zone === 'UTC' || zone === 'Etc/UTC'
        ? undefined
        : new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  }

  /** The zone's offset from UTC at `ms`, in ms (local = utc + offset). */
  offsetAt(ms: number): number {
    if (!this.format) return 0;
    const bucket = Math.floor(ms / BUCKET_MS);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      const at = bucket * BUCKET_MS;
      const p: Record<string, number> = {};
      for (const part of this.format.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - at;
      if (this.offsets.size >= MAX_CACHED) this.offsets.clear();
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  wallClock(ms: number): WallClock {
    const d = new Date(ms + this.offsetAt(ms));
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      weekday: d.getUTCDay(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    };
  }
}
