// jobsim simulate --seeds: the scenario once per seed, runs side by side, each report the bytes a
// single run with that seed writes, and each figure's spread over the seeds.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { figuresFor } from '../../src/cli/reportComparison.js';
import { MAX_SEEDS, parseSeedList, seedsHtml, summarizeSeeds } from '../../src/cli/seeds.js';
import { runSimulate } from '../../src/cli/simulate.js';

const dir = mkdtempSync(join(tmpdir(), 'jobsim-seeds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = fileURLToPath(new URL('../..', import.meta.url));

const scenario = join(dir, 'night.yaml');
writeFileSync(
  scenario,
  `
name: night
seed: 5
start: 2026-01-01T00:00:00Z
horizon: 2h
nodes:
  - { name: a, cpu: "2", memory: 8Gi, pods: 20 }
workload:
  default: { seconds: { min: 60, max: 120 }, failureRate: 0.1 }
traffic:
  - { at: [600], jobs: 100, defaults: { backoffLimit: 2, resources: { requests: { cpu: 200m } } } }
report:
  sampleSeconds: 60
`,
);

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulate', scenario, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

describe('jobsim simulate --seeds', () => {
  it('reads seed lists and ranges, and refuses what is not one', () => {
    expect(parseSeedList('1-3')).toEqual(['1', '2', '3']);
    expect(parseSeedList('7,1-2,night-1')).toEqual(['7', '1', '2', 'night-1']);
    expect(() => parseSeedList('5-1')).toThrow('--seeds 5-1: the range 5-1 runs backwards');
    expect(() => parseSeedList('1,2,1')).toThrow('seed 1 is listed twice');
    // Digits are a number seed, as --seed reads them: 01 is the seed 1.
    expect(parseSeedList('01,7')).toEqual(['1', '7']);
    expect(() => parseSeedList('1,01')).toThrow('seed 1 is listed twice');
    expect(() => parseSeedList(`1-${MAX_SEEDS + 1}`)).toThrow(`more than ${MAX_SEEDS} seeds`);
    expect(() => parseSeedList(`1-${MAX_SEEDS},x`)).toThrow(`more than ${MAX_SEEDS} seeds`);
    // A seed names its run's folder (seed-S): no path in it, no empty item.
    expect(() => parseSeedList('../x')).toThrow('"../x" is neither a seed');
    expect(() => parseSeedList('1,,2')).toThrow('"" is neither a seed');
  });

  it('summarizes a figure over the seeds: min, nearest-rank median, max, and null where a report has none', () => {
    const report = (total: number, p50: number | null) => ({ scenario: {}, jobs: { total, byStatus: {} }, queueingDelaySeconds: { p50 } });
    const s = summarizeSeeds('n', ['1', '2', '3', '4'], [report(4, 30), report(1, null), report(3, 10), report(2, 20)]);
    const fig = (path: string) => s.figures.find((f) => f.figure === path)!;
    expect(fig('jobs.total')).toMatchObject({ values: [4, 1, 3, 2], min: 1, median: 2, max: 4 });
    expect(fig('queueingDelaySeconds.p50')).toMatchObject({ values: [30, null, 10, 20], min: 10, median: 20, max: 30 });
    expect(fig('attempts.total')).toMatchObject({ values: [null, null, null, null], min: null, median: null, max: null });
    expect(s.reports).toEqual(['seed-1', 'seed-2', 'seed-3', 'seed-4']);
    // The page leaves out what no seed has, and links each seed's report.
    const html = seedsHtml(s);
    expect(html).toContain('<a href="seed-3/report.html">seed 3</a>');
    expect(html).toContain('<tr><td>jobs</td><td>1</td><td>2</td><td>4</td><td>3</td>');
    expect(html).not.toContain('<td>attempts</td>');
  });

  it('runs each seed as a run of its own would, side by side, and writes their spread', async () => {
    const r = cli('--seeds', '1-3', '--no-png', '--out', join(dir, 'three'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const line = JSON.parse(r.stdout);
    expect(line.seeds).toBe(3);
    const summary = JSON.parse(readFileSync(join(dir, 'three', 'seeds.json'), 'utf8'));
    expect(summary.seeds).toEqual(['1', '2', '3']);
    const reports: unknown[] = [];
    for (const seed of ['1', '2', '3']) {
      // The same bytes as a single run with that seed.
      await runSimulate(scenario, { out: join(dir, `single-${seed}`), png: false, seed }, () => undefined, () => undefined);
      const single = readFileSync(join(dir, `single-${seed}`, 'report.json'), 'utf8');
      expect(readFileSync(join(dir, 'three', `seed-${seed}`, 'report.json'), 'utf8')).toBe(single);
      reports.push(JSON.parse(single));
    }
    // Each figure is each seed's, and the seeds differ where chance plays (durations, retries).
    expect(summary.figures.map((f: { figure: string }) => f.figure)).toEqual(figuresFor(reports[0], ...reports.slice(1)).map((f) => f.path));
    for (const f of summary.figures) {
      const at = (r: unknown) => f.figure.split('.').reduce((v: unknown, k: string) => (v as Record<string, unknown> | undefined)?.[k], r) ?? (f.figure.startsWith('jobs.byStatus.') ? 0 : null);
      expect(f.values, f.figure).toEqual(reports.map(at));
    }
    const batch = summary.figures.find((f: { figure: string }) => f.figure === 'batches.api.durationSeconds.max');
    expect(batch.max).toBeGreaterThan(batch.min);
    expect(readFileSync(join(dir, 'three', 'seeds.html'), 'utf8')).toContain('night: 3 seeds');
  }, 180_000);

  it('with --compare, sets each seed beside the same seed of an earlier --seeds run, or beside one report', async () => {
    // The earlier run: the same seeds on the exact timeline (latency off).
    expect(cli('--seeds', '1-2', '--latency', 'off', '--no-png', '--out', join(dir, 'base')).status).toBe(0);
    const r = cli('--seeds', '1-2', '--no-png', '--compare', join(dir, 'base'), '--out', join(dir, 'vs'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'vs', 'seeds.json'), 'utf8'));
    expect(summary.comparedWith).toBe(join(dir, 'base'));
    const read = (folder: string, seed: string) => JSON.parse(readFileSync(join(dir, folder, `seed-${seed}`, 'report.json'), 'utf8'));
    for (const f of summary.figures) {
      const at = (rep: unknown) => (f.figure.split('.').reduce((v: unknown, k: string) => (v as Record<string, unknown> | undefined)?.[k], rep) as number | undefined) ?? (f.figure.startsWith('jobs.byStatus.') ? 0 : null);
      const expected = ['1', '2'].map((seed) => {
        const [after, before] = [at(read('vs', seed)), at(read('base', seed))];
        return after === null || before === null ? null : Math.round((after - before) * 1000) / 1000;
      });
      expect(f.change.values, f.figure).toEqual(expected);
      // The seed's own report carries the same change against the same earlier report.
      const own = read('vs', '1').comparison.figures.find((c: { figure: string }) => c.figure === f.figure);
      if (own) expect(own.change, f.figure).toBe(expected[0]);
    }
    // The two timelines differ (the check above would pass on two equal runs too).
    expect(summary.figures.some((f: { change: { values: (number | null)[] } }) => f.change.values.some((v) => v !== null && v !== 0))).toBe(true);
    expect(readFileSync(join(dir, 'vs', 'seeds.html'), 'utf8')).toContain('<th>change median</th>');

    // One report for every seed.
    const one = cli('--seeds', '1-2', '--no-png', '--compare', join(dir, 'base', 'seed-1', 'report.json'), '--out', join(dir, 'vs-one'));
    expect(one.status).toBe(0);
    const jobs = JSON.parse(readFileSync(join(dir, 'vs-one', 'seeds.json'), 'utf8')).figures.find((f: { figure: string }) => f.figure === 'attempts.total');
    expect(jobs.change.values).toEqual(['1', '2'].map((seed) => read('vs-one', seed).attempts.total - read('base', '1').attempts.total));

    // A seed the earlier run did not have, or a folder that is not one: refused before any run.
    const missing = cli('--seeds', '1-3', '--compare', join(dir, 'base'), '--out', join(dir, 'never'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`jobsim simulate: --compare ${join(dir, 'base')}: the earlier run has no seed 3 (${join(dir, 'base', 'seed-3')} is missing): compare the seeds it ran\n`);
    const notSeeds = cli('--seeds', '1-2', '--compare', join(dir, 'base', 'seed-1'), '--out', join(dir, 'never'));
    expect(notSeeds.status).toBe(2);
    expect(notSeeds.stderr).toBe(`jobsim simulate: --compare ${join(dir, 'base', 'seed-1')}: a folder, but not one of an earlier --seeds run (it has no seeds.json); to set every seed beside its one report, give ${join(dir, 'base', 'seed-1', 'report.json')}\n`);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  }, 180_000);

  it('stops its runs when it is stopped (SIGTERM): no seed keeps running after it', async () => {
    const month = join(root, 'examples/scenarios/month.yaml');
    const parent = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulate', month, '--seeds', '1-2', '--no-png', '--out', join(dir, 'stopped')], { cwd: root, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => parent.once('exit', (code) => resolve(code)));
    // Its two runs, once both have started (a month each: far from done when it is stopped).
    let children: number[] = [];
    for (let i = 0; i < 100 && children.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      // Its children that run the scenario (under tsx it has an esbuild service too).
      const ps = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent.pid)], { encoding: 'utf8' });
      children = ps.stdout
        .split('\n')
        .filter((l) => l.includes(' simulate '))
        .map((l) => Number(l.trim().split(/\s+/)[0]));
    }
    expect(children).toHaveLength(2);
    parent.kill('SIGTERM');
    expect(await exited).toBe(143);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && children.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    expect(children.filter(alive)).toEqual([]);
  }, 60_000);

  it('refuses what belongs to a single run, and a bad list or horizon, before any run: one line', () => {
    for (const [args, said, exit] of [
      [['--seeds', '1-2', '--seed', '3'], '--seeds runs one report per seed: --seed is for a single run', 2],
      [['--seeds', '1-2', '--event-log', 'log.jsonl'], '--event-log is for a single run', 2],
      [['--seeds', '1-2', '--heap-days', '1'], '--heap-days is for a single run', 2],
      [['--seeds', '2,2'], 'seed 2 is listed twice', 2],
      // As a single run refuses it (the scenario's sampling and start bound the horizon too).
      [['--seeds', '1-2', '--horizon', '0'], `${scenario}: --horizon: must be more than 0`, 1],
    ] as const) {
      const r = cli(...args, '--out', join(dir, 'never'));
      expect(r.status, args.join(' ')).toBe(exit);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toContain(said);
    }
    expect(existsSync(join(dir, 'never'))).toBe(false);
  }, 60_000);
});
