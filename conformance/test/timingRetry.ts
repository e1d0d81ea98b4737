// For the tests that run the whole kit in real time against a live control plane: a timing check
// measures the host as well as the server. On the shared 2-core development host, etcd once stalled
// for ~12 s (it logged a read that had started 12 s before), and a 10-s backoff read 23 s. Such a
// failure is run once more on its own before it counts; on the virtual clock nothing is, as
// timings there are exact. The kit itself retries nothing: a user's run reports what it saw.
import type { RunResult } from '../kit/runner.js';
import type { OutcomeStatus } from '../kit/types.js';

export interface Retried {
  id: string;
  first: string;
  second: OutcomeStatus;
}

/**
 * `result` with each failed timing check (tag `timing`, not in `known`) replaced by its outcome on a
 * second run (`rerun(ids)`, the kit with `only` those ids), and what was retried. Real time only.
 */
export async function retryTimingFailures(
  result: RunResult,
  rerun: (only: string[]) => Promise<RunResult>,
  known: Record<string, string> = {},
): Promise<{ result: RunResult; retried: Retried[] }> {
  if (result.caps.virtualClock) return { result, retried: [] };
  const failed = result.outcomes.filter((o) => o.status === 'failed' && o.tags.includes('timing') && !(o.id in known));
  if (failed.length === 0) return { result, retried: [] };
  const again = await rerun(failed.map((o) => o.id));
  const retried: Retried[] = [];
  const outcomes = result.outcomes.map((o) => {
    if (!failed.includes(o)) return o;
    const second = again.outcomes.find((x) => x.id === o.id);
    // Not run again (it would have to be, as it was selected): the first outcome stands.
    if (second === undefined) return o;
    const first = o.failure?.message ?? 'no message';
    retried.push({ id: o.id, first, second: second.status });
    return { ...second, notes: [...second.notes, `second run: the first failed (${first})`] };
  });
  return { result: { ...result, outcomes }, retried };
}
