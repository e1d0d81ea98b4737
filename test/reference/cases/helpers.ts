// Small helpers the case files share.
import type { Exchange } from '../support/rawHttp.js';
import type { CaseContext } from '../support/cases.js';

/** A JSON request body. */
export const json = (body: unknown) => ({ body: JSON.stringify(body) });

/** Variables that make a job's container run `seconds` and exit with `code` (the workload protocol). */
export const workload = (seconds: number, code = 0): Record<string, string> => ({ WORKLOAD_SECONDS: String(seconds), ...(code ? { WORKLOAD_EXIT_CODE: String(code) } : {}) });

export function nameOf(r: Exchange): string {
  const name = (r.json as { name?: string } | undefined)?.name;
  if (!name) throw new Error(`no name in the answer ${r.status} ${r.text.slice(0, 300)}`);
  return name;
}

export function jobNamesOf(r: Exchange): string[] {
  return ((r.json as { jobStatuses?: { name: string }[] } | undefined)?.jobStatuses ?? []).map((j) => j.name);
}

/**
 * Records a list answer with its items in name order after normalisation: the servers order
 * lists by name, and names are random, so raw order differs from run to run. What kind of item
 * comes where (single jobs before jobs of batches) is recorded separately.
 */
export async function callList(c: CaseContext, label: string, path: string, kind?: (rawName: string) => string): Promise<Exchange> {
  const r = await c.send('GET', path);
  const items = r.json;
  if (Array.isArray(items)) {
    const normalised = items.map((i) => c.norm.normalize(i) as { name?: string });
    if (kind) c.note(`${label} (kinds in order)`, (items as { name: string }[]).map((i) => kind(i.name)));
    normalised.sort((a, b) => String(a.name).localeCompare(String(b.name)));
    c.note(label, { status: r.status, contentType: r.contentType, body: normalised });
  } else c.observe(label, r);
  return r;
}
