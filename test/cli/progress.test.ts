// The progress line of long CLI work (bench, simulate): drawn and rewritten on a terminal, cleared
// when done, and nothing at all off a terminal (pipes, CI logs).
import { describe, expect, it } from 'vitest';
import { progress, timeLeft } from '../../src/cli/progress.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, s: { isTTY, write: (t: string) => written.push(t) } as unknown as NodeJS.WriteStream };
}

describe('progress line', () => {
  it('draws the label on a terminal, rewrites it in place on update, and clears it when done', () => {
    const { written, s } = stream(true);
    const p = progress('jobsim simulate: month.yaml', s);
    p.update('jobsim simulate: month.yaml: day 3');
    p.done();
    expect(written[0]).toMatch(/^\r\u001b\[2Kjobsim simulate: month\.yaml \.\.\. 0 s$/);
    expect(written[1]).toMatch(/^\r\u001b\[2Kjobsim simulate: month\.yaml: day 3 \.\.\. 0 s$/);
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });

  it('estimates the time left from the pace of the steps done', () => {
    expect(timeLeft(4000, 1, 30)).toBe('about 2 min left');
    expect(timeLeft(4000, 2, 30)).toBe('about 56 s left');
    expect(timeLeft(10_000, 10, 30)).toBe('about 20 s left');
    // Nothing to say before the first step, or after the last.
    expect(timeLeft(0, 0, 30)).toBe('');
    expect(timeLeft(120_000, 30, 30)).toBe('');
  });

  it('writes nothing off a terminal', () => {
    const { written, s } = stream(false);
    const p = progress('jobsim bench: fanout', s);
    p.update('jobsim bench: fanout, later');
    p.done();
    expect(written).toEqual([]);
  });
});
