const DAY_S = 86_400;
/** The day of the last call and its "YYYY-MM-DDT" (Date's own text, so every year reads as Date writes it). */
let day = Number.NaN;
let dayPrefix = '';

/** Two digits of 0-59. */
const two = (n: number): string => (n < 10 ? '0' + n : String(n));

/**
 * RFC 3339 with second precision in UTC, as Kubernetes serializes metav1.Time. The date part is
 * formatted once per day: a simulated month asks for ~30 of these a job (Date#toISOString ~1 µs).
 */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  const d = Math.floor(second / DAY_S);
  if (d !== day) {
    const iso = new Date(d * DAY_S * 1000).toISOString();
    day = d;
    dayPrefix = iso.slice(0, iso.indexOf('T') + 1);
  }
  const s = second - d * DAY_S;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return dayPrefix + two(h) + ':' + two(m) + ':' + two(s % 60) + 'Z';
}

let lastText = '';
let lastMs: number | undefined;

export function parseTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  // Timestamps repeat (one string per second is shared by every object written in it).
  if (text === lastText) return lastMs;
  const ms = Date.parse(text);
  lastText = text;
  lastMs = Number.isNaN(ms) ? undefined : ms;
  return lastMs;
}
