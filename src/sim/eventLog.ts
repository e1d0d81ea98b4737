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

export class EventLog {
  private lines: string[] = [];
  private firstSeq = 1;
  private seq = 0;
  private hash: Hash = createHash('sha256');
  /** Lines not yet fed to the hash (hashing in chunks gives the same digest, faster). */
  private unhashed: string[] = [];
  private atSecond = Number.NaN;
  private atText = '';

  /** @param retain how many recent lines to keep in memory (the hash covers all of them). */
  constructor(private readonly retain = Number.POSITIVE_INFINITY) {}

  get count(): number {
    return this.seq;
  }

  append(atMs: number, type: string, fields: Omit<SimEvent, 'seq' | 'at' | 'type'> = {}): void {
    const event: SimEvent = { seq: ++this.seq, at: this.atTextFor(atMs), type, ...fields };
    this.push(JSON.stringify(event));
  }

  /**
   * `append` for a line about one object, the simulator's most common line: one object literal of
   * a fixed shape (unset fields are undefined, which JSON leaves out), so V8 serializes every such
   * line on its fast path into a flat string (7 lines per job at 100,000 jobs).
   */
  appendAbout(atMs: number, type: string, kind: string, namespace: string | undefined, name: string, message?: string, data?: Record<string, unknown>): void {
    this.push(JSON.stringify({ seq: ++this.seq, at: this.atTextFor(atMs), type, kind, namespace, name, message, data }));
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
    this.unhashed.push(line);
    if (this.unhashed.length >= 512) this.flushHash();
    this.lines.push(line);
    // Drop old lines in blocks: splicing one line at a time would be quadratic.
    if (this.lines.length > this.retain + Math.max(1024, this.retain >> 3)) {
      const drop = this.lines.length - this.retain;
      this.lines.splice(0, drop);
      this.firstSeq += drop;
    }
  }

  private flushHash(): void {
    if (this.unhashed.length === 0) return;
    this.hash.update(this.unhashed.join('\n') + '\n');
    this.unhashed = [];
  }

  /** Hex sha256 of every line so far, in JSON-lines form. */
  sha256(): string {
    this.flushHash();
    return this.hash.copy().digest('hex');
  }

  /** Lines with seq > since that are still retained. */
  linesSince(since = 0): string[] {
    const from = Math.max(since + 1, this.seq - this.retain + 1);
    return this.lines.slice(Math.max(0, from - this.firstSeq));
  }

  events(since = 0): SimEvent[] {
    return this.linesSince(since).map((l) => JSON.parse(l) as SimEvent);
  }
}
