// `jobsim serve`: the Job Manager API on the simulator (the default) with one listener per job component.
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { createApp } from '../api/app.js';
import { closeServers, listenComponents } from './listeners.js';
import { loadRadixConfig } from '../config/radixConfig.js';
import { profileByName } from '../engine/profile.js';
import { defaultComponent, type JobComponent } from '../engine/types.js';
import { parseClockMode } from '../runtime/clockDriver.js';
import { SimRuntime } from '../runtime/simRuntime.js';
import { defaultNodes } from '../sim/config.js';
import { loadScenario, scenarioConfig } from '../sim/scenario.js';
import { WebhookSender } from '../runtime/webhookSender.js';

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
}

export interface Serving {
  runtime: SimRuntime;
  servers: Server[];
  webhooks: WebhookSender;
  close(): Promise<void>;
}

export async function serve(opts: ServeOptions, log: Logger): Promise<Serving> {
  const profile = profileByName(opts.compat);
  const clock = parseClockMode(opts.clock);
  if (opts.environment && !opts.config) throw new Error('--environment needs --config radixconfig.yaml');
  // A malformed or invalid radixconfig stops start-up with file:line:col, path and problem.
  const config = opts.config ? loadRadixConfig(opts.config, opts.environment) : undefined;
  const components: JobComponent[] = config?.components ?? [defaultComponent(opts.component, opts.port)];
  if (config) log.info({ config: config.file, app: config.app, environment: config.environment ?? null, components: components.map((c) => c.name) }, 'jobsim: loaded radixconfig');
  const webhooks = new WebhookSender({ log });
  const seed = /^\d+$/.test(opts.seed) ? Number(opts.seed) : opts.seed;
  const runtime = new SimRuntime({
    components,
    profile,
    clock,
    sim: scenarioConfig(opts.scenario ? loadScenario(opts.scenario) : {}, {
      seed,
      backoffCapSeconds: opts.backoffCap,
      defaultWorkloadSeconds: opts.workloadSeconds,
      ...(opts.nodes ? { nodes: defaultNodes(opts.nodes) } : {}),
    }),
    ...(opts.maxBatchSize ? { maxBatchSize: opts.maxBatchSize } : {}),
    ...(config ? { app: config.app } : {}),
    ...(opts.historyLimit ? { historyLimit: opts.historyLimit } : {}),
    webhooks,
    onError: (err, context) => log.error({ err, context }, 'background error'),
  });
  await runtime.start();
  const servers = await listenComponents({
    components,
    host: opts.host,
    log,
    appFor: (component) =>
      createApp({
        profile,
        manager: () => runtime.manager(component.name),
        sim: runtime,
        bodyLimit: opts.bodyLimit,
        logError: (err, path) => log.error({ err, path }, 'request failed'),
      }),
    describe: { fields: { profile: profile.name, clock: opts.clock, seed: opts.seed } },
    portHint: config ? `change its schedulerPort in ${config.file}` : 'choose another with --port',
    onFail: () => {
      runtime.stop();
      webhooks.close();
    },
  });
  return {
    runtime,
    servers,
    webhooks,
    close: async () => {
      runtime.stop();
      webhooks.close();
      if (webhooks.stats.delivered + webhooks.stats.dropped > 0) log.info({ webhooks: webhooks.stats }, 'jobsim: webhook deliveries');
      await closeServers(servers);
    },
  };
}
