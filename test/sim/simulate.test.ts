// jobsim simulate: a scenario's report is determined by the scenario (same seed, same bytes), adds
// up, and renders as a self-contained page and a PNG.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderPng, simulateScenario as simulate, withOverrides } from '../../src/cli/simulate.js';
import { faultSpans, mainChartSvg, nodeHeatmapSvg, reportHtml, timeOfDay, timeOfDaySvg } from '../../src/cli/simulationReport.js';
import { loadSimulation } from '../../src/runtime/simulate.js';
import { LATENCY_CLUSTER, LATENCY_OFF } from '../../src/sim/latency.js';
import { parseScenario } from '../../src/sim/scenario.js';
import type { Simulator } from '../../src/sim/simulator.js';

const MONTH = fileURLToPath(new URL('../../examples/scenarios/month.yaml', import.meta.url));
const HERE = fileURLToPath(new URL('./simulate.test.ts', import.meta.url));

const SMALL = (seed: number) => `
name: small
seed: ${seed}
start: 2026-01-01T00:00:00Z
horizon: 2h
maxBatchSize: 500
nodes:
  - { name: a, cpu: "2", memory: 8Gi, pods: 20 }
  - { name: b, cpu: "2", memory: 8Gi, pods: 20 }
workload:
  default: { seconds: { min: 20, max: 90 }, failureRate: 0.2 }
traffic:
  - schedule: "*/30 * * * *"
    jobs: 150
    defaults: { backoffLimit: 2, resources: { requests: { cpu: 200m } } }
  - at: [600]
    jobs: 1
    single: true
faults:
  - { type: nodeLoss, node: b, at: 2000, durationSeconds: 900 }
report:
  sampleSeconds: 60
`;

describe('jobsim simulate', () => {
  it('the month scenario, shortened to 20 minutes, gives the same report bytes twice', async () => {
    const run = async () => JSON.stringify(await simulate(loadSimulation(MONTH), { horizonMs: 20 * 60_000 }));
    const a = await run();
    const b = await run();
    expect(a).toBe(b);
    const r = JSON.parse(a);
    // Five components ticking every minute for 20 minutes (the nightly batch comes at 01:00); a
    // Forbid component skips a tick while a retried job is still running.
    const cron = Object.values(r.cron as Record<string, { created: number; skipped: number; failed: number }>);
    expect(cron.map((c) => c.created + c.skipped + c.failed)).toEqual([20, 20, 20, 20, 20]);
    expect(r.jobs.total).toBe(cron.reduce((n, c) => n + c.created, 0));
    expect(r.engineErrors.count).toBe(0);
  });

  it("bench/scenarios/many-components.yaml runs: each of 200 components' cron jobs reach its own Job Manager", async () => {
    const file = fileURLToPath(new URL('../../bench/scenarios/many-components.yaml', import.meta.url));
    const r = await simulate(loadSimulation(file), { horizonMs: 45 * 60_000 });
    const cron = Object.values(r.cron);
    expect(cron).toHaveLength(200);
    // One tick each, at 00:30, whose job ran to its end on its component's manager.
    expect(cron.every((c) => c.created === 1)).toBe(true);
    expect(r.jobs.total).toBe(200);
    expect(Object.keys(r.jobs.byComponent)).toHaveLength(200);
    expect(r.batches.cron.completed).toBe(200);
    expect(r.engineErrors.count).toBe(0);
  });

  it("bench/scenarios' month halves are the month without its nightly batch, and without its cron components", async () => {
    const bench = (name: string) => loadSimulation(fileURLToPath(new URL(`../../bench/scenarios/${name}`, import.meta.url)));
    const month = loadSimulation(MONTH);
    const cronOnly = bench('month-cron-only.yaml');
    const batchOnly = bench('month-batch-only.yaml');
    // The same cluster, seed, start and horizon; the cron half has no traffic, the batch half the month's.
    for (const half of [cronOnly, batchOnly]) {
      expect(half.cluster).toEqual(month.cluster);
      expect({ ...half.spec, traffic: [], config: '', name: '' }).toEqual({ ...month.spec, traffic: [], config: '', name: '' });
    }
    expect(cronOnly.spec.traffic).toEqual([]);
    expect(batchOnly.spec.traffic).toEqual(month.spec.traffic);
    // Before the nightly batch (01:00) the cron half runs as the month does.
    const minutes = { horizonMs: 20 * 60_000 };
    const [a, b] = [await simulate(month, minutes), await simulate(cronOnly, minutes)];
    expect(b.cron).toEqual(a.cron);
    expect(b.jobs.total).toBe(a.jobs.total);
    // The batch half serves its one job component: no cron job in its first hour.
    const r = await simulate(batchOnly, { horizonMs: 50 * 60_000 });
    expect(r.cron).toEqual({});
    expect(r.jobs.total).toBe(0);
  });

  it('keeps none of the event log lines in memory: the report counts them, and hashes them when the log is asked for', async () => {
    let sim: Simulator | undefined;
    const r = await simulate(loadSimulation(HERE, SMALL(3)), { onStart: (s) => (sim = s) });
    expect(r.eventLog.lines).toBeGreaterThan(1000);
    expect(r.eventLog).toEqual({ lines: sim!.log.count });
    expect(sim!.log.linesSince(0)).toEqual([]);
    // Asked for (--event-log): every line handed over, the same run otherwise.
    const chunks: string[] = [];
    const logged = await simulate(loadSimulation(HERE, SMALL(3)), { onStart: (s) => (sim = s), eventLog: (c) => chunks.push(c) });
    const text = chunks.join('');
    const lines = text.split('\n').slice(0, -1);
    expect(lines.length).toBe(r.eventLog.lines);
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual(lines.map((_, i) => i + 1));
    expect(logged.eventLog).toEqual({ lines: r.eventLog.lines, sha256: createHash('sha256').update(text).digest('hex') });
    expect(sim!.log.linesSince(0)).toEqual([]);
    expect(JSON.stringify({ ...logged, eventLog: null })).toBe(JSON.stringify({ ...r, eventLog: null }));
    // The page says what the report has.
    expect(reportHtml(r)).toContain(`Event log: ${r.eventLog.lines.toLocaleString('en-US')} lines.</p>`);
    expect(reportHtml(logged)).toContain(`lines, sha256 <code>${logged.eventLog.sha256}</code>.</p>`);
  });

  it('API traffic, failures and a node loss: the report adds up and follows the seed', async () => {
    const run = async (seed: number) => simulate(loadSimulation(HERE, SMALL(seed)));
    const r = await run(3);
    expect(JSON.stringify(await run(3))).toBe(JSON.stringify(r));
    expect(JSON.stringify(await run(4))).not.toBe(JSON.stringify(r));
    // Batches of 150 at 00:30, 01:00, 01:30 and 02:00 (ticks after the start) and one single job.
    expect(r.requests).toEqual({ 'compute/batch': 4, 'compute/job': 1 });
    const byStatus = Object.values(r.jobs.byStatus).reduce((a, b) => a + b, 0);
    expect(byStatus).toBe(r.jobs.total);
    expect(r.jobs.total).toBe(4 * 150 + 1);
    expect(r.attempts.retries).toBeGreaterThan(0);
    expect(r.attempts.failedByReason.Error).toBeGreaterThan(0);
    // Pods on the lost node fail and are retried.
    expect(Object.keys(r.attempts.failedByReason).length).toBeGreaterThan(1);
    expect(r.batches.api.completed).toBeGreaterThan(0);
    expect(r.batches.api.durationSeconds.p95).toBeGreaterThanOrEqual(r.batches.api.durationSeconds.p50!);
    // Each API batch one by one, in the order they completed, adding up to the summary.
    const runs = r.batches.api.runs;
    expect(runs).toHaveLength(r.batches.api.completed);
    expect(r.batches.api.runsNotListed).toBe(0);
    expect(runs.map((b) => b.jobs).sort((a, b) => a - b)).toEqual([1, 150, 150, 150, 150].slice(0, runs.length).sort((a, b) => a - b));
    expect(Math.max(...runs.map((b) => b.durationSeconds!))).toBe(r.batches.api.durationSeconds.max);
    expect(runs.map((b) => b.completed)).toEqual([...runs.map((b) => b.completed)].sort());
    for (const b of runs) expect(Date.parse(b.completed) - Date.parse(b.created)).toBe(b.durationSeconds! * 1000);
    expect(r.queueingDelaySeconds.count).toBeGreaterThan(0);
    // Utilisation every minute; one node fewer during the loss.
    expect(r.utilisation.samples).toHaveLength(121);
    expect(Math.min(...r.utilisation.samples.map((s) => s.nodes))).toBe(1);
    expect(Math.max(...r.utilisation.samples.map((s) => s.cpu))).toBeGreaterThan(0.5);
    // In cores too: node b's 2 cpu are gone from 2000 s to 2900 s (sampled each minute), and the
    // ratio is requested over allocatable.
    const lost = r.utilisation.samples.filter((s) => s.t >= 2040 && s.t <= 2880);
    expect(lost.length).toBeGreaterThan(10);
    for (const s of lost) expect(s.cpuAllocatable).toBe(2);
    for (const s of r.utilisation.samples.filter((s) => s.t < 2000 || s.t > 2940)) expect(s.cpuAllocatable).toBe(4);
    for (const s of r.utilisation.samples) {
      expect(s.cpuRequested).toBeLessThanOrEqual(s.cpuAllocatable);
      expect(s.cpu).toBeCloseTo(s.cpuRequested / s.cpuAllocatable, 3);
      // Running pods: the batches' at 200m each, and maybe the single job's (which requests none).
      expect(s.cpuRequested).toBeLessThanOrEqual(s.running * 0.2 + 1e-9);
      expect(s.cpuRequested).toBeGreaterThanOrEqual((s.running - 1) * 0.2 - 1e-9);
      expect(s.pending).toBeGreaterThanOrEqual(0);
    }
    // 150 pods for 20 slots: most wait at first, none once the batch is done, none before it.
    const at = (t: number) => r.utilisation.samples.find((s) => s.t === t)!;
    expect(at(1860)).toMatchObject({ running: 20 });
    expect(at(1860).pending).toBeGreaterThan(100);
    expect(at(1740)).toMatchObject({ running: 0, pending: 0, cpuRequested: 0 });
    expect(at(3540)).toMatchObject({ running: 0, pending: 0, cpuRequested: 0 });
    // Per node: one bin per sample here (121 samples), node b down in the bins of the loss, and the
    // two nodes' requests adding up to the cluster's at each sample.
    const { binStarts, nodes } = r.utilisation.byNode;
    expect(binStarts).toEqual(r.utilisation.samples.map((s) => s.t));
    expect(nodes.map((n) => n.name)).toEqual(['a', 'b']);
    const [a, b] = nodes;
    binStarts.forEach((t, i) => {
      if (t >= 2040 && t <= 2880) expect(b!.cpu[i]).toBeNull();
      else expect(b!.cpu[i]).not.toBeNull();
      // One sample a bin: its highest is its mean.
      expect(a!.cpuPeak[i]).toBe(a!.cpu[i]);
      expect(b!.cpuPeak[i]).toBe(b!.cpu[i]);
      const sample = r.utilisation.samples[i]!;
      expect((a!.cpu[i] ?? 0) * 2 + (b!.cpu[i] ?? 0) * 2).toBeCloseTo(sample.cpuRequested, 2);
    });
    expect(Math.max(...a!.cpu.map((v) => v ?? 0))).toBeGreaterThan(0.5);
  });

  it('--seed and --latency stand in for the scenario\'s own, and the report says which model ran', async () => {
    const own = await simulate(loadSimulation(HERE, SMALL(4)));
    // The scenario says seed 3: seed 4 from the command line is the run of a file that says 4.
    const seeded = await simulate(withOverrides(loadSimulation(HERE, SMALL(3)), { seed: '4' }));
    expect(JSON.stringify(seeded)).toBe(JSON.stringify(own));
    expect(own.scenario.seed).toBe(4);
    expect(own.scenario.latency).toEqual(LATENCY_CLUSTER);
    const off = await simulate(withOverrides(loadSimulation(HERE, SMALL(4)), { latency: LATENCY_OFF }));
    expect(off.scenario.latency).toEqual(LATENCY_OFF);
    // The same jobs, at other times: exact steps start pods sooner than the cluster model's.
    expect(off.jobs.total).toBe(own.jobs.total);
    expect(off.queueingDelaySeconds.p50!).toBeLessThan(own.queueingDelaySeconds.p50!);
    // A seed that is not digits is a string seed, as in a scenario file.
    expect(withOverrides(loadSimulation(HERE, SMALL(4)), { seed: 'night-1' }).cluster.seed).toBe('night-1');
  });

  it('renders a self-contained HTML page and a PNG of the main chart', async () => {
    const r = await simulate(loadSimulation(HERE, SMALL(5)));
    const html = reportHtml(r);
    expect(html).toContain('<svg');
    expect(html).toContain('<h2>Batches posted through the API</h2>');
    // The per-node heat map: a row per node, node b hatched while it was lost.
    const heat = nodeHeatmapSvg(r);
    expect(html).toContain(heat);
    expect(heat).toContain('>a</text>');
    expect(heat).toContain('>b</text>');
    expect(heat).toContain('fill="url(#down)"');
    // A cluster without nodes has no heat map, and the page says nothing of one.
    const noNodes = reportHtml({ ...r, utilisation: { ...r.utilisation, byNode: { binStarts: r.utilisation.byNode.binStarts, nodes: [] } } });
    expect(noNodes).not.toContain('Per node');
    expect(noNodes).not.toContain('per node');
    // A cell is coloured by the highest sample of its span, not the mean: a span with a full node in
    // it reads as full.
    const cells = (svg: string) => [...svg.matchAll(/<rect x="[\d.]+" y="8" width="[\d.]+" height="13" fill="([^"]+)"/g)].map((m) => m[1]);
    const one = (cpu: number, cpuPeak: number) => ({ ...r, utilisation: { ...r.utilisation, byNode: { binStarts: [0], nodes: [{ name: 'n', cpu: [cpu], cpuPeak: [cpuPeak] }] } } });
    expect(cells(nodeHeatmapSvg(one(0.1, 1)))).toEqual(cells(nodeHeatmapSvg(one(1, 1))));
    expect(cells(nodeHeatmapSvg(one(0.1, 1)))).not.toEqual(cells(nodeHeatmapSvg(one(0.1, 0.1))));
    expect(html).toContain('the highest sample in each of');
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).not.toContain('<script');
    // The node loss (2000 s for 900 s of a 2 h run) is shaded in both panels, and labelled once.
    const chart = mainChartSvg(r);
    expect(faultSpans(r)).toEqual([{ from: 2000, to: 2900, label: 'nodeLoss b' }]);
    expect(chart.match(/fill="#fdd9b5"/g)).toHaveLength(2);
    expect(chart.match(/>nodeLoss b</g)).toHaveLength(1);
    // Two hours: ticks every 10 minutes, from 0 min to 120 min.
    expect(chart).toContain('>0 min<');
    expect(chart).toContain('>120 min<');
    expect(chart).not.toContain('>130 min<');
    const png = await renderPng(chart);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(5000);
  });

  it("folds a run of days onto one day: each quarter of an hour's mean and highest sample, in UTC", async () => {
    const r = await simulate(loadSimulation(HERE, SMALL(5)));
    // Two days sampled every 10 minutes from 23:00 UTC: what comes at 01:00 each day lands in 01:00's bin.
    const sample = (t: number, cpuRequested: number, pending: number) => ({ t, cpu: 0, cpuRequested, cpuAllocatable: 4, running: 0, pending, nodes: 2 });
    const samples = Array.from({ length: 2 * 144 + 1 }, (_, i) => {
      const t = i * 600;
      const hourOfDay = Math.floor(((23 * 3600 + t) % 86_400) / 3600);
      return hourOfDay === 1 ? sample(t, 1 + (t >= 86_400 ? 2 : 0), 10) : sample(t, 0, 0);
    });
    const days = { ...r, scenario: { ...r.scenario, start: '2026-01-01T23:00:00.000Z', horizonSeconds: 2 * 86_400 }, utilisation: { ...r.utilisation, sampleSeconds: 600, samples } };
    const bins = timeOfDay(days);
    expect(bins).toHaveLength(96);
    const oneAm = bins.filter((b) => b.t >= 3600 && b.t < 7200);
    expect(oneAm).toHaveLength(4);
    // Samples at :00 and :10, :20, :30 and :40, :50 of each day's hour: half of each bin's from the
    // first day (cpu 1), half from the second (cpu 3), 10 pending each.
    expect(oneAm.map((b) => b.samples)).toEqual([4, 2, 4, 2]);
    for (const b of oneAm) expect(b).toMatchObject({ cpuRequestedMean: 2, cpuRequestedMax: 3, pendingMean: 10, pendingMax: 10 });
    for (const b of bins.filter((b) => b.t < 3600 || b.t >= 7200)) expect(b).toMatchObject({ cpuRequestedMax: 0, pendingMax: 0 });
    expect(bins.reduce((n, b) => n + b.samples, 0)).toBe(samples.length);
    expect(reportHtml(days)).toContain('<h3>By time of day (UTC)</h3>');
    expect(reportHtml(days)).toContain('The 2 days of the run folded onto one: for each 15 minutes of the day');
    expect(timeOfDaySvg(days)).toContain('>24 h<');
    // A run under two days has no days to fold: no chart.
    expect(r.scenario.horizonSeconds).toBeLessThan(2 * 86_400);
    expect(reportHtml(r)).not.toContain('By time of day');
  });

  it('says what each fault did (when it was active, its effects), and shades the spans it was active in', async () => {
    const text = SMALL(5).replace(
      'faults:\n  - { type: nodeLoss, node: b, at: 2000, durationSeconds: 900 }\n',
      `faults:
  - { type: nodeLoss, node: b, at: 2000, durationSeconds: 900 }
  - { type: containerCrash, exitCode: 3, at: 30m, durationSeconds: 1h, count: 2 }
  - { type: nodeShortage, node: a, cpu: "1", at: 3h }
`,
    );
    expect(text).toContain('count: 2');
    const r = await simulate(loadSimulation(HERE, text));
    expect(r.faults[0]).toEqual({ id: 'fault-1', type: 'nodeLoss', state: 'ended', hits: 1, startedSeconds: 2000, endedSeconds: 2900 });
    // Used up by its count (two crashes of the 00:30 batch) well before its hour was over.
    const crash = r.faults[1]!;
    expect(crash).toMatchObject({ id: 'fault-2', type: 'containerCrash', state: 'ended', hits: 2, startedSeconds: 1800 });
    expect(crash.endedSeconds).toBeGreaterThan(1800);
    expect(crash.endedSeconds).toBeLessThan(1800 + 3600);
    expect(r.attempts.failedByReason.Error).toBeGreaterThanOrEqual(2);
    // Past the 2 h horizon: it never started.
    expect(r.faults[2]).toEqual({ id: 'fault-3', type: 'nodeShortage', state: 'scheduled', hits: 0, startedSeconds: null, endedSeconds: null });
    expect(faultSpans(r)).toEqual([
      { from: 2000, to: 2900, label: 'nodeLoss b' },
      { from: 1800, to: crash.endedSeconds, label: 'containerCrash' },
    ]);
    const html = reportHtml(r);
    expect(html).toContain('started at 33 min 20 s, ended at 48 min 20 s; 1 effect</li>');
    expect(html).toContain(': did not start before the horizon</li>');
  });

  it("simulator.clientQps: the engine's requests wait for a token as --kube-qps makes them on a cluster", async () => {
    const text = (limit: string) => `horizon: 10m\nseed: 3\n${limit}workload: { default: { seconds: 20 } }\ntraffic:\n  - { at: 60, jobs: 60 }\n`;
    const limited = text('simulator: { clientQps: 10, clientBurst: 10 }\n');
    const r = await simulate(loadSimulation(HERE, limited));
    const free = await simulate(loadSimulation(HERE, text('')));
    expect(r.jobs.byStatus).toEqual({ Succeeded: 60 });
    expect(free.jobs.byStatus).toEqual({ Succeeded: 60 });
    // Without a limit every Job is created in the batch's instant; at 10 a second (10 saved up),
    // 60 Jobs and the batch's own writes take about 5 s, and the last jobs start that much later.
    expect(free.queueingDelaySeconds.max).toBe(0);
    expect(r.queueingDelaySeconds.max).toBeGreaterThanOrEqual(4);
    expect(r.queueingDelaySeconds.max).toBeLessThanOrEqual(7);
    expect(r.batches.api.durationSeconds.max!).toBeGreaterThan(free.batches.api.durationSeconds.max!);
    // The report and its page say which limit ran.
    expect(r.scenario.clientLimit).toEqual({ qps: 10, burst: 10 });
    expect(free.scenario.clientLimit).toBeNull();
    expect(reportHtml(r)).toContain("the engine's requests limited to 10 a second, burst 10");
    // The same bytes for the same seed.
    expect(JSON.stringify(await simulate(loadSimulation(HERE, limited)))).toBe(JSON.stringify(r));
  });

  it('scenario errors name the key; serve --scenario accepts a simulation scenario', () => {
    expect(() => loadSimulation(HERE, 'horizon: forever\n')).toThrow(/horizon: "forever" is not a duration/);
    expect(() => loadSimulation(HERE, 'traffic:\n  - jobs: 3\n')).toThrow(/traffic\[0\]: needs schedule \(cron\) or at/);
    expect(() => loadSimulation(HERE, 'traffic:\n  - jobs: 3\n    schedule: "61 * * * *"\n')).toThrow(/traffic\[0\]\.schedule: "61 \* \* \* \*" is not a valid cron schedule/);
    expect(() => loadSimulation(HERE, 'workload:\n  default: { failureRate: 2 }\n')).toThrow(/workload\.default\.failureRate: must be at most 1/);
    expect(() => loadSimulation(HERE, 'horizon: 1h\nhorizn: 2h\n')).toThrow(/unknown key horizn/);
    expect(parseScenario('config: radixconfig.yaml\nhorizon: 30d\nnodes: []\n').nodes).toEqual([]);
  });

  it('refuses a traffic batch over the batch limit before it runs (a billion jobs once ran out of memory)', async () => {
    expect(() => loadSimulation(HERE, 'traffic:\n  - { at: 60, jobs: 1000000000 }\n')).toThrow(/traffic\[0\]\.jobs: must be at most 1000000/);
    // Within the file's bound but over the profile's maximum batch size (documented: 10,000), or the scenario's.
    await expect(simulate(loadSimulation(HERE, 'traffic:\n  - { at: 60, jobs: 10001 }\n'))).rejects.toThrow(
      /traffic\[0\]\.jobs: 10001 jobs exceed the maximum batch size of 10000 \(maxBatchSize\)/,
    );
    await expect(simulate(loadSimulation(HERE, 'maxBatchSize: 20\ntraffic:\n  - { at: 60, jobs: 5 }\n  - { at: 60, jobs: 21 }\n'))).rejects.toThrow(
      /traffic\[1\]\.jobs: 21 jobs exceed the maximum batch size of 20/,
    );
    const r = await simulate(loadSimulation(HERE, 'horizon: 10m\nmaxBatchSize: 20\ntraffic:\n  - { at: 60, jobs: 20 }\n'));
    expect(r.jobs.total).toBe(20);
  });

  it('runs a job that fails every attempt with a backoffLimit of a billion (codes per attempt once ran out of memory)', async () => {
    const r = await simulate(
      loadSimulation(HERE, 'horizon: 1h\nworkload: { default: { seconds: 5, failureRate: 1 } }\ntraffic:\n  - { at: 10, jobs: 2, defaults: { backoffLimit: 1000000000 } }\n'),
    );
    // Still retrying at the horizon: the pod-failure backoff (capped at 6 minutes) paces the attempts.
    expect(r.jobs.byStatus).toEqual({ Running: 2 });
    expect(r.attempts.failedByReason).toEqual({ Error: r.attempts.total });
    expect(r.attempts.total).toBeGreaterThan(10);
    expect(r.attempts.total).toBeLessThan(40);
  });

  it('posts traffic that an apiLatency fault slows (the process once exited with the request never answered)', async () => {
    const r = await simulate(
      loadSimulation(HERE, 'horizon: 1h\nfaults: [ { type: apiLatency, verb: create, resource: RadixBatch, latencySeconds: 30 } ]\ntraffic:\n  - { at: 10, jobs: 2 }\n  - { at: 20, jobs: 1, single: true }\n'),
    );
    expect(r.requests).toEqual({ 'compute/batch': 1, 'compute/job': 1 });
    expect(r.jobs.byStatus).toEqual({ Succeeded: 3 });
    // Created 30 s after each post: the batch's run started no earlier than 40 s in.
    expect(r.batches.api.runs[0]!.created).toBe('2026-01-01T00:00:40Z');
  });

  it('refuses traffic defaults the API would refuse, or with a key a job does not have, and a workload for no component', async () => {
    const run = (text: string) => simulate(loadSimulation(HERE, `horizon: 1h\n${text}`));
    await expect(run('traffic: [ { at: 1, jobs: 2, defaults: { backoffLimit: abc } } ]\n')).rejects.toThrow(/traffic\[0\]\.defaults\.backoffLimit: must be integer/);
    await expect(run('traffic: [ { at: 1, jobs: 2, defaults: { timeLimitSeconds: -3 } } ]\n')).rejects.toThrow(/traffic\[0\]\.defaults\.timeLimitSeconds: must be >= 1/);
    await expect(run('traffic: [ { at: 1, jobs: 1, single: true, defaults: { resources: [1, 2] } } ]\n')).rejects.toThrow(/traffic\[0\]\.defaults\.resources: must be object/);
    await expect(run('traffic: [ { at: 1, jobs: 2, defaults: { backofLimit: 3 } } ]\n')).rejects.toThrow(/traffic\[0\]\.defaults: unknown key backofLimit/);
    await expect(run('workload: { comptue: { seconds: 300 } }\n')).rejects.toThrow(/workload names job component comptue, which is not served/);
    expect((await run('workload: { compute: { seconds: 300 } }\ntraffic: [ { at: 1, jobs: 2, defaults: { backoffLimit: 3 } } ]\n')).jobs.total).toBe(2);
  });

  it('bounds the horizon (the scenario\'s or an override) and the report\'s samples, and draws as many as it allows', async () => {
    expect(() => loadSimulation(HERE, 'horizon: 10d\nreport: { sampleSeconds: 1 }\n')).toThrow(
      /report\.sampleSeconds: a sample every 1 s over 864000 s is 864000 samples, more than 100000: sample every 9 s or more/,
    );
    const loaded = loadSimulation(HERE, 'horizon: 1h\n');
    // --horizon once ran a 100,000-day simulation (no end in sight) or one of no time at all.
    await expect(simulate(loaded, { horizonMs: 100_000 * 86_400_000 })).rejects.toThrow(/--horizon: must be more than 0 and at most 366 days/);
    await expect(simulate(loaded, { horizonMs: 0 })).rejects.toThrow(/--horizon: must be more than 0/);
    await expect(simulate(loadSimulation(HERE, 'horizon: 1h\nreport: { sampleSeconds: 1 }\n'), { horizonMs: 2 * 86_400_000 })).rejects.toThrow(/172800 samples/);
    // The most samples allowed: the chart (a spread of them once overflowed the stack) still renders.
    const r = await simulate(loadSimulation(HERE, 'horizon: 100000s\nreport: { sampleSeconds: 1 }\n'));
    expect(r.utilisation.samples.length).toBeGreaterThanOrEqual(99_999);
    expect(mainChartSvg(r)).toContain('<path');
    // Past what a spread takes (~120,000 arguments here): a report written by an older build, say.
    const many = Array.from({ length: 200_000 }, (_, i) => ({ ...r.utilisation.samples[0]!, t: i, running: i % 7 }));
    expect(mainChartSvg({ ...r, utilisation: { ...r.utilisation, samples: many } })).toContain('<path');
  });
});
