// `jobsim serve`: the Job Manager API on the simulator (the default) with one listener per job component.
import type { Logger } from 'pino';
import { seedOf, UsageError } from './flags.js';
import { serveComponents, setUpEngine, type Served } from './listeners.js';
import { parseClockMode } from '../runtime/clockDriver.js';
import { SimRuntime } from '../runtime/simRuntime.js';
import { defaultNodes } from '../sim/config.js';
import { latencyOption } from './latencyOption.js';
import { CLUSTER_KEYS, loadScenario, scenarioConfig } from '../sim/scenario.js';
import type { SimulationKey } from '../sim/simulation.js';
import { observability } from './observability.js';

export interface ServeOptions {
  port: number;
  host: string;
  seed: string;
  clock: string;
  compat: string;
  component: string;
  bodyLimit: string;
  maxBatchSize?: number;
  backoffCap: number;
  workloadSeconds: number;
  /** A scenario file (nodes, faults, simulator settings; its seed wins over --seed). */
  scenario?: string;
  /** Number of default nodes (4 cpu, 16Gi each) when no scenario lists nodes. */
  nodes?: number;
  /** off, cluster or a file of latency parameters; wins over the scenario's (default: its, else cluster). */
  latency?: string;
  /** radixconfig.yaml: one listener per job component's schedulerPort (then --port and --component are ignored). */
  config?: string;
  /** Environment whose environmentConfig overrides apply (with --config). */
  environment?: string;
  /** Completed batches kept per group by history cleanup. */
  historyLimit?: number;
  /** simulator (default) or kubernetes (see serveKube.ts). */
  backend?: 'simulator' | 'kubernetes';
  /** kubernetes: kubeconfig path (default: in-cluster config, else $KUBECONFIG or ~/.kube/config). */
  kubeconfig?: string;
  /** kubernetes: namespace (default: the pod's, else the kubeconfig context's, else default). */
  namespace?: string;
  /** kubernetes: client-side rate limit of API requests per second, and its burst. */
  kubeQps?: number;
  kubeBurst?: number;
  /** kubernetes: elect one reconciler among replicas through a Lease (default true). */
  leaderElect?: boolean;
  leaseName?: string;
  /** kubernetes: leader election timing, seconds. */
  leaseDuration?: number;
  renewDeadline?: number;
  retryPeriod?: number;
  /** Serve the dashboard at /ui/ (default: on). */
  ui?: boolean;
}

export type Serving = Served<SimRuntime>;

/** serve's flag for what a key of a simulation sets, where it has one. */
const SERVE_FLAG_OF: Partial<Record<SimulationKey, string>> = {
  config: '--config',
  environment: '--environment',
  compat: '--compat',
  historyLimit: '--history-limit',
  maxBatchSize: '--max-batch-size',
};

/** One warning for the keys of a `jobsim simulate` scenario that serve accepts and does not use. */
export function unusedKeysWarning(file: string, keys: SimulationKey[]): string {
  const each = keys.map((k) => (SERVE_FLAG_OF[k] ? `${k} (serve takes ${SERVE_FLAG_OF[k]})` : k));
  return `jobsim: --scenario ${file}: not used by serve, which takes the cluster from a scenario (${CLUSTER_KEYS.join(', ')}): ${each.join(', ')}; jobsim simulate runs them`;
}

export async function serve(opts: ServeOptions, log: Logger): Promise<Serving> {
  const setup = setUpEngine(opts, log);
  const seed = seedOf(opts.seed);
  const file = opts.scenario;
  const scenario = file ? loadScenario(file, (keys) => log.warn({ scenario: file, unused: keys }, unusedKeysWarning(file, keys))) : {};
  const sim = scenarioConfig(scenario, {
    seed,
    backoffCapSeconds: opts.backoffCap,
    defaultWorkloadSeconds: opts.workloadSeconds,
    ...(opts.nodes !== undefined ? { nodes: defaultNodes(opts.nodes) } : {}),
  });
  const latency = latencyOption(opts.latency);
  if (latency) sim.latency = latency;
  const clock = parseClockMode(opts.clock);
  // A manual clock moves only through a component's /sim/v1 routes: with none served, never.
  if (clock.mode === 'manual' && setup.components.every((c) => c.schedulerPort === undefined)) {
    throw new UsageError(`--clock manual: every job component of ${setup.config?.file ?? 'the radixconfig'} runs its cron schedules only (no schedulerPort), so nothing could move the clock; use --clock real or scaled:N`);
  }
  const runtime = new SimRuntime({ ...setup.settings, clock, sim });
  await runtime.start();
  const extras = observability({ managers: () => runtime.managers, webhooks: setup.webhooks, ui: opts.ui !== false, sim: runtime });
  return serveComponents({ setup, runtime, opts, log, sim: runtime, observability: extras, describe: { fields: { clock: opts.clock, seed: opts.seed } } });
}
