// `jobsim simulate SCENARIO`: runs a scenario on the manual clock as fast as the machine allows and
// writes its report (report.json, report.html, chart.png). Prints one JSON line with how the run
// went (wall time, heap after each virtual day): those figures depend on the machine, so they are
// kept out of the report, whose bytes depend only on the scenario.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { makeFolder } from '../common/makeFolder.js';
import { loadRadixConfig } from '../config/radixConfig.js';
import { loadSimulation, simulate, type LoadedSimulation, type SimulateHooks, type SimulationReport } from '../runtime/simulate.js';
import type { LatencyModel } from '../sim/latency.js';
import { checkHorizon, DAY_MS, parseSpan, withinHorizon } from '../sim/simulation.js';
import { DEFAULT_START_TIME } from '../sim/config.js';
import { parseSchedule } from '../common/cronSchedule.js';
import { mainChartSvg, reportHtml } from './simulationReport.js';
import { compareReports, loadEarlierReport } from './reportComparison.js';
import { trafficRequestError } from './scenarioRequests.js';
import { ScenarioError } from '../sim/scenario.js';
import { seedOf, UsageError } from './flags.js';
import { progress, timeLeft } from './progress.js';

export interface SimulateOptions {
  out: string;
  horizon?: string;
  png: boolean;
  /** Heap after a full GC at these virtual days (a GC per day measured: slower). */
  heapDays?: number[];
  /**
   * With heapDays: also a V8 heap snapshot at each of those days, `heap-day-<N>.heapsnapshot` in
   * `out` (Chrome DevTools reads it; `bench/heapSnapshot.mjs` summarises it). Hundreds of MB each.
   */
  heapSnapshots?: boolean;
  /** Instead of the scenario's seed (`--seed`). */
  seed?: string;
  /** Instead of the scenario's latency model (`--latency`). */
  latency?: LatencyModel;
  /** Write the simulator's event log (JSON lines) to this file as the run goes (`--event-log`). */
  eventLog?: string;
  /** Run the scenario without its faults (`--no-faults`): the baseline of a what-if. */
  withoutFaults?: boolean;
  /** An earlier run's report.json to set this run's headline figures beside (`--compare`). */
  compare?: string;
}

/** The scenario with the command line's seed and latency model in place of its own, and without its faults if asked. */
export function withOverrides(loaded: LoadedSimulation, o: Pick<SimulateOptions, 'seed' | 'latency' | 'withoutFaults'>): LoadedSimulation {
  if (o.seed === undefined && o.latency === undefined && !o.withoutFaults) return loaded;
  const seed = o.seed === undefined ? undefined : seedOf(o.seed);
  return {
    ...loaded,
    cluster: { ...loaded.cluster, ...(seed !== undefined ? { seed } : {}), ...(o.latency ? { latency: o.latency } : {}), ...(o.withoutFaults ? { faults: [] } : {}) },
  };
}

/** The report's main chart as PNG (resvg: an SVG renderer shipped prebuilt, no browser). */
export async function renderPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  return Buffer.from(new Resvg(svg, { background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng());
}

/** Runs a loaded scenario with the job components of its radixconfig (`config`, `environment`). */
export async function simulateScenario(loaded: LoadedSimulation, hooks: SimulateHooks = {}): Promise<SimulationReport> {
  const { spec } = loaded;
  // The environment is the scenario's key (simulate has no --environment flag).
  const config = spec.config ? loadRadixConfig(spec.config, spec.environment, 'environment:') : undefined;
  const refused = trafficRequestError(spec);
  if (refused) throw new ScenarioError(`${loaded.file}: ${refused}`);
  return simulate(loaded, config ? { app: config.app, file: config.file, components: config.components } : undefined, hooks);
}

/** The files a run writes into --out (heap snapshots aside). */
const REPORT = { json: 'report.json', html: 'report.html', png: 'chart.png' } as const;

/** The event log's file, opened before the run (a usage error if it cannot be written). */
function openEventLog(path: string, o: Pick<SimulateOptions, 'out' | 'png'>): number {
  // Written over by the report at the end, the log would be lost without a word.
  const written = o.png ? [REPORT.json, REPORT.html, REPORT.png] : [REPORT.json, REPORT.html];
  if (written.some((f) => resolve(o.out, f) === resolve(path))) throw new UsageError(`--event-log ${path}: is a file the report writes into --out (${written.join(', ')})`);
  try {
    return openSync(path, 'w');
  } catch (err) {
    throw new UsageError(`--event-log ${path}: cannot write the file (${(err as Error).message})`);
  }
}

/** The report's folder, made before the run: a run of hours must not end in a bare ENOTDIR. */
export function makeOutFolder(out: string): void {
  try {
    makeFolder(out);
  } catch (err) {
    throw new UsageError(`--out ${out}: cannot create the folder (${(err as Error).message})`);
  }
}

/** Refuses heap days the run never finishes: they would be left out of its figures without a word. */
function checkHeapDays(days: number[] | undefined, horizonMs: number): void {
  const whole = Math.floor(horizonMs / DAY_MS);
  const past = days?.find((d) => d > whole);
  if (past === undefined) return;
  throw new UsageError(`--heap-days ${past}: the run ends before virtual day ${past} is over (${whole === 0 ? 'its horizon is under a day' : `it runs ${whole} whole day${whole === 1 ? '' : 's'}`})`);
}

/**
 * What the scenario schedules past the run's horizon, which therefore never happens: said before
 * the run, not refused (`--horizon` may cut a scenario short on purpose), so that a misplaced time
 * in "what if node-3 is lost at 02:00" does not pass for an answer.
 */
export function pastHorizon(loaded: LoadedSimulation, horizonMs: number): string[] {
  const h = horizonMs / 1000;
  const out: string[] = [];
  const late = (what: string, at: number) => out.push(`${what} at ${at} s is past the horizon (${h} s): it does not happen`);
  loaded.cluster.nodes?.forEach((n, i) => {
    if (n.at !== undefined && !withinHorizon(n.at * 1000, horizonMs)) late(`nodes[${i}] (${n.name} joining)`, n.at);
  });
  loaded.cluster.faults?.forEach((f, i) => {
    if (f.at !== undefined && !withinHorizon(f.at * 1000, horizonMs)) late(`faults[${i}] (${f.type}${'node' in f && f.node !== undefined ? ` of ${f.node}` : ''})`, f.at);
  });
  const start = loaded.spec.start ?? DEFAULT_START_TIME;
  loaded.spec.traffic.forEach((t, i) => {
    const at = t.at ?? [];
    const after = at.filter((a) => !withinHorizon(a * 1000, horizonMs));
    if (after.length > 0) out.push(`traffic[${i}]: ${after.length === at.length ? (at.length === 1 ? 'its time' : `all ${at.length} of its times`) : `${after.length} of its ${at.length} times`} (${after.slice(0, 3).join(', ')}${after.length > 3 ? ', ...' : ''} s) past the horizon (${h} s): no request then`);
    if (t.schedule) {
      const first = parseSchedule(t.schedule, t.timeZone ?? 'UTC').next(start);
      if (first === undefined || !withinHorizon(first - start, horizonMs)) out.push(`traffic[${i}]: its schedule "${t.schedule}" does not fire before the horizon (${h} s): no request`);
    }
  });
  return out;
}

/**
 * `--horizon` in ms (undefined without it), checked against the scenario (its start and sampling)
 * before anything is said of the run: a horizon the run refuses must not come after warnings about it.
 */
export function horizonOverride(loaded: LoadedSimulation, horizon: string | undefined): number | undefined {
  if (horizon === undefined || horizon === '') return undefined;
  const ms = parseSpan('--horizon', /^\d+(\.\d+)?$/.test(horizon) ? Number(horizon) : horizon);
  try {
    checkHorizon('--horizon', ms, loaded.spec.report.sampleSeconds, loaded.spec.start);
  } catch (err) {
    throw err instanceof ScenarioError ? new ScenarioError(`${loaded.file}: ${err.message}`) : err;
  }
  return ms;
}

export async function runSimulate(
  file: string,
  o: SimulateOptions,
  print: (line: string) => void,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<void> {
  const loaded = withOverrides(loadSimulation(file), o);
  const horizonMs = horizonOverride(loaded, o.horizon);
  const runsMs = horizonMs ?? loaded.spec.horizonMs;
  checkHeapDays(o.heapDays, runsMs);
  const earlier = o.compare !== undefined ? loadEarlierReport(o.compare) : undefined;
  for (const line of pastHorizon(loaded, runsMs)) warn(`jobsim simulate: ${file}: ${line}`);
  makeOutFolder(o.out);
  const logFd = o.eventLog !== undefined ? openEventLog(o.eventLog, o) : undefined;
  // V8 moves allocation sites whose objects mostly survive a scavenge to old space; a simulation's
  // objects (pods, Jobs, statuses) live for minutes of virtual time but are replaced within seconds
  // of wall time, and allocated young they die young: the month in 0.90-0.95 of the time, in turns
  // with a build without it (bench/README.md).
  setFlagsFromString('--no-allocation-site-pretenuring');
  let gc: (() => void) | undefined;
  if (o.heapDays?.length) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  const heap: Record<string, number> = {};
  const snapshots: string[] = [];
  const wallAtDay: Record<string, number> = {};
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // On a terminal: which virtual day the run has reached (a month takes a while).
  const shown = progress(`jobsim simulate: ${file}`);
  const report = await simulateScenario(loaded, {
    ...(logFd !== undefined ? { eventLog: (chunk: string) => writeSync(logFd, chunk) } : {}),
    ...(horizonMs !== undefined ? { horizonMs } : {}),
    onDay: (day, days) => {
      wallAtDay[day] = Math.round(performance.now() - t0);
      const left = timeLeft(wallAtDay[day], day, days);
      shown.update(`jobsim simulate: ${file}: day ${day} of ${days} done${left ? `, ${left}` : ''}`);
      if (gc && o.heapDays!.includes(day)) {
        gc();
        gc();
        const m = process.memoryUsage();
        heap[day] = m.heapUsed + m.arrayBuffers;
        if (o.heapSnapshots) snapshots.push(writeHeapSnapshot(join(o.out, `heap-day-${day}.heapsnapshot`)));
      }
    },
  });
  shown.done();
  // A scenario with nothing that creates jobs runs, and its report is all zeros: say why.
  if (report.scenario.traffic.length === 0 && report.scenario.components.every((c) => !c.cron)) {
    warn(`jobsim simulate: ${file}: nothing in it creates jobs (no traffic: and no job component with a cron section), so no job ran; see docs/simulate.md`);
  }
  if (logFd !== undefined) closeSync(logFd);
  const wallMs = Math.round(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  const json = join(o.out, REPORT.json);
  const html = join(o.out, REPORT.html);
  const comparison = earlier !== undefined ? compareReports(earlier, report) : undefined;
  writeFileSync(json, `${JSON.stringify(comparison ? { ...report, comparison } : report, null, 2)}\n`);
  writeFileSync(html, reportHtml(report, comparison));
  const files = [json, html, ...(o.eventLog !== undefined ? [o.eventLog] : []), ...snapshots];
  if (o.png) {
    const png = join(o.out, REPORT.png);
    writeFileSync(png, await renderPng(mainChartSvg(report)));
    files.push(png);
  }
  print(
    JSON.stringify({
      scenario: file,
      node: process.version,
      wallMs,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      jobs: report.jobs.total,
      jobsByStatus: report.jobs.byStatus,
      eventLogLines: report.eventLog.lines,
      engineErrors: report.engineErrors.count,
      ...(o.heapDays?.length ? { heapMBAtDay: Object.fromEntries(Object.entries(heap).map(([d, b]) => [d, Math.round(b / 1048576)])) } : {}),
      wallMsAtDay: wallAtDay,
      files,
    }),
  );
}
