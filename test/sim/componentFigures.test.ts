// A simulation's figures for each component: a cron component whose jobs wait behind a large
// batch is told apart from the batch, where the run's summaries mix the two.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareReports, COMPARED_COMPONENT_FIGURES, COMPARED_FIGURES, MAX_COMPARED_COMPONENTS } from '../../src/cli/reportComparison.js';
import { simulateScenario as simulate } from '../../src/cli/simulate.js';
import { reportHtml } from '../../src/cli/simulationReport.js';
import { loadSimulation } from '../../src/runtime/simulate.js';

const dir = mkdtempSync(join(tmpdir(), 'jobsim-components-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// `batch` takes a 300-job batch through its API at 00:10; `tick`'s cron makes a job every minute.
writeFileSync(
  join(dir, 'radixconfig.yaml'),
  `apiVersion: radix.equinor.com/v1
kind: RadixApplication
metadata: { name: shop }
spec:
  environments: [{ name: prod }]
  jobs:
    - name: batch
      schedulerPort: 8000
      resources: { requests: { cpu: 100m, memory: 128Mi } }
      backoffLimit: 2
    - name: tick
      resources: { requests: { cpu: 100m, memory: 128Mi } }
      backoffLimit: 2
      cron: { schedules: ["* * * * *"], concurrency: Allow }
`,
);

const scenario = (nodes: number) => `
name: behind the batch
seed: 7
config: radixconfig.yaml
environment: prod
start: 2026-01-01T00:00:00Z
horizon: 1h
nodes:
${Array.from({ length: nodes }, (_, i) => `  - { name: n${i}, cpu: "4", memory: 16Gi, pods: 20 }`).join('\n')}
workload:
  default: { seconds: 20, failureRate: 0.1 }
  batch: { seconds: 60, failureRate: 0.1 }
traffic:
  - { component: batch, at: [600], jobs: 300 }
report:
  sampleSeconds: 60
`;

const run = (nodes: number) => simulate(loadSimulation(join(dir, `s${nodes}.yaml`), scenario(nodes)));

describe('a simulation report by component', () => {
  it("adds up to the run's figures, and shows the cron jobs that waited behind the batch", async () => {
    const r = await run(1);
    const by = r.byComponent;
    expect(Object.keys(by)).toEqual(['batch', 'tick']);
    const all = Object.values(by);
    const sum = (f: (c: (typeof all)[number]) => number) => all.reduce((n, c) => n + f(c), 0);
    expect(sum((c) => c.batchesCompleted)).toBe(r.batches.api.completed + r.batches.cron.completed);
    expect(sum((c) => c.attempts)).toBe(r.attempts.total);
    expect(sum((c) => c.retries)).toBe(r.attempts.retries);
    expect(sum((c) => c.queueingDelaySeconds.count)).toBe(r.queueingDelaySeconds.count);
    expect(Math.max(...all.map((c) => c.queueingDelaySeconds.max!))).toBe(r.queueingDelaySeconds.max);
    // One component per origin here: each one's batches are its origin's.
    expect(by.batch!.batchDurationSeconds).toEqual(r.batches.api.durationSeconds);
    expect(by.tick!.batchDurationSeconds).toEqual(r.batches.cron.durationSeconds);
    expect(by.batch!.batchesCompleted).toBe(1);
    // A minute's cron job mostly starts at once, but those made while the batch holds the node
    // wait for it: minutes, where the run's p50 (the batch's jobs) says nothing of the kind.
    expect(by.tick!.queueingDelaySeconds.p50!).toBeLessThanOrEqual(1);
    expect(by.tick!.queueingDelaySeconds.max!).toBeGreaterThan(600);
    expect(r.queueingDelaySeconds.p50!).toBeGreaterThan(60);

    const html = reportHtml(r);
    expect(html).toContain('<h2>By component</h2>');
    const tick = by.tick!;
    expect(html).toContain(`<tr><td>tick</td><td>${Object.values(r.jobs.byComponent.tick!).reduce((a, b) => a + b, 0)}</td><td>${tick.batchesCompleted}</td>`);
  });

  it('compares each component between two runs: a second node shortens the wait behind the batch', async () => {
    const one = JSON.parse(JSON.stringify(await run(1)));
    const two = await run(2);
    const c = compareReports(one, two);
    const perComponent = c.figures.slice(COMPARED_FIGURES.length).map((f) => f.figure);
    expect(perComponent).toEqual([
      'byComponent.batch.batchDurationSeconds.p95',
      'byComponent.batch.queueingDelaySeconds.p95',
      'byComponent.tick.batchDurationSeconds.p95',
      'byComponent.tick.queueingDelaySeconds.p95',
    ]);
    const fig = (path: string) => c.figures.find((f) => f.figure === path)!;
    expect(fig('byComponent.tick.queueingDelaySeconds.p95')).toMatchObject({ before: one.byComponent.tick.queueingDelaySeconds.p95, after: two.byComponent.tick!.queueingDelaySeconds.p95 });
    expect(fig('byComponent.tick.queueingDelaySeconds.p95').change!).toBeLessThan(0);
    expect(fig('byComponent.batch.batchDurationSeconds.p95').change!).toBeLessThan(0);
    // A component only one run has: its figures are null on the other side.
    const renamed = { ...one, byComponent: { old: one.byComponent.tick } };
    const d = compareReports(renamed, two);
    expect(d.figures.find((f) => f.figure === 'byComponent.old.queueingDelaySeconds.p95')).toMatchObject({ before: one.byComponent.tick.queueingDelaySeconds.p95, after: null, change: null });
    expect(d.figures.find((f) => f.figure === 'byComponent.tick.queueingDelaySeconds.p95')).toMatchObject({ before: null, change: null });
    // An earlier "report" naming 10,000 components: this run's are all compared, and the table is bounded.
    const many = { ...one, byComponent: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`c${i}`, one.byComponent.tick])) };
    const e = compareReports(many, two);
    const compared = new Set(e.figures.slice(COMPARED_FIGURES.length).map((f) => f.figure.split('.')[1]));
    expect(compared.size).toBe(MAX_COMPARED_COMPONENTS);
    expect(compared.has('batch') && compared.has('tick')).toBe(true);
    expect(e.figures).toHaveLength(COMPARED_FIGURES.length + MAX_COMPARED_COMPONENTS * COMPARED_COMPONENT_FIGURES.length);
  });
});
