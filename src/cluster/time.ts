/** RFC 3339 with second precision in UTC, as Kubernetes serializes metav1.Time. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
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
