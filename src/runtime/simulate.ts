// `jobsim simulate`: runs a scenario (cluster, faults, the job components of a radixconfig whose
// cron sections tick, API traffic on schedules, what jobs do) on the manual clock as fast as the
// machine allows, and returns a report. Everything in the report follows from the scenario and its seed: the same
// scenario gives the same report, byte for byte. Wall time and memory are the caller's to measure
// (the `onDay` hook marks each virtual day).
import { InputFileError, readInputFile } from '../common/inputFile.js';
import { SeededRandom, type Random } from '../common/rng.js';
import { parseSchedule } from '../common/cronSchedule.js';
import type { JobManager } from '../engine/jobManager.js';
import { profileByName } from '../engine/profile.js';
import { LABEL_PART_OF } from '../cluster/radixBatch.js';
import { defaultComponent, type JobComponent, type JobConfig, type JobScheduleDescription } from '../engine/types.js';
import { cpuMillis } from '../cluster/quantity.js';
import { NodeUtilisation } from './nodeUtilisation.js';
import type { Node, Pod } from '../cluster/types.js';
import { checkFaultNodes, ScenarioError, scenarioConfig, scenarioDocument, validateScenario, type Scenario } from '../sim/scenario.js';
import { checkHorizon, DAY_MS, parseSimulation, withinHorizon, type SimulationSpec, type TrafficSpec, type WorkloadSpec } from '../sim/simulation.js';
import { parseClockMode } from './clockDriver.js';
import { SimRuntime } from './simRuntime.js';
import type { Simulator } from '../sim/simulator.js';
import { SimulationStats, sortedCounts } from './simulationStats.js';

export interface LoadedSimulation {
  file: string;
  cluster: Scenario;
  spec: SimulationSpec;
}

export function loadSimulation(file: string, text?: string): LoadedSimulation {
  try {
    text ??= readInputFile(file);
    const doc = scenarioDocument(text);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ScenarioError('a scenario must be a mapping');
    const cluster = validateScenario(doc);
    // A simulation's nodes are the scenario's: a fault on another node is a mistake (a server's are not).
    checkFaultNodes(cluster, true);
    return { file, cluster, spec: parseSimulation(doc as Record<string, unknown>, file) };
  } catch (err) {
    if (err instanceof InputFileError) throw new ScenarioError(err.message);
    if (err instanceof ScenarioError) throw new ScenarioError(`${file}: ${err.message}`);
    throw err;
  }
}

export interface SimulateHooks {
  /** After each whole virtual day (1-based), e.g. to measure the heap. */
  onDay?: (day: number, days: number) => void;
  /** Overrides the scenario's horizon (e.g. a shortened run in a test). */
  horizonMs?: number;
  /** Once the simulation has started (a test reads its simulator). */
  onStart?: (sim: Simulator) => void;
  /**
   * Told the simulator's event log (JSON lines, in chunks of whole lines) as the run goes; the
   * report then carries the log's sha256. Without it no line is built: the report counts them.
   */
  eventLog?: (chunk: string) => void;
}

export type SimulationReport = Awaited<ReturnType<typeof simulate>>;

/**
 * Attempts whose outcome is drawn. The codes' last entry stands for every later attempt, so a job
 * whose drawn attempts all fail fails every attempt: with a backoffLimit of a billion and every
 * attempt failing, a list per attempt ran out of memory. Only a job failing 10,000 times in a row
 * could have succeeded later (rate^10000: 4.5e-5 at a rate of 0.999).
 */
export const MAX_DRAWN_ATTEMPTS = 10_000;

/**
 * WORKLOAD_EXIT_CODES of a job: the failing attempts' code then 0, each attempt failing with
 * probability `rate`; undefined when the first succeeds.
 */
function exitCodes(rng: Random, rate: number, exitCode: number, attempts: number): string | undefined {
  if (rate <= 0) return undefined;
  const codes: number[] = [];
  const drawn = Math.min(attempts, MAX_DRAWN_ATTEMPTS);
  for (let a = 0; a < drawn; a++) {
    const fails = rng.next() < rate;
    codes.push(fails ? exitCode : 0);
    if (!fails) break;
  }
  if (codes[0] === 0) return undefined;
  // Every drawn attempt fails: one code says so (the last one stands for the attempts after it).
  return codes.at(-1) === 0 ? codes.join(',') : String(exitCode);
}

/** Per-job variables a workload needs (a drawn duration, failing attempts); undefined when none. */
function jobVariables(rng: Random, w: WorkloadSpec | undefined, attempts: number): Record<string, string> | undefined {
  if (!w) return undefined;
  let vars: Record<string, string> | undefined;
  if (typeof w.seconds === 'object') {
    const { min, max } = w.seconds;
    vars = { WORKLOAD_SECONDS: String(min + rng.int(Math.floor(max - min) + 1)) };
  }
  const codes = exitCodes(rng, w.failureRate ?? 0, w.exitCode ?? 1, attempts);
  if (codes) (vars ??= {}).WORKLOAD_EXIT_CODES = codes;
  return vars;
}

/** The application a scenario runs: the job components of its radixconfig (read by the caller). */
export interface SimulatedApp {
  app: string;
  file: string;
  components: JobComponent[];
}

export async function simulate(loaded: LoadedSimulation, config: SimulatedApp | undefined, hooks: SimulateHooks = {}) {
  const { spec, cluster } = loaded;
  const workloadOf = (component: string): WorkloadSpec | undefined => spec.workload[component] ?? spec.workload.default;
  // A fixed duration is the component's WORKLOAD_SECONDS, shared by its jobs instead of set on each.
  const components: JobComponent[] = (config?.components ?? [defaultComponent()]).map((c) => {
    const seconds = workloadOf(c.name)?.seconds;
    return typeof seconds === 'number' ? { ...c, variables: { ...c.variables, WORKLOAD_SECONDS: String(seconds) } } : c;
  });
  const horizonMs = hooks.horizonMs ?? spec.horizonMs;
  if (hooks.horizonMs !== undefined) {
    try {
      checkHorizon('--horizon', horizonMs, spec.report.sampleSeconds, spec.start);
    } catch (err) {
      throw err instanceof ScenarioError ? new ScenarioError(`${loaded.file}: ${err.message}`) : err;
    }
  }
  const notServed = (key: string, name: string) =>
    new ScenarioError(`${loaded.file}: ${key} names job component ${name}, which ${config ? `${config.file} does not enable` : 'is not served (set config)'}`);
  const served = (name: string) => components.some((c) => c.name === name);
  // A workload for a component the application does not have would be ignored without a word.
  for (const name of Object.keys(spec.workload)) {
    if (name !== 'default' && !served(name)) throw notServed('workload', name);
  }
  // A batch over the limit would be refused at every post: said now, before anything runs.
  const maxBatchSize = spec.maxBatchSize ?? profileByName(spec.compat).maxBatchSize;
  // Requests go to a component's API: one without a schedulerPort serves none (its cron
  // schedules alone make its jobs), as under `jobsim serve`.
  const withApi = components.find((c) => c.schedulerPort !== undefined);
  spec.traffic.forEach((t, i) => {
    if (t.component !== undefined && !served(t.component)) throw notServed('traffic', t.component);
    const target = t.component === undefined ? withApi : components.find((c) => c.name === t.component);
    if (target === undefined) throw new ScenarioError(`${loaded.file}: traffic[${i}]: no job component of ${config?.file ?? 'the application'} serves an API (none has a schedulerPort)`);
    if (target.schedulerPort === undefined) {
      throw new ScenarioError(`${loaded.file}: traffic[${i}].component: ${target.name} serves no API (it has no schedulerPort in ${config?.file ?? 'the application'}): its cron schedules alone create its jobs`);
    }
    if (t.jobs > maxBatchSize) {
      throw new ScenarioError(`${loaded.file}: traffic[${i}].jobs: ${t.jobs} jobs exceed the maximum batch size of ${maxBatchSize} (maxBatchSize)`);
    }
  });
  const seed = cluster.seed ?? 1;
  const rng = new SeededRandom(`${seed}:workload`);
  const stats = new SimulationStats();
  const engineErrors = { count: 0, first: [] as string[] };
  const runtime = new SimRuntime({
    components,
    profile: profileByName(spec.compat),
    clock: parseClockMode('manual'),
    // No report figure needs Kubernetes Events (messages of pods): not recording them saves ~8 store
    // records a job. The report reads only the event log's count (and its hash when the log is
    // asked for): keeping none of its lines (a server keeps the newest 50,000 for /sim/v1/events)
    // saves ~8 MB, and not building them (JSON and a hash of ~12 lines a job) ~9% of the time.
    sim: scenarioConfig(cluster, {
      seed,
      recordEvents: false,
      eventLogRetain: 0,
      eventLogDigest: hooks.eventLog !== undefined,
      ...(hooks.eventLog ? { eventLogSink: hooks.eventLog } : {}),
      ...(spec.start !== undefined ? { startTime: spec.start } : {}),
    }),
    ...(config ? { app: config.app } : {}),
    ...(spec.historyLimit ? { historyLimit: spec.historyLimit } : {}),
    ...(spec.maxBatchSize ? { maxBatchSize: spec.maxBatchSize } : {}),
    onCronTick: (tick) => stats.tick(tick),
    cronJobDescription: (component) => {
      const variables = jobVariables(rng, workloadOf(component.name), component.backoffLimit + 1);
      return variables ? { variables } : {};
    },
    onError: (err, context) => {
      engineErrors.count++;
      if (engineErrors.first.length < 5) engineErrors.first.push(`${context}: ${err instanceof Error ? err.message : String(err)}`);
    },
  });
  await runtime.start();
  const sim = runtime.sim;
  hooks.onStart?.(sim);
  const start = sim.now();
  const end = start + horizonMs;

  // Each batch is counted once, when it completes (history cleanup deletes it an hour later).
  for (const manager of runtime.managers.values()) {
    const component = manager.component.name;
    // Each manager's cache holds its own component's batches: each counts those.
    manager.cache.batchListeners.push((type, rb, previous) => {
      if (type === 'DELETED' || rb.metadata.labels?.[LABEL_PART_OF] !== undefined || rb.spec.radixDeploymentJobRef.job !== component) return;
      if (rb.status?.condition?.type === 'Completed' && previous?.status?.condition?.type !== 'Completed') stats.completed(rb, component, manager.views.jobsOf(rb));
    });
  }

  for (const t of spec.traffic) scheduleTraffic(t);

  // Node utilisation, sampled on the virtual clock (housekeeping: it does not keep the simulator
  // busy). Pods are tallied from their changes, not listed at each sample (a list expands every
  // finished pod the store keeps compact); each change comes with the version before it, so the
  // tally needs no table of the pods it counts.
  const sampleMs = spec.report.sampleSeconds * 1000;
  let running = 0;
  let pending = 0;
  /** millicores requested by the pods bound to each node (their sum: the cluster's) */
  const requestedOn = new Map<string, number>();
  /** Where a pod counts: the node it is bound to, PENDING, or undefined once it has ended. */
  const PENDING = '';
  const placeOf = (pod: Pod): string | undefined => {
    const phase = pod.status?.phase;
    return phase === 'Succeeded' || phase === 'Failed' ? undefined : (pod.spec.nodeName ?? PENDING);
  };
  // The pods of a Job template share its containers: the last sum is kept for the next pod.
  let lastContainers: Pod['spec']['containers'] | undefined;
  let lastCpu = 0;
  const cpuOf = (pod: Pod): number => {
    const containers = pod.spec.containers;
    if (containers === lastContainers) return lastCpu;
    let cpu = 0;
    for (const c of containers) cpu += cpuMillis(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
    lastContainers = containers;
    lastCpu = cpu;
    return cpu;
  };
  const count = (place: string, cpu: number, sign: 1 | -1) => {
    if (place === PENDING) pending += sign;
    else {
      running += sign;
      requestedOn.set(place, (requestedOn.get(place) ?? 0) + sign * cpu);
    }
  };
  const namespace = runtime.options.namespace ?? 'default';
  for (const pod of sim.store.list<Pod>('Pod', namespace)) {
    const place = placeOf(pod);
    if (place !== undefined) count(place, cpuOf(pod), 1);
  }
  // Straight from the store, inside each write: a client's watch would queue each pod change with
  // a drawn network delay, which a sample taken minutes apart does not need.
  sim.store.observe('Pod', (type, object, previous) => {
    if (object.metadata.namespace !== namespace) return;
    const before = previous === undefined ? undefined : placeOf(previous as Pod);
    const after = type === 'DELETED' ? undefined : placeOf(object as Pod);
    if (before === after) return;
    const cpu = cpuOf(object as Pod);
    if (before !== undefined) count(before, cpu, -1);
    if (after !== undefined) count(after, cpu, 1);
  });
  const perNode = new NodeUtilisation(Math.floor((end - start) / sampleMs) + 1, spec.report.sampleSeconds);
  const sample = () => {
    let allocatable = 0;
    let nodes = 0;
    let requested = 0;
    for (const cpu of requestedOn.values()) requested += cpu;
    for (const n of sim.store.list<Node>('Node')) {
      nodes++;
      const cpu = cpuMillis(n.status.allocatable.cpu);
      allocatable += cpu;
      perNode.add(stats.samples.length, n.metadata.name, requestedOn.get(n.metadata.name) ?? 0, cpu);
    }
    stats.samples.push({
      t: (sim.now() - start) / 1000,
      cpu: allocatable > 0 ? Math.round((requested / allocatable) * 10_000) / 10_000 : 0,
      // Cores, to the millicore: a lost node shows as allocatable going down, which the ratio hides.
      cpuRequested: requested / 1000,
      cpuAllocatable: allocatable / 1000,
      running,
      pending,
      nodes,
    });
    if (sim.now() + sampleMs <= end) sim.after(sampleMs, sample, { background: true });
  };
  sim.after(0, sample, { background: true });

  for (let day = 1; start + (day - 1) * DAY_MS < end; day++) {
    await sim.runUntil(Math.min(end, start + day * DAY_MS));
    if (start + day * DAY_MS <= end) hooks.onDay?.(day, Math.ceil(horizonMs / DAY_MS));
  }

  // Batches still unfinished at the horizon: their jobs as they stand.
  const unfinished: Record<string, number> = {};
  for (const manager of runtime.managers.values()) {
    for (const head of manager.cache.heads()) {
      if (head.metadata.labels?.[LABEL_PART_OF] !== undefined || head.spec.radixDeploymentJobRef.job !== manager.component.name) continue;
      if (head.status?.condition?.type === 'Completed') continue;
      const created = Date.parse(head.metadata.creationTimestamp ?? '');
      for (const j of manager.views.jobsOf(head)) {
        stats.job(manager.component.name, j.status, created);
        unfinished[j.status?.phase ?? 'Waiting'] = (unfinished[j.status?.phase ?? 'Waiting'] ?? 0) + 1;
      }
    }
  }
  const historyDeleted = [...runtime.managers.values()].reduce((n, m) => n + m.history.deleted, 0);
  // What each of the scenario's faults did (the registry holds them in the scenario's order).
  const sinceStart = (text: string | undefined) => (text === undefined ? null : (Date.parse(text) - start) / 1000);
  const faults = sim.faults.list().map((f) => ({ id: f.id, type: f.type, state: f.state, hits: f.hits, startedSeconds: sinceStart(f.startedAt), endedSeconds: sinceStart(f.endedAt) }));
  sim.log.flush();
  const eventLog = hooks.eventLog ? { lines: sim.log.count, sha256: sim.log.sha256() } : { lines: sim.log.count };
  runtime.stop();

  const jobs = Object.values(stats.jobsByStatus).reduce((a, b) => a + b, 0);
  return {
    scenario: {
      name: spec.name ?? null,
      seed,
      // The model the run used: the scenario's, the command line's, or the default.
      latency: sim.latency.model,
      // The engine's client-side rate limit (simulator.clientQps), null without one.
      clientLimit: sim.clientLimit ? { qps: sim.clientLimit.qps, burst: sim.clientLimit.burst } : null,
      compat: spec.compat,
      start: new Date(start).toISOString(),
      horizonSeconds: horizonMs / 1000,
      nodes: (cluster.nodes ?? []).length || sim.config.nodes.length,
      components: components.map((c) => ({ name: c.name, cron: c.cron ?? null, api: c.schedulerPort !== undefined })),
      traffic: spec.traffic,
      faults: cluster.faults ?? [],
    },
    jobs: {
      total: jobs,
      byStatus: sortedCounts(stats.jobsByStatus),
      unfinishedAtHorizon: sortedCounts(unfinished),
      byComponent: stats.jobsByComponent(),
      failedByReason: sortedCounts(stats.failedJobsByReason),
    },
    batches: {
      api: {
        completed: stats.origins.api.batches,
        durationSeconds: stats.origins.api.duration.summary(),
        // Each one, in the order they completed (the first LISTED_BATCH_RUNS).
        runs: stats.apiRuns,
        runsNotListed: stats.origins.api.batches - stats.apiRuns.length,
      },
      cron: { completed: stats.origins.cron.batches, durationSeconds: stats.origins.cron.duration.summary() },
    },
    queueingDelaySeconds: stats.queueing.summary(),
    // The same figures for each component that had a job or a batch (jobs.byComponent has its jobs).
    byComponent: stats.byComponent(),
    attempts: {
      total: stats.attempts,
      retries: stats.attempts - stats.jobsRun,
      failedByReason: sortedCounts(stats.failedAttemptsByReason),
    },
    cron: Object.fromEntries(Object.keys(stats.cron).sort().map((c) => [c, stats.cron[c]!])),
    requests: sortedCounts(stats.requests),
    faults,
    historyDeleted,
    engineErrors,
    utilisation: { sampleSeconds: spec.report.sampleSeconds, samples: stats.samples, byNode: perNode.report() },
    eventLog,
  };

  function scheduleTraffic(t: TrafficSpec): void {
    const manager = runtime.manager(t.component ?? withApi!.name);
    const send = async () => {
      try {
        const job = await post(manager, t);
        stats.request(manager.component.name, job);
      } catch (err) {
        // A refused request (e.g. over the batch limit) is counted, as a client would see it.
        stats.request(manager.component.name, 'failed');
        if (!(err instanceof Error && 'code' in err)) throw err;
      }
    };
    // On the engine's clock, as a client's requests: one that an apiLatency fault makes wait on
    // virtual time lets the clock move on (on the simulator's own queue it held it for ever).
    const clock = runtime.clock;
    for (const at of t.at ?? []) if (withinHorizon(at * 1000, horizonMs)) clock.schedule(at * 1000, send, { background: true });
    if (t.schedule) {
      const schedule = parseSchedule(t.schedule, t.timeZone ?? 'UTC');
      const arm = (after: number) => {
        const at = schedule.next(after);
        if (at === undefined || !withinHorizon(at - start, horizonMs)) return;
        clock.schedule(at - sim.now(), () => {
          arm(at);
          return send();
        }, { background: true });
      };
      arm(start);
    }
  }

  async function post(manager: JobManager, t: TrafficSpec): Promise<'job' | 'batch'> {
    const w = t.workload ?? workloadOf(manager.component.name);
    const defaults = t.defaults as JobConfig | undefined;
    const attempts = (defaults?.backoffLimit ?? manager.component.backoffLimit) + 1;
    // A fixed duration of the request's own goes in the batch defaults (one object for every job).
    const seconds = t.workload && typeof t.workload.seconds === 'number' ? { WORKLOAD_SECONDS: String(t.workload.seconds) } : undefined;
    const describe = (): JobScheduleDescription => {
      const variables = jobVariables(rng, w, attempts);
      return variables ? { variables } : {};
    };
    if (t.single) {
      const d = describe();
      await manager.createJob({ ...defaults, ...d, ...(seconds || d.variables ? { variables: { ...defaults?.variables, ...seconds, ...d.variables } } : {}) });
      return 'job';
    }
    const batchDefaults = seconds ? { ...defaults, variables: { ...defaults?.variables, ...seconds } } : defaults;
    await manager.createBatch({
      ...(t.batchId ? { batchId: t.batchId } : {}),
      ...(batchDefaults ? { defaultRadixJobComponentConfig: batchDefaults } : {}),
      jobScheduleDescriptions: Array.from({ length: t.jobs }, describe),
    });
    return 'batch';
  }
}

