// The event log keeps recent lines in chunks and hashes every line: what it returns and its hash
// must not depend on where chunk boundaries fall.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../src/sim/eventLog.js';

function fill(log: EventLog, n: number): string[] {
  const all: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 2) log.appendAbout(1_000 * i, 'Created', 'Pod', 'default', `p${i}`, undefined, { i });
    else log.append(1_000 * i, 'Tick', { message: `m${i}` });
  }
  for (const l of log.linesSince(0)) all.push(l);
  return all;
}

describe('event log', () => {
  it('keeps at least the last `retain` lines, in order, and returns the lines after a seq', () => {
    const log = new EventLog(1_000);
    const kept = fill(log, 3_001);
    const seqs = kept.map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs.length).toBeGreaterThanOrEqual(1_000);
    expect(seqs.at(-1)).toBe(3_001);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(log.linesSince(2_990).map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([2_991, 2_992, 2_993, 2_994, 2_995, 2_996, 2_997, 2_998, 2_999, 3_000, 3_001]);
    expect(log.linesSince(3_001)).toEqual([]);
    expect(log.events(2_999).map((e) => e.type)).toEqual(['Created', 'Tick']);
  });

  it('writes an object line with the same bytes as a serialized object (unset fields left out)', () => {
    const log = new EventLog();
    log.appendAbout(0, 'PodScheduled', 'Pod', undefined, 'p', undefined, { node: 'n1' });
    log.append(0, 'PodScheduled', { kind: 'Pod', name: 'p', data: { node: 'n1' } });
    const [a, b] = log.linesSince(0);
    expect(a!.replace('"seq":1', '"seq":2')).toBe(b);
  });

  it('hashes every line, retained or not, as JSON lines', () => {
    const all = new EventLog();
    const lines = fill(all, 2_000);
    const small = new EventLog(10);
    fill(small, 2_000);
    const none = new EventLog(0);
    fill(none, 2_000);
    const expected = createHash('sha256').update(lines.join('\n') + '\n').digest('hex');
    expect(all.sha256()).toBe(expected);
    expect(small.sha256()).toBe(expected);
    expect(none.sha256()).toBe(expected);
    expect(none.count).toBe(2_000);
    expect(none.linesSince(0)).toEqual([]);
    // Asking for the hash does not disturb it.
    expect(small.sha256()).toBe(expected);
  });

  it('hands every line to a sink, whole, wherever chunks and flushes fall, with the hash of those bytes', () => {
    const all = new EventLog();
    const lines = fill(all, 1_300);
    const got: string[] = [];
    const sunk = new EventLog(0, { sink: (chunk) => got.push(chunk) });
    // Flushed mid-chunk, twice at the same place, then written on past it and flushed at the end.
    for (const [from, to] of [[0, 700], [700, 700], [700, 1_300]] as const) {
      for (let i = from; i < to; i++) {
        if (i % 2) sunk.appendAbout(1_000 * i, 'Created', 'Pod', 'default', `p${i}`, undefined, { i });
        else sunk.append(1_000 * i, 'Tick', { message: `m${i}` });
      }
      sunk.flush();
    }
    expect(got.every((c) => c.endsWith('\n'))).toBe(true);
    expect(got.join('')).toBe(lines.join('\n') + '\n');
    expect(sunk.sha256()).toBe(all.sha256());
  });

  it('only counts when it keeps, hashes and hands on nothing (a simulation that was not asked for its log)', () => {
    const log = new EventLog(0, { digest: false });
    fill(log, 1_000);
    expect(log.count).toBe(1_000);
    expect(log.linesSince(0)).toEqual([]);
    expect(() => log.sha256()).toThrow(/not hashed/);
  });
});

describe('event log: long lines', () => {
  it('keeps a 200,000-character line and lines of every short length whole, with the hash of their bytes', () => {
    const log = new EventLog();
    const expected: string[] = [];
    // A long non-ASCII message, then 1,500 lines of names of 0-96 characters (over several chunks).
    const long = 'ü'.repeat(100_000) + 'x'.repeat(100_000);
    log.appendAbout(0, 'Long', 'Pod', 'default', 'p', long, { n: 1 });
    expected.push(JSON.stringify({ seq: 1, at: '1970-01-01T00:00:00Z', type: 'Long', kind: 'Pod', namespace: 'default', name: 'p', message: long, data: { n: 1 } }));
    for (let i = 0; i < 1_500; i++) {
      const name = 'n'.repeat(i % 97);
      log.appendAbout(0, 'Short', 'Pod', undefined, name, undefined, { i, ok: true, code: -i, r: i / 8 });
      expected.push(JSON.stringify({ seq: i + 2, at: '1970-01-01T00:00:00Z', type: 'Short', kind: 'Pod', name, data: { i, ok: true, code: -i, r: i / 8 } }));
    }
    const all = log.linesSince(0);
    expect(all).toEqual(expected);
    expect(log.sha256()).toBe(createHash('sha256').update(log.linesSince(0).join('\n') + '\n').digest('hex'));
  });
});

describe('event log lines', () => {
  it('are the bytes JSON.stringify gives for any name, message and data (fast-check)', () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(undefined),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
    );
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
        fc.option(fc.dictionary(fc.string({ unit: 'binary' }), value, { maxKeys: 5 }), { nil: undefined }),
        fc.option(fc.constantFrom('default', 'ns "quoted"', 'naïve'), { nil: undefined }),
        // Times in a few seconds, for two logs in turn: the time part of a line is cached per second.
        fc.array(fc.integer({ min: 0, max: 3_999 }), { minLength: 1, maxLength: 4 }),
        (name, message, data, namespace, times) => {
          const logs = [new EventLog(), new EventLog()];
          const expected: string[][] = [[], []];
          times.forEach((atMs, i) => {
            const n = i % 2;
            logs[n]!.appendAbout(atMs, 'Tick', 'Pod', namespace, name, message, data);
            const at = new Date(Math.floor(atMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
            expected[n]!.push(JSON.stringify({ seq: expected[n]!.length + 1, at, type: 'Tick', kind: 'Pod', namespace, name, message, data }));
          });
          expect(logs.map((l) => l.linesSince(0))).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
