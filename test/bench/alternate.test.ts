// bench/alternate.mjs compares two builds (or two sets of flags) by runs taken in turns, and fails
// when their reports differ: the month's A/B figures in bench/history.md are taken with it. This
// checks its sums on made-up runs, and runs it on 20 virtual minutes of the month scenario (the
// compiled CLI: dist/): one build against itself gives the same bytes, another seed does not.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types (a bench script)
import { summarize, turns } from '../../bench/alternate.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Summary {
  sides: Record<string, { runs: number; medianMs: number; minMs: number; maxMs: number; reports: string[] }>;
  bOverA: number | undefined;
  eachSideDeterministic: boolean;
  sameReports: boolean;
  runs: { side: string; wallMs: number; jobs: number; sha256: string }[];
}

function alternate(...args: string[]) {
  const r = spawnSync(process.execPath, ['bench/alternate.mjs', '--runs', '1', '--horizon', '20m', '--json', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, out: r.stdout ? (JSON.parse(r.stdout) as Summary) : undefined };
}

describe('bench/alternate.mjs', () => {
  it('takes turns A B, then B A, so a drift of the host weighs on both sides', () => {
    expect([0, 1, 2, 3].map((r) => (turns(r) as string[]).join(''))).toEqual(['ab', 'ba', 'ab', 'ba']);
  });

  it('sums up each side and tells same reports, different ones and a side that disagrees with itself', () => {
    const runs = [
      { side: 'a', wallMs: 100, sha256: 'x' },
      { side: 'b', wallMs: 90, sha256: 'x' },
      { side: 'b', wallMs: 80, sha256: 'x' },
      { side: 'a', wallMs: 120, sha256: 'x' },
      { side: 'a', wallMs: 110, sha256: 'x' },
      { side: 'b', wallMs: 70, sha256: 'x' },
    ];
    const same = summarize(runs) as Summary;
    expect(same.sides.a).toEqual({ runs: 3, medianMs: 110, minMs: 100, maxMs: 120, reports: ['x'] });
    expect(same.sides.b).toMatchObject({ runs: 3, medianMs: 80, minMs: 70, maxMs: 90 });
    expect(same.bOverA).toBe(0.727);
    expect(same.sameReports).toBe(true);
    expect(same.eachSideDeterministic).toBe(true);

    const other = summarize(runs.map((r) => (r.side === 'b' ? { ...r, sha256: 'y' } : r))) as Summary;
    expect(other.sameReports).toBe(false);
    expect(other.eachSideDeterministic).toBe(true);

    const flaky = summarize(runs.map((r, i) => (i === 5 ? { ...r, sha256: 'z' } : r))) as Summary;
    expect(flaky.eachSideDeterministic).toBe(false);
    // An even number of runs: the mean of the middle two.
    expect((summarize(runs.slice(0, 4)) as Summary).sides.a!.medianMs).toBe(110);
  });

  it('runs one build against itself to the same report bytes, and exits 1 when a side runs another seed', () => {
    const same = alternate();
    expect(same.status, same.stderr).toBe(0);
    expect(same.out!.runs.map((r) => r.side)).toEqual(['a', 'b']);
    expect(same.out!.runs[0]!.jobs).toBeGreaterThan(80);
    expect(same.out!.runs[0]!.wallMs).toBeGreaterThan(0);
    expect(same.out!.sameReports).toBe(true);
    expect(same.out!.runs[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);

    const differ = alternate('--b-args=--seed 2');
    expect(differ.status).toBe(1);
    expect(differ.stderr).toContain('the two sides gave different reports');
    expect(differ.out!.sameReports).toBe(false);
    expect(differ.out!.eachSideDeterministic).toBe(true);

    const meant = alternate('--b-args=--seed 2', '--allow-different');
    expect(meant.status).toBe(0);
  }, 120_000);

  it('refuses an unknown option and a bad number of runs with exit 2', () => {
    const unknown = spawnSync(process.execPath, ['bench/alternate.mjs', '--bogus'], { cwd: ROOT, encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('usage: node bench/alternate.mjs');
    const runs = spawnSync(process.execPath, ['bench/alternate.mjs', '--runs', '0'], { cwd: ROOT, encoding: 'utf8' });
    expect(runs.status).toBe(2);
    expect(runs.stderr).toContain('--runs must be a whole number');
  });
});
