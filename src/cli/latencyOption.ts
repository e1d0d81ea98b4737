// `--latency` of serve, simulate and bench, read in one place: a model that cannot be read or is
// invalid is a usage error naming the flag (exit 2), as any other unusable option.
import { LatencyError, parseLatencyOption, type LatencyModel } from '../sim/latency.js';
import { UsageError } from './flags.js';

export function latencyOption(value: string | undefined): LatencyModel | undefined {
  if (value === undefined) return undefined;
  try {
    return parseLatencyOption(value);
  } catch (err) {
    throw err instanceof LatencyError ? new UsageError(err.message) : err;
  }
}
