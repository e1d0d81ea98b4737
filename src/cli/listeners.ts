// What both backends of `jobsim serve` share: the engine settings from the flags and the
// radixconfig, one HTTP listener per job component on its schedulerPort, and shutdown.
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { createApp } from '../api/app.js';
import { loadRadixConfig, type LoadedConfig } from '../config/radixConfig.js';
import type { JobManager } from '../engine/jobManager.js';
import { profileByName, type Profile } from '../engine/profile.js';
import { defaultComponent, type JobComponent } from '../engine/types.js';
import type { ManagerSettings } from '../runtime/managers.js';
import type { SimRuntime } from '../runtime/simRuntime.js';
import { WebhookSender } from '../runtime/webhookSender.js';
import type { ServeOptions } from './serve.js';

export interface EngineSetup {
  profile: Profile;
  config: LoadedConfig | undefined;
  components: JobComponent[];
  webhooks: WebhookSender;
  /** The runtime options every backend takes. */
  settings: ManagerSettings & { webhooks: WebhookSender };
}

/** Profile, job components (from --config or the default one) and engine settings from the flags. */
export function setUpEngine(opts: ServeOptions, log: Logger): EngineSetup {
  const profile = profileByName(opts.compat);
  if (opts.environment && !opts.config) throw new Error('--environment needs --config radixconfig.yaml');
  // A malformed or invalid radixconfig stops start-up with file:line:col, path and problem.
  const config = opts.config ? loadRadixConfig(opts.config, opts.environment) : undefined;
  const components: JobComponent[] = config?.components ?? [defaultComponent(opts.component, opts.port)];
  if (config) log.info({ config: config.file, app: config.app, environment: config.environment ?? null, components: components.map((c) => c.name) }, 'jobsim: loaded radixconfig');
  const webhooks = new WebhookSender({ log });
  return {
    profile,
    config,
    components,
    webhooks,
    settings: {
      components,
      profile,
      ...(opts.maxBatchSize ? { maxBatchSize: opts.maxBatchSize } : {}),
      ...(config ? { app: config.app } : {}),
      ...(opts.historyLimit ? { historyLimit: opts.historyLimit } : {}),
      webhooks,
      onError: (err, context) => log.error({ err, context }, 'background error'),
    },
  };
}

export interface Served<R> {
  runtime: R;
  servers: Server[];
  webhooks: WebhookSender;
  close(): Promise<void>;
}

export interface ServeComponentsOptions<R> {
  setup: EngineSetup;
  runtime: R;
  opts: ServeOptions;
  log: Logger;
  /** The simulator runtime, which also serves /sim/v1 (absent on a real cluster). */
  sim?: SimRuntime;
  /** Log fields and a suffix for the "listening" line. */
  describe: { fields: Record<string, unknown>; suffix?: string };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Serves each job component of a started runtime; stops the runtime if a port cannot be bound. */
export async function serveComponents<R extends { stop(): void; manager(component: string): JobManager }>(
  o: ServeComponentsOptions<R>,
): Promise<Served<R>> {
  const { setup, runtime, opts, log } = o;
  const { profile, config, webhooks } = setup;
  const servers: Server[] = [];
  const stop = () => {
    runtime.stop();
    webhooks.close();
  };
  for (const component of setup.components) {
    const port = component.schedulerPort;
    if (port === undefined) {
      // As the reference: a job component without schedulerPort runs its cron schedules, no API.
      log.info({ component: component.name, cron: component.cron?.schedules }, `jobsim: job component ${component.name} runs its cron schedules only (no schedulerPort, no API)`);
      continue;
    }
    const app = createApp({
      profile,
      manager: () => runtime.manager(component.name),
      ...(o.sim ? { sim: o.sim } : {}),
      bodyLimit: opts.bodyLimit,
      logError: (err, path) => log.error({ err, path }, 'request failed'),
    });
    const http = createServer(app);
    try {
      await listen(http, port, opts.host);
    } catch (err) {
      stop();
      for (const s of servers) s.close();
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        const hint = config ? `change its schedulerPort in ${config.file}` : 'choose another with --port';
        throw new Error(`port ${port} on ${opts.host} is already in use (job component ${component.name}); ${hint}`);
      }
      throw err;
    }
    servers.push(http);
    const url = `http://${opts.host}:${port}`;
    log.info({ component: component.name, url, profile: profile.name, ...o.describe.fields }, `jobsim: Job Manager for ${component.name} listening on ${url}${o.describe.suffix ?? ''}`);
  }
  return {
    runtime,
    servers,
    webhooks,
    close: async () => {
      stop();
      if (webhooks.stats.delivered + webhooks.stats.dropped > 0) log.info({ webhooks: webhooks.stats }, 'jobsim: webhook deliveries');
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
