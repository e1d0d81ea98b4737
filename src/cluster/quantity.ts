// Kubernetes resource quantities (resource.Quantity): "300m", "1.5", "16Mi", "1e3", "2G".

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|([eE][+-]?\d+))?$/;

/**
 * Parsed quantities by text: a simulation reads the same few ("500m", "1", "64Gi") on every pod it
 * schedules, counts and samples, and a regex match each time was ~1% of a simulated day.
 */
const parsed = new Map<string, number | undefined>();

/** Parses a quantity into its numeric value (cores for cpu, bytes for memory); undefined if malformed. */
export function parseQuantity(text: string): number | undefined {
  const known = parsed.get(text);
  if (known !== undefined || parsed.has(text)) return known;
  // Bounded: texts that never repeat (a fuzzer's) start the table afresh past 1,024.
  if (parsed.size >= 1024) parsed.clear();
  const value = parse(text);
  parsed.set(text, value);
  return value;
}

function parse(text: string): number | undefined {
  const m = QUANTITY.exec(text.trim());
  if (!m || text.trim() !== text) return undefined;
  const base = Number(m[1]);
  if (!Number.isFinite(base)) return undefined;
  // As one number: 0e400 is 0 (0 * 10 ** 400 would be NaN), 1e400 is Infinity (saturated by callers).
  if (m[3]) return Number(m[1] + m[3]);
  const suffix = m[2] ?? '';
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  return factor === undefined ? undefined : base * factor;
}

export function isValidQuantity(text: string): boolean {
  const v = parseQuantity(text);
  return v !== undefined && v >= 0;
}

/**
 * Largest amount the scheduler's arithmetic uses: Kubernetes saturates a quantity's value at the
 * int64 maximum; jobsim saturates where a double is still exact, so "1e400" or "5994Ei" is a very
 * large amount, never Infinity (whose differences are NaN).
 */
export const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

/** cpu in millicores, rounded up as the scheduler does (saturating at MAX_AMOUNT). */
export function cpuMillis(text: string | undefined): number {
  if (text === undefined) return 0;
  // `+ 0`: zero comes out of the ceiling as -0.
  return Math.min(MAX_AMOUNT, Math.ceil((parseQuantity(text) ?? 0) * 1000 - 1e-9) + 0);
}

/** memory in bytes, rounded up (saturating at MAX_AMOUNT). */
export function memoryBytes(text: string | undefined): number {
  if (text === undefined) return 0;
  return Math.min(MAX_AMOUNT, Math.ceil(parseQuantity(text) ?? 0));
}
