// `jobsim simulate --heap-days D --heap-snapshots` writes a V8 heap snapshot at each day measured,
// and bench/heapSnapshot.mjs summarises one (bench/history.md explains the month's heap with them);
// the command's other measuring options (--event-log, --seed, --latency) beside it.
// Runs the compiled CLI (dist/) on a two-day scenario: a batch of three jobs and one single job.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jobsim-heap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCENARIO = `
name: two days
seed: 1
horizon: 2d
nodes:
  - { name: a, cpu: "4", memory: 8Gi, pods: 20 }
workload:
  default: { seconds: 30 }
traffic:
  - at: [60]
    jobs: 3
  - at: [120]
    jobs: 1
    single: true
`;

const simulate = (...args: string[]) => spawnSync(process.execPath, ['dist/src/cli/main.js', 'simulate', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('heap snapshots of a simulation', () => {
  it('are written at the days measured, and the summary finds each batch status by its length', () => {
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, SCENARIO);
    const out = join(dir, 'out');
    const run = simulate(file, '--heap-days', '1,2', '--heap-snapshots', '--no-png', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { heapMBAtDay: Record<string, number>; files: string[] };
    expect(Object.keys(printed.heapMBAtDay)).toEqual(['1', '2']);
    const snapshots = [1, 2].map((d) => join(out, `heap-day-${d}.heapsnapshot`));
    expect(printed.files).toEqual(expect.arrayContaining(snapshots));
    for (const s of snapshots) expect(existsSync(s)).toBe(true);

    const summary = spawnSync(process.execPath, ['bench/heapSnapshot.mjs', snapshots[1]!, 'jobStatuses', 'podStatuses'], { cwd: ROOT, encoding: 'utf8' });
    expect(summary.status, summary.stderr).toBe(0);
    const s = JSON.parse(summary.stdout) as { nodes: number; bytes: number; top: { kind: string; bytes: number }[]; arraysByLength: Record<string, Record<string, number>> };
    // Two batches are kept (history keeps 10 per group): one of three jobs, one single job; each
    // job has one pod (no failures), so four one-pod lists.
    expect(s.arraysByLength.jobStatuses).toEqual({ '1': 1, '3': 1 });
    expect(s.arraysByLength.podStatuses).toEqual({ '1': 4 });
    expect(s.top.reduce((n, k) => n + k.bytes, 0)).toBeLessThanOrEqual(s.bytes);
    expect(s.bytes).toBeGreaterThan(1_000_000);
  }, 60_000);

  it('need --heap-days, and a day list is whole days', () => {
    const noDays = simulate(join(dir, 'scenario.yaml'), '--heap-snapshots', '--out', join(dir, 'x'));
    expect(noDays.status).toBe(2);
    expect(noDays.stderr).toContain('--heap-snapshots needs --heap-days');
    const bad = simulate(join(dir, 'scenario.yaml'), '--heap-days', '1,ten');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('whole days from 1 to 366');
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('--event-log writes the event log as JSON lines while the run goes, and the report carries its sha256', () => {
    const out = join(dir, 'logged');
    const log = join(dir, 'events.jsonl');
    const run = simulate(join(dir, 'scenario.yaml'), '--event-log', log, '--horizon', '1h', '--no-png', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const text = readFileSync(log, 'utf8');
    const lines = text.split('\n').slice(0, -1).map((l) => JSON.parse(l) as { seq: number; type: string });
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { eventLog: { lines: number; sha256: string } };
    expect(report.eventLog).toEqual({ lines: lines.length, sha256: createHash('sha256').update(text).digest('hex') });
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    expect(lines.filter((l) => l.type === 'ContainerTerminated').length).toBe(4);
    expect((JSON.parse(run.stdout) as { files: string[] }).files).toContain(log);
    // Without it, the report counts the lines only.
    const plain = simulate(join(dir, 'scenario.yaml'), '--horizon', '1h', '--no-png', '--out', join(dir, 'plain'));
    expect(plain.status, plain.stderr).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, 'plain', 'report.json'), 'utf8')) as { eventLog: unknown }).eventLog).toEqual({ lines: lines.length });
    // A file it cannot write is a usage error, before the run.
    const bad = simulate(join(dir, 'scenario.yaml'), '--event-log', dir, '--out', join(dir, 'z'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^jobsim simulate: --event-log .*: cannot write the file \(EISDIR/);
    expect(existsSync(join(dir, 'z', 'report.json'))).toBe(false);
  });

  it('take --seed and --latency as serve does; a model that is not one is a usage error', () => {
    const out = join(dir, 'seeded');
    const run = simulate(join(dir, 'scenario.yaml'), '--seed', '7', '--latency', 'off', '--horizon', '1h', '--no-png', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { scenario: { seed: unknown; latency: Record<string, unknown> } };
    expect(report.scenario.seed).toBe(7);
    expect(report.scenario.latency).toEqual({ podScheduling: 0, podStartup: 0, jobSync: 0, jobSyncBatch: 0, watch: 0 });
    const bad = simulate(join(dir, 'scenario.yaml'), '--latency', 'fast', '--out', join(dir, 'y'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^jobsim simulate: --latency: not off, cluster or a readable file/);
    const empty = simulate(join(dir, 'scenario.yaml'), '--seed', '', '--out', join(dir, 'y'));
    expect(empty.status).toBe(2);
    expect(existsSync(join(dir, 'y'))).toBe(false);
  });
});
