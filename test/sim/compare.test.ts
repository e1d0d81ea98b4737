// jobsim simulate --no-faults and --compare: a what-if answered by two runs, the second report
// carrying its headline figures beside the first's.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPARED_COMPONENT_FIGURES, COMPARED_FIGURES, compareReports, loadEarlierReport } from '../../src/cli/reportComparison.js';
import { runSimulate } from '../../src/cli/simulate.js';
import type { SimulationReport } from '../../src/runtime/simulate.js';
import { LATENCY_OFF } from '../../src/sim/latency.js';

const dir = mkdtempSync(join(tmpdir(), 'jobsim-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A nightly batch on two nodes; node b is lost while it runs.
const NIGHT = `
name: night
seed: 5
start: 2026-01-01T00:00:00Z
horizon: 3h
nodes:
  - { name: a, cpu: "2", memory: 8Gi, pods: 20 }
  - { name: b, cpu: "2", memory: 8Gi, pods: 20 }
workload:
  default: { seconds: { min: 60, max: 120 }, failureRate: 0.05 }
traffic:
  - { at: [600], jobs: 200, defaults: { backoffLimit: 2, resources: { requests: { cpu: 200m } } } }
faults:
  - { type: nodeLoss, node: b, at: 900, durationSeconds: 1800 }
report:
  sampleSeconds: 60
`;

const scenario = join(dir, 'night.yaml');
writeFileSync(scenario, NIGHT);

async function run(out: string, o: { withoutFaults?: boolean; compare?: string } = {}): Promise<Record<string, unknown>> {
  await runSimulate(scenario, { out: join(dir, out), png: false, ...o }, () => undefined, () => undefined);
  return JSON.parse(readFileSync(join(dir, out, 'report.json'), 'utf8'));
}

const at = (r: unknown, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], r);

describe('jobsim simulate --no-faults and --compare', () => {
  it('answers a what-if: the night without the node loss, then with it, side by side', async () => {
    const without = await run('without', { withoutFaults: true });
    expect(at(without, 'scenario.faults')).toEqual([]);
    expect(without.faults).toEqual([]);
    expect(without).not.toHaveProperty('comparison');

    const withFault = await run('with', { compare: join(dir, 'without', 'report.json') });
    const c = withFault.comparison as ReturnType<typeof compareReports>;
    expect(c.with).toEqual({ name: 'night', seed: 5, horizonSeconds: 10_800, nodes: 2, faults: 0, latency: at(without, 'scenario.latency') });
    // The headline figures, then each component's (one here, `compute`).
    expect(c.figures.map((f) => f.figure)).toEqual([...COMPARED_FIGURES.map((f) => f.path), ...COMPARED_COMPONENT_FIGURES.map((f) => `byComponent.compute.${f.path}`)]);
    // Each figure is the one each report carries, a status neither has being 0 jobs.
    for (const f of c.figures) {
      const expected = (r: unknown) => (at(r, f.figure) as number | undefined | null) ?? (f.figure.startsWith('jobs.byStatus.') ? 0 : null);
      expect(f.before, f.figure).toBe(expected(without));
      expect(f.after, f.figure).toBe(expected(withFault));
      if (f.before === null || f.after === null) expect(f.change, f.figure).toBeNull();
      else expect(f.change, f.figure).toBeCloseTo(f.after - f.before, 3);
    }
    // Losing half the cluster for half an hour makes the batch longer, and the lost node's pods run again.
    const fig = (path: string) => c.figures.find((f) => f.figure === path)!;
    expect(fig('batches.api.durationSeconds.max').change!).toBeGreaterThan(0);
    expect(fig('attempts.retries').change!).toBeGreaterThan(0);
    expect(fig('jobs.total').change).toBe(0);

    // The page has the table; the rest of the report is the run's own, as without --compare.
    const html = readFileSync(join(dir, 'with', 'report.html'), 'utf8');
    expect(html).toContain('<h2>Compared with an earlier run</h2>');
    expect(html).toContain('night (seed 5, 3 h 0 min, 2 nodes, 0 faults)');
    expect(html).toMatch(/<tr><td>retries<\/td><td>\d+<\/td><td>\d+<\/td><td>\+\d+ \(\+[\d.]+%\)<\/td><\/tr>/);
    const plain = await run('plain');
    const { comparison, ...rest } = withFault;
    expect(comparison).toBeDefined();
    expect(JSON.stringify(rest)).toBe(JSON.stringify(plain));
    expect(readFileSync(join(dir, 'plain', 'report.html'), 'utf8')).not.toContain('Compared with');
    expect(html).not.toContain('another latency model');
    // Against the same night on the exact timeline: the page says the models differ.
    await runSimulate(scenario, { out: join(dir, 'off'), png: false, latency: LATENCY_OFF }, () => undefined, () => undefined);
    await run('vs-off', { compare: join(dir, 'off', 'report.json') });
    expect(readFileSync(join(dir, 'vs-off', 'report.html'), 'utf8')).toContain('night (seed 5, 3 h 0 min, 2 nodes, 1 fault, another latency model)');
    // The folder's last report, compared against before the run writes over it.
    const again = await run('vs-off', { withoutFaults: true, compare: join(dir, 'vs-off', 'report.json') });
    expect((again.comparison as ReturnType<typeof compareReports>).with.faults).toBe(1);
    expect((again.comparison as ReturnType<typeof compareReports>).figures.find((f) => f.figure === 'jobs.total')!.before).toBe(at(withFault, 'jobs.total'));
  });

  it('compares against an older or sparser report: what it lacks is null, a status it lacks is 0', () => {
    const now = { scenario: { name: 'n' }, jobs: { total: 3, byStatus: { Succeeded: 3 } }, attempts: { total: 4, retries: 1 } } as unknown as SimulationReport;
    const earlier = { scenario: { seed: 'night-1', faults: [{}, {}] }, jobs: { total: 2, byStatus: { Failed: 2 } }, queueingDelaySeconds: { p50: 1.1 } };
    const c = compareReports(earlier, now);
    expect(c.with).toEqual({ name: null, seed: 'night-1', horizonSeconds: null, nodes: null, faults: 2, latency: null });
    const fig = (path: string) => c.figures.find((f) => f.figure === path)!;
    expect(fig('jobs.byStatus.Succeeded')).toMatchObject({ before: 0, after: 3, change: 3 });
    expect(fig('jobs.byStatus.Failed')).toMatchObject({ before: 2, after: 0, change: -2 });
    expect(fig('attempts.retries')).toMatchObject({ before: null, after: 1, change: null });
    expect(fig('queueingDelaySeconds.p50')).toMatchObject({ before: 1.1, after: null, change: null });
    // Changes are to the thousandth, as the report's figures: no 0.30000000000000004.
    const a = compareReports({ scenario: {}, jobs: { total: 0 }, queueingDelaySeconds: { p50: 0.1 } }, { scenario: {}, jobs: { total: 0 }, queueingDelaySeconds: { p50: 0.4 } } as unknown as SimulationReport);
    expect(a.figures.find((f) => f.figure === 'queueingDelaySeconds.p50')!.change).toBe(0.3);
  });

  it('refuses a --compare file that is not a report before the run, naming it', async () => {
    const notJson = join(dir, 'notjson.json');
    writeFileSync(notJson, 'jobs: 3\n');
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ status: 'Failure' }));
    expect(() => loadEarlierReport(join(dir, 'missing.json'))).toThrow(`--compare ${join(dir, 'missing.json')}: no such file`);
    expect(() => loadEarlierReport('/dev/zero')).toThrow('--compare /dev/zero: not a regular file');
    expect(() => loadEarlierReport(dir)).toThrow(`--compare ${dir}: is a directory, not a file`);
    expect(() => loadEarlierReport(notJson)).toThrow(`--compare ${notJson}: not JSON (`);
    expect(() => loadEarlierReport(other)).toThrow(`--compare ${other}: not a report.json of jobsim simulate (it needs "scenario" and "jobs.total")`);
    await expect(run('never', { compare: other })).rejects.toThrow('not a report.json of jobsim simulate');
    // An earlier run's folder: the message names the report in it.
    await run('earlier');
    expect(() => loadEarlierReport(join(dir, 'earlier'))).toThrow(`--compare ${join(dir, 'earlier')}: is a directory, not a file; the report in it is ${join(dir, 'earlier', 'report.json')}`);
    // Refused before anything ran: no folder, no report.
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('the flags on the command line: --no-faults drops the faults, --compare adds the comparison', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const cli = (out: string, ...flags: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulate', 'examples/scenarios/nightly.yaml', '--horizon', '1m', '--no-png', '--out', join(dir, out), ...flags], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const plain = cli('cli-plain');
    expect(plain.status).toBe(0);
    // Its node loss at 02:00 is past a minute's horizon: said only while the scenario has it.
    expect(plain.stderr).toContain('faults[0] (nodeLoss of node-3) at 7200 s is past the horizon (60 s)');
    const without = cli('cli-without', '--no-faults', '--compare', join(dir, 'cli-plain', 'report.json'));
    expect(without.status).toBe(0);
    expect(without.stderr).not.toContain('faults[0]');
    const r = JSON.parse(readFileSync(join(dir, 'cli-without', 'report.json'), 'utf8'));
    expect(r.scenario.faults).toEqual([]);
    expect(r.comparison.with.faults).toBe(1);
  }, 120_000);
});
