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

  /** @param retain how many recent lines to keep in memory (the hash covers all of them). */
  constructor(private readonly retain = Number.POSITIVE_INFINITY) {}

  get count(): number {
    return this.seq;
  }

  append(atMs: number, type: string, fields: Omit<SimEvent, 'seq' | 'at' | 'type'> = {}): void {
    const event: SimEvent = { seq: ++this.seq, at: rfc3339(atMs), type, ...fields };
    const line = JSON.stringify(event);
    this.hash.update(line + '\n');
    this.lines.push(line);
    if (this.lines.length > this.retain) {
      const drop = this.lines.length - this.retain;
      this.lines.splice(0, drop);
      this.firstSeq += drop;
    }
  }

  /** Hex sha256 of every line so far, in JSON-lines form. */
  sha256(): string {
    return this.hash.copy().digest('hex');
  }

  /** Lines with seq > since that are still retained. */
  linesSince(since = 0): string[] {
    const start = Math.max(0, since + 1 - this.firstSeq);
    return this.lines.slice(start);
  }

  events(since = 0): SimEvent[] {
    return this.linesSince(since).map((l) => JSON.parse(l) as SimEvent);
  }
}
