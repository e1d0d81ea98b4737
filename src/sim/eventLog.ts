// The simulator's event log: one JSON line per thing that happened, hashed incrementally so the
// hash covers the whole run even when old lines are dropped to bound memory.
import { createHash, type Hash } from 'node:crypto';
import { rfc3339 } from '../cluster/time.js';

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

/** Lines per chunk: lines are hashed and kept in memory as one string per chunk. */
const CHUNK_LINES = 512;

export interface EventLogOptions {
  /**
   * Hash every line (sha256()); default true. A simulation's report reads only the count unless
   * asked for the log: building each line as JSON and hashing it was ~9% of a simulated month.
   */
  digest?: boolean;
  /** Told every line, in chunks of whole lines, as they are sealed (and at flush()). */
  sink?: (chunk: string) => void;
}

export class EventLog {
  /**
   * Retained lines in chunks of CHUNK_LINES, each one string of lines ending in "\n" (the same
   * string the hash is fed): at 100,000 jobs a line object per line, alive long enough to be
   * promoted and collected from the old generation, was a large share of the run's GC time.
   */
  private chunks: string[] = [];
  /** seq of the first line of chunks[0]. */
  private firstSeq = 1;
  private seq = 0;
  private hash: Hash = createHash('sha256');
  /**
   * The newest lines, not yet in a chunk (nor hashed), as the pieces `pieces[0..n)` that join
   * into them: the line's number, the shared middle, the object's name, ... A line built by `+`
   * was a string object per piece until the chunk was joined (the event log was the largest
   * allocator of a 100,000-job run); a piece is a slot of this array, reused chunk after chunk.
   */
  private pieces: (string | number)[] = [];
  private n = 0;
  /** Pieces the previous chunk used (the slots past `n` up to it are blanked before a join). */
  private used = 0;
  private lines = 0;
  private atSecond = Number.NaN;
  private atText = '';

  /** No line is kept, hashed or handed on: each append only counts (see EventLogOptions). */
  private readonly countOnly: boolean;
  private readonly digest: boolean;
  private readonly sink: ((chunk: string) => void) | undefined;
  /** Characters of the pending lines already handed to the sink by flush(). */
  private flushed = 0;

  /** @param retain how many recent lines to keep in memory at least (the hash covers all of them). */
  constructor(
    private readonly retain = Number.POSITIVE_INFINITY,
    options: EventLogOptions = {},
  ) {
    this.digest = options.digest ?? true;
    this.sink = options.sink;
    this.countOnly = retain <= 0 && !this.digest && this.sink === undefined;
  }

  get count(): number {
    return this.seq;
  }

  append(atMs: number, type: string, fields: Omit<SimEvent, 'seq' | 'at' | 'type'> = {}): void {
    if (this.countOnly) {
      this.seq++;
      return;
    }
    const event: SimEvent = { seq: ++this.seq, at: this.atTextFor(atMs), type, ...fields };
    this.put(JSON.stringify(event));
    this.endLine('\n');
  }

  /**
   * `append` for a line about one object, the simulator's most common line (8 per job at 100,000
   * jobs): the same bytes as JSON.stringify of { seq, at, type, kind, namespace, name, message,
   * data } with unset fields left out, written directly (JSON.stringify of the object took ~1 µs).
   */
  appendAbout(atMs: number, type: string, kind: string, namespace: string | undefined, name: string, message?: string, data?: Record<string, unknown>): void {
    if (this.countOnly) {
      this.seq++;
      return;
    }
    const m = middle(type, kind, namespace);
    const second = Math.floor(atMs / 1000);
    if (m.atSecond !== second) {
      m.atSecond = second;
      m.withAt = ',"at":"' + this.atTextFor(atMs) + m.text;
    }
    this.put('{"seq":');
    this.put(++this.seq);
    this.put(m.withAt);
    // The middle ends with the name's opening quote.
    this.put(plain(name) ? name : JSON.stringify(name).slice(1, -1));
    if (message !== undefined) {
      this.put('","message":');
      this.string(message);
      if (data !== undefined) {
        this.put(',"data":');
        this.data(data);
      }
      this.endLine('}\n');
    } else if (data !== undefined) {
      this.put('","data":');
      this.data(data);
      this.endLine('}\n');
    } else this.endLine('"}\n');
  }

  private atTextFor(atMs: number): string {
    const second = Math.floor(atMs / 1000);
    if (second !== this.atSecond) {
      this.atSecond = second;
      this.atText = rfc3339(atMs);
    }
    return this.atText;
  }

  private put(piece: string | number): void {
    this.pieces[this.n++] = piece;
  }

  /** A string as JSON: quoted as is unless it has a character JSON escapes (or is not ASCII). */
  private string(s: string): void {
    if (plain(s)) {
      this.put('"');
      this.put(s);
      this.put('"');
    } else this.put(JSON.stringify(s));
  }

  /**
   * JSON.stringify of a line's `data` (the same bytes), in pieces, for the flat records the
   * simulator logs (a few names and numbers); anything nested is left to JSON.stringify.
   */
  private data(data: Record<string, unknown>): void {
    if (typeof data.toJSON === 'function') {
      this.put(JSON.stringify(data));
      return;
    }
    this.put('{');
    let first = true;
    for (const k in data) {
      const v = data[k];
      switch (typeof v) {
        case 'string':
          this.put(keyText(k, first));
          this.string(v);
          break;
        case 'number':
          this.put(keyText(k, first));
          // A finite number joins as JSON writes it (-0 as 0, 1e21 as 1e+21).
          this.put(Number.isFinite(v) ? v : 'null');
          break;
        case 'boolean':
          this.put(keyText(k, first));
          this.put(v ? 'true' : 'false');
          break;
        case 'undefined':
        case 'function':
        case 'symbol':
          continue;
        default: {
          const text = JSON.stringify(v);
          if (text === undefined) continue;
          this.put(keyText(k, first));
          this.put(text);
        }
      }
      first = false;
    }
    this.put('}');
  }

  private endLine(last: string): void {
    this.put(last);
    if (++this.lines >= CHUNK_LINES) this.seal();
  }

  /** The recent lines as one string, each ending in a newline. */
  private joined(): string {
    const pieces = this.pieces;
    // Slots past `n` still hold the previous chunk's pieces: blank them rather than shrink the array.
    for (let i = this.n; i < this.used; i++) pieces[i] = '';
    this.used = this.n;
    return pieces.join('');
  }

  /** Hashes the recent lines and keeps them as one chunk; drops chunks past `retain`. */
  private seal(): void {
    if (this.lines === 0) return;
    const chunk = this.joined();
    this.n = 0;
    this.lines = 0;
    if (this.digest) this.hash.update(chunk);
    if (this.sink) this.sink(this.flushed > 0 ? chunk.slice(this.flushed) : chunk);
    this.flushed = 0;
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

  /** Hands the lines not yet sealed to the sink (the end of a run); they stay pending, as before. */
  flush(): void {
    if (!this.sink || this.n === 0) return;
    const pending = this.joined();
    if (pending.length > this.flushed) this.sink(pending.slice(this.flushed));
    this.flushed = pending.length;
  }

  /** Hex sha256 of every line so far, in JSON-lines form. */
  sha256(): string {
    if (!this.digest) throw new Error('the event log was not hashed (digest: false)');
    const copy = this.hash.copy();
    if (this.n > 0) copy.update(this.joined());
    return copy.digest('hex');
  }

  /** Lines with seq > since that are still retained (the last `retain` lines at most). */
  linesSince(since = 0): string[] {
    const from = Math.max(since + 1, this.seq - this.retain + 1, this.firstSeq);
    const out: string[] = [];
    let seq = this.firstSeq;
    const take = (text: string) => {
      const lines = text.split('\n');
      lines.pop(); // after the last line's newline
      out.push(...(from > seq ? lines.slice(from - seq) : lines));
    };
    for (const chunk of this.chunks) {
      if (seq + CHUNK_LINES > from) take(chunk);
      seq += CHUNK_LINES;
    }
    if (this.n > 0 && seq + this.lines > from) take(this.joined());
    return out;
  }

  events(since = 0): SimEvent[] {
    return this.linesSince(since).map((l) => JSON.parse(l) as SimEvent);
  }
}
