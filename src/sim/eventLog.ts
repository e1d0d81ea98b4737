// The simulator's event log: one JSON line per thing that happened, hashed incrementally so the
// hash covers the whole run even when old lines are dropped to bound memory.
import { createHash, type Hash } from 'node:crypto';
import { rfc3339 } from '../kube/time.js';

export interface SimEvent {
  seq: number;
  at: string;
  type: string;
  kind?: string;
  namespace?: string;
  name?: string;
  message?: string;
  data?: Record<string, unknown>;
}

/**
 * Per type, kind and namespace: `","type":<type>,"kind":<kind>[,"namespace":<ns>],"name":"`, the
 * same few on every line. With the time in front (`,"at":"<time>` + that), kept while the time
 * stays, a line is a handful of pieces: each `+` of a line is a string object until the chunk is
 * joined, and the log was the largest allocator of a 100,000-job run.
 */
interface Middle {
  text: string;
  atSecond: number;
  /** `,"at":"<time of atSecond>` + text */
  withAt: string;
}

const middles = new Map<string, Map<string, Map<string | undefined, Middle>>>();
let middleCount = 0;

function middle(type: string, kind: string, namespace: string | undefined): Middle {
  let byKind = middles.get(type);
  if (byKind === undefined) {
    if (middleCount >= 1024) {
      middles.clear();
      middleCount = 0;
    }
    middles.set(type, (byKind = new Map()));
  }
  let byNs = byKind.get(kind);
  if (byNs === undefined) byKind.set(kind, (byNs = new Map()));
  let m = byNs.get(namespace);
  if (m === undefined) {
    const text = `","type":${jsonString(type)},"kind":${jsonString(kind)}${namespace !== undefined ? `,"namespace":${jsonString(namespace)}` : ''},"name":"`;
    byNs.set(namespace, (m = { text, atSecond: Number.NaN, withAt: '' }));
    middleCount++;
  }
  return m;
}

/** Whether JSON writes `s` as is between quotes (no character it escapes, ASCII only). */
function plain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || c > 126) return false;
  }
  return true;
}

/** A string as JSON: quoted as is unless it has a character JSON escapes (or is not ASCII). */
function jsonString(s: string): string {
  return plain(s) ? '"' + s + '"' : JSON.stringify(s);
}

/** `"<key>":` and `,"<key>":` by key (the few keys of the simulator's data records). */
const keyTexts = new Map<string, [first: string, next: string]>();

function keyText(k: string, first: boolean): string {
  let t = keyTexts.get(k);
  if (t === undefined) {
    if (keyTexts.size >= 1024) keyTexts.clear();
    const q = jsonString(k) + ':';
    keyTexts.set(k, (t = [q, ',' + q]));
  }
  return first ? t[0] : t[1];
}

/**
 * JSON.stringify of a line's `data` (the same bytes), about twice as fast for the flat records the
 * simulator logs (a few names and numbers); anything nested is left to JSON.stringify.
 */
function jsonData(data: Record<string, unknown>): string {
  if (typeof data.toJSON === 'function') return JSON.stringify(data);
  let out = '{';
  let first = true;
  for (const k in data) {
    const v = data[k];
    let text: string | undefined;
    switch (typeof v) {
      case 'string':
        text = jsonString(v);
        break;
      case 'number':
        text = Number.isFinite(v) ? '' + v : 'null';
        break;
      case 'boolean':
        text = v ? 'true' : 'false';
        break;
      case 'undefined':
      case 'function':
      case 'symbol':
        continue;
      default:
        text = JSON.stringify(v);
        if (text === undefined) continue;
    }
    out += keyText(k, first) + text;
    first = false;
  }
  return out + '}';
}

/** Lines per chunk: lines are hashed and kept in memory as one string per chunk. */
const CHUNK_LINES = 512;

export class EventLog {
  /**
   * Retained lines in chunks of CHUNK_LINES, each one string of lines joined by "\n" (the same
   * string the hash is fed): at 100,000 jobs a line object per line, alive long enough to be
   * promoted and collected from the old generation, was a large share of the run's GC time.
   */
  private chunks: string[] = [];
  /** seq of the first line of chunks[0]. */
  private firstSeq = 1;
  private seq = 0;
  private hash: Hash = createHash('sha256');
  /** The newest lines, not yet in a chunk (nor hashed). */
  private recent: string[] = [];
  private atSecond = Number.NaN;
  private atText = '';

  /** @param retain how many recent lines to keep in memory at least (the hash covers all of them). */
  constructor(private readonly retain = Number.POSITIVE_INFINITY) {}

  get count(): number {
    return this.seq;
  }

  append(atMs: number, type: string, fields: Omit<SimEvent, 'seq' | 'at' | 'type'> = {}): void {
    const event: SimEvent = { seq: ++this.seq, at: this.atTextFor(atMs), type, ...fields };
    this.push(JSON.stringify(event));
  }

  /**
   * `append` for a line about one object, the simulator's most common line (8 per job at 100,000
   * jobs): the same bytes as JSON.stringify of { seq, at, type, kind, namespace, name, message,
   * data } with unset fields left out, written directly (JSON.stringify of the object took ~1 µs).
   * The line is short-lived: `seal` joins lines into one flat chunk string.
   */
  appendAbout(atMs: number, type: string, kind: string, namespace: string | undefined, name: string, message?: string, data?: Record<string, unknown>): void {
    const m = middle(type, kind, namespace);
    const second = Math.floor(atMs / 1000);
    if (m.atSecond !== second) {
      m.atSecond = second;
      m.withAt = ',"at":"' + this.atTextFor(atMs) + m.text;
    }
    // The middle ends with the name's opening quote.
    let line = '{"seq":' + ++this.seq + m.withAt + (plain(name) ? name : JSON.stringify(name).slice(1, -1));
    if (message !== undefined) line += '","message":' + JSON.stringify(message) + (data !== undefined ? ',"data":' + jsonData(data) + '}' : '}');
    else line += data !== undefined ? '","data":' + jsonData(data) + '}' : '"}';
    this.push(line);
  }

  private atTextFor(atMs: number): string {
    const second = Math.floor(atMs / 1000);
    if (second !== this.atSecond) {
      this.atSecond = second;
      this.atText = rfc3339(atMs);
    }
    return this.atText;
  }

  private push(line: string): void {
    this.recent.push(line);
    if (this.recent.length >= CHUNK_LINES) this.seal();
  }

  /** Hashes the recent lines and keeps them as one chunk; drops chunks past `retain`. */
  private seal(): void {
    if (this.recent.length === 0) return;
    const chunk = this.recent.join('\n');
    this.recent = [];
    // Two updates, not `chunk + '\n'`: that would copy the chunk to hash it.
    this.hash.update(chunk);
    this.hash.update('\n');
    if (this.retain <= 0) {
      this.firstSeq = this.seq + 1;
      return;
    }
    this.chunks.push(chunk);
    while (this.chunks.length > 1 && (this.chunks.length - 1) * CHUNK_LINES >= this.retain) {
      this.chunks.shift();
      this.firstSeq += CHUNK_LINES;
    }
  }

  /** Hex sha256 of every line so far, in JSON-lines form. */
  sha256(): string {
    const copy = this.hash.copy();
    if (this.recent.length > 0) copy.update(this.recent.join('\n') + '\n');
    return copy.digest('hex');
  }

  /** Lines with seq > since that are still retained (the last `retain` lines at most). */
  linesSince(since = 0): string[] {
    const from = Math.max(since + 1, this.seq - this.retain + 1, this.firstSeq);
    const out: string[] = [];
    let seq = this.firstSeq;
    for (const chunk of this.chunks) {
      if (seq + CHUNK_LINES > from) {
        const lines = chunk.split('\n');
        out.push(...(from > seq ? lines.slice(from - seq) : lines));
      }
      seq += CHUNK_LINES;
    }
    out.push(...(from > seq ? this.recent.slice(from - seq) : this.recent));
    return out;
  }

  events(since = 0): SimEvent[] {
    return this.linesSince(since).map((l) => JSON.parse(l) as SimEvent);
  }
}
