// Sends a large answer (a batch's job statuses, a long list) as JSON in pieces, so the server never
// holds the whole text at once: the same bytes as res.json (with the app's `json escape`), sent
// chunked as the socket drains. Smaller answers are written in one piece, as res.json would write
// them (without the content negotiation and header lookups of Express's res.send, which cost a
// tenth of a create's time).
import type { Response } from 'express';
import type { LazyItems } from '../engine/views.js';

/** Items from which an answer is streamed, and how many go in one write. */
const STREAM_FROM = 2_000;
const PER_WRITE = 100;
/**
 * Pieces written between two waits for the socket (or for other requests' turn). A piece stays
 * small (~75 KB at most) so its text is young-generation garbage: strings over ~128 KB go to V8's
 * large-object space, which only a full collection frees (the server's RSS grew by ~80 MB during a
 * 74 MB answer with 500-item pieces, ~25 MB with 100).
 */
const PIECES_PER_WAIT = 5;
const MARK = '\u0000jobsim-items\u0000';

function escaped(json: string, escape: boolean): string {
  // indexOf scans far faster than a global replace that finds nothing (the usual case).
  if (!escape || (json.indexOf('<') === -1 && json.indexOf('>') === -1 && json.indexOf('&') === -1)) return json;
  return json.replace(/[<>&]/g, (c) => (c === '<' ? '\\u003c' : c === '>' ? '\\u003e' : '\\u0026'));
}

/**
 * An answer whose list under `key` is built piece by piece as it is sent (`value[key]` holds its
 * place, so the keys keep their order): the server holds a few hundred items at a time.
 */
export class ListedAnswer {
  constructor(
    readonly value: object,
    readonly key: string,
    readonly items: LazyItems<unknown>,
  ) {}

  /** The whole answer as one value (small lists are sent whole). */
  whole(): unknown {
    const list = Array.from({ length: this.items.length }, (_, i) => this.items.at(i));
    return { ...this.value, [this.key]: list };
  }
}

/** The text around a list placed under `key` of `value`. */
function around(value: object, key: string): [string, string] {
  const text = JSON.stringify({ ...value, [key]: MARK });
  return text.split(JSON.stringify(MARK)) as [string, string];
}

/** The big list of an answer: the answer itself, a batch's jobStatuses, or a listed answer's list. */
function bigList(value: unknown): { items: LazyItems<unknown>; around: [string, string] | undefined } | undefined {
  if (value instanceof ListedAnswer) return value.items.length >= STREAM_FROM ? { items: value.items, around: around(value.value, value.key) } : undefined;
  if (Array.isArray(value)) return value.length >= STREAM_FROM ? { items: value, around: undefined } : undefined;
  const jobs = (value as { jobStatuses?: unknown } | null)?.jobStatuses;
  if (!Array.isArray(jobs) || jobs.length < STREAM_FROM) return undefined;
  return { items: jobs, around: around(value as object, 'jobStatuses') };
}

/** The bytes and headers res.json sends for a JSON text (a HEAD gets the headers only). */
function sendWhole(res: Response, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

export async function sendJson(res: Response, status: number, value: unknown): Promise<void> {
  const big = bigList(value);
  const escape = Boolean(res.app.get('json escape'));
  if (!big) return sendWhole(res, status, escaped(JSON.stringify(value instanceof ListedAnswer ? value.whole() : value) ?? '', escape));
  res.status(status);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  const write = async (text: string) => {
    // Other requests get their turn between pieces, even while the socket takes everything.
    if (res.write(escaped(text, escape))) return new Promise<void>((resolve) => setImmediate(resolve));
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
    const part: unknown[] = [];
    for (let j = i; j < Math.min(i + PER_WRITE, big.items.length); j++) part.push(big.items.at(j));
    // One stringify per piece (an item JSON leaves out reads null, as in the whole array).
    // (The comma goes out on its own: prepended, it would make the piece a string to copy whole.)
    if (i > 0) res.write(',');
    const text = JSON.stringify(part).slice(1, -1);
    // A few pieces go out per wait: waiting after each costs a turn of the event loop per piece.
    if ((i / PER_WRITE) % PIECES_PER_WAIT === PIECES_PER_WAIT - 1) await write(text);
    else res.write(escaped(text, escape));
  }
  res.end(escaped(`]${big.around?.[1] ?? ''}`, escape));
}
