// Sends a large answer (a batch's job statuses, a long list) as JSON in pieces, so the server never
// holds the whole text at once: the same bytes as res.json (with the app's `json escape`), sent
// chunked as the socket drains. Smaller answers go through res.json unchanged.
import type { Response } from 'express';

/** Items from which an answer is streamed, and how many go in one write. */
const STREAM_FROM = 2_000;
const PER_WRITE = 500;
const MARK = '\u0000jobsim-items\u0000';

function escaped(json: string, escape: boolean): string {
  return escape ? json.replace(/[<>&]/g, (c) => (c === '<' ? '\\u003c' : c === '>' ? '\\u003e' : '\\u0026')) : json;
}

/** The big list of an answer: the answer itself, or a batch's jobStatuses. */
function bigList(value: unknown): { items: unknown[]; around: [string, string] | undefined } | undefined {
  if (Array.isArray(value)) return value.length >= STREAM_FROM ? { items: value, around: undefined } : undefined;
  const jobs = (value as { jobStatuses?: unknown } | null)?.jobStatuses;
  if (!Array.isArray(jobs) || jobs.length < STREAM_FROM) return undefined;
  const text = JSON.stringify({ ...(value as object), jobStatuses: MARK });
  const [before, after] = text.split(JSON.stringify(MARK)) as [string, string];
  return { items: jobs, around: [before, after] };
}

export async function sendJson(res: Response, status: number, value: unknown): Promise<void> {
  const big = bigList(value);
  if (!big) {
    res.status(status).json(value);
    return;
  }
  const escape = Boolean(res.app.get('json escape'));
  res.status(status);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  const write = async (text: string) => {
    if (res.write(escaped(text, escape))) return;
    // Whichever comes first; the other listener goes too (one pair per wait would pile up on the response).
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done).off('close', done);
        resolve();
      };
      res.on('drain', done).on('close', done);
    });
  };
  await write(`${big.around?.[0] ?? ''}[`);
  for (let i = 0; i < big.items.length && !res.destroyed; i += PER_WRITE) {
    const part = big.items.slice(i, i + PER_WRITE).map((item) => JSON.stringify(item) ?? 'null');
    await write((i > 0 ? ',' : '') + part.join(','));
  }
  res.end(escaped(`]${big.around?.[1] ?? ''}`, escape));
}
