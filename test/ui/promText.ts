// Reads a Prometheus text exposition with prom2javascript into lookups by name and labels.
import { getMetricsFromIterator, type PromMetrics } from 'prom2javascript';

type Sample = { labels: Record<string, string>; value?: number; count?: number };

export interface Scrape {
  families: PromMetrics;
  /** The value of the first sample whose labels include `labels` (a histogram's count), or undefined. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** The sum over every sample of a family whose labels include `labels`. */
  total(name: string, labels?: Record<string, string>): number;
  /** Every sample's labels. */
  labels(name: string): Record<string, string>[];
}

/** A sample whose value is NaN (prom-client writes `Nan`, e.g. the event-loop lag before its first sample). */
const NAN_SAMPLE = /^\w+(\{.*\})?\s+nan$/i;

export async function parseScrape(text: string): Promise<Scrape> {
  // Prometheus reads NaN in any case; prom2javascript reads no NaN at all, so such samples are left out.
  const lines = text.split('\n').filter((line) => !NAN_SAMPLE.test(line));
  const families = await getMetricsFromIterator(lines[Symbol.iterator]());
  const samples = (name: string) => (families[name]?.data ?? []) as Sample[];
  const matching = (name: string, labels: Record<string, string> = {}) => samples(name).filter((m) => Object.entries(labels).every(([k, v]) => m.labels[k] === v));
  const num = (m: Sample) => Number(m.value ?? m.count);
  return {
    families,
    value: (name, labels) => {
      const m = matching(name, labels)[0];
      return m ? num(m) : undefined;
    },
    total: (name, labels) => matching(name, labels).reduce((a, m) => a + num(m), 0),
    labels: (name) => samples(name).map((m) => m.labels),
  };
}
