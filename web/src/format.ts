// How times, durations and quantities read on the page.

export function seconds(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** 2026-01-01T00:00:05Z -> 00:00:05 (the date when it is not today's in the clock's terms). */
export function clockTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return iso.replace(/^\d{4}-\d{2}-\d{2}T/, '').replace(/(\.\d+)?Z$/, '');
}

export function cpu(millis: number): string {
  return millis % 1000 === 0 ? `${millis / 1000}` : `${millis}m`;
}

export function memory(bytes: number): string {
  const units = ['B', 'Ki', 'Mi', 'Gi', 'Ti'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)}${units[i]}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
