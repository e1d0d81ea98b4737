// What both backends of `jobsim serve` share: the engine settings from the flags and the
// radixconfig, one HTTP listener per job component on its schedulerPort, and shutdown.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from '../api/app.js';
import { loadRadixConfig, type LoadedConfig } from '../config/radixConfig.js';
import type { JobManager } from '../engine/jobManager.js';
import { profileByName, type Profile } from '../engine/profile.js';
import { defaultComponent, type JobComponent } from '../engine/types.js';
import type { ManagerSettings } from '../runtime/managers.js';
import { readinessOf, type Readiness } from '../runtime/readiness.js';
import type { SimRuntime } from '../runtime/simRuntime.js';
import { WebhookSender } from '../runtime/webhookSender.js';
import { UsageError } from './flags.js';
import { bannerLines, bannerUrls } from './banner.js';
import type { Observability } from './observability.js';
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
  if (opts.environment && !opts.config) throw new UsageError('--environment needs --config radixconfig.yaml');
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
      // Each tick is a line, as the reference's cron server logs what it created or skipped.
      onCronTick: (tick) => {
        const what = tick.action === 'created' ? `created ${tick.batch}` : tick.action === 'skipped' ? `skipped (${tick.running.join(', ')} still running)` : `failed: ${tick.error}`;
        log.info({ cron: tick }, `jobsim: cron tick of ${tick.component} (${tick.schedule}): ${what}`);
      },
    },
  };
}

/** What a graceful shutdown did, for its one line of output. */
export interface ShutdownReport {
  /** Wall time from the signal to the end, ms. */
  tookMs: number;
  /** Requests answered since start, and those of them answered while stopping. */
  answered: number;
  answeredWhileStopping: number;
  /** Requests whose connection was closed before they were answered (the grace period ran out). */
  cutOff: number;
  webhooks: { delivered: number; undelivered: number };
}

export interface Served<R> {
  runtime: R;
  servers: Server[];
  webhooks: WebhookSender;
  /** The URL each job component listens on (with the port actually bound). */
  urls: string[];
  /** Stops at once: no grace for requests in flight or queued webhook events. */
  close(): Promise<void>;
  /**
   * Stops gracefully: no new connections; requests in flight are finished; work due now is run and
   * queued webhook events are delivered, all within `graceMs`; then the engine stops.
   */
  shutdown(graceMs: number): Promise<ShutdownReport>;
}

/** What a runtime must offer to be served. */
export interface ServableRuntime {
  stop(): void;
  manager(component: string): JobManager;
  readiness(): Readiness | Promise<Readiness>;
  /** Runs work due now before a shutdown. */
  settle(): Promise<void>;
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
  /** Metrics, Swagger UI and the dashboard beside the API. */
  observability?: Observability;
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

/** Why a port could not be bound, in words a user can act on. */
function listenError(err: NodeJS.ErrnoException, port: number, host: string, component: string, config: LoadedConfig | undefined): Error {
  const hint = config ? `change its schedulerPort in ${config.file}` : 'choose another with --port';
  switch (err.code) {
    case 'EADDRINUSE':
      return new Error(`port ${port} on ${host} is already in use (job component ${component}); ${hint}`);
    case 'EACCES':
      return new Error(`not allowed to listen on port ${port} on ${host} (job component ${component}); ${hint}`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new Error(`cannot listen on ${host}: no such local address (${err.code}); check --host`);
    default:
      return new Error(`cannot listen on ${host}:${port} (job component ${component}): ${err.message}`);
  }
}

/** Counts requests per server: in flight now, and answered. */
class RequestCounter {
  inFlight = 0;
  answered = 0;

  track(server: Server): void {
    server.on('request', (_req, res) => {
      this.inFlight++;
      let done = false;
      const end = (finished: boolean) => {
        if (done) return;
        done = true;
        this.inFlight--;
        if (finished) this.answered++;
      };
      res.once('finish', () => end(true));
      res.once('close', () => end(res.writableFinished));
    });
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

/** Serves each job component of a started runtime; stops the runtime if a port cannot be bound. */
export async function serveComponents<R extends ServableRuntime>(o: ServeComponentsOptions<R>): Promise<Served<R>> {
  const { setup, runtime, opts, log } = o;
  const { profile, config, webhooks } = setup;
  const servers: Server[] = [];
  /** The job component each server listens for (a cron-only component has none). */
  const served: string[] = [];
  const urls: string[] = [];
  const requests = new RequestCounter();
  let stopping = false;
  const readiness = async (): Promise<Readiness> => (stopping ? readinessOf([{ name: 'shutdown', ok: false, message: 'shutting down' }]) : runtime.readiness());
  /** With no listener (every component cron-only) nothing else keeps the process up while the cron ticks. */
  let keepAlive: NodeJS.Timeout | undefined;
  const stop = () => {
    clearInterval(keepAlive);
    o.observability?.close();
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
      readiness,
      bodyLimit: opts.bodyLimit,
      logError: (err, path) => log.error({ err, path }, 'request failed'),
      ...(o.observability ? { extensions: o.observability.routes(component.name) } : {}),
    });
    const http = createServer(app);
    requests.track(http);
    try {
      await listen(http, port, opts.host);
    } catch (err) {
      stop();
      for (const s of servers) s.close();
      throw listenError(err as NodeJS.ErrnoException, port, opts.host, component.name, config);
    }
    servers.push(http);
    served.push(component.name);
    // With --port 0 the system picks the port: say which.
    const bound = (http.address() as AddressInfo).port;
    const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${bound}`;
    urls.push(url);
    log.info({ component: component.name, url, port: bound, profile: profile.name, ...o.describe.fields }, `jobsim: Job Manager for ${component.name} listening on ${url}${o.describe.suffix ?? ''}`);
  }
  if (servers.length === 0) keepAlive = setInterval(() => undefined, 2 ** 30);
  const logWebhookStats = () => {
    if (webhooks.stats.delivered + webhooks.stats.dropped > 0) log.info({ webhooks: webhooks.stats }, 'jobsim: webhook deliveries');
  };
  if (o.observability) {
    const ui = o.observability.ui;
    const listeners = servers.map((s, i) => ({ component: served[i]!, host: opts.host, port: (s.address() as AddressInfo).port }));
    log.info({ urls: listeners.map((l) => ({ component: l.component, port: l.port, ...bannerUrls(l, ui) })) }, bannerLines({ listeners, backend: opts.backend ?? 'simulator', ui }).join('\n'));
  }
  return {
    runtime,
    servers,
    webhooks,
    urls,
    close: async () => {
      stop();
      logWebhookStats();
      await Promise.all(servers.map(closeServer));
    },
    shutdown: async (graceMs) => {
      const started = performance.now();
      const left = () => Math.max(0, graceMs - (performance.now() - started));
      stopping = true;
      const answeredBefore = requests.answered;
      // No new connections; idle keep-alive connections close now, busy ones once answered.
      const closed = Promise.all(servers.map(closeServer));
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), left());
      });
      let cutOff = 0;
      if ((await Promise.race([closed, graceOver])) === 'timeout') {
        cutOff = requests.inFlight;
        if (cutOff > 0) log.warn({ requests: cutOff }, 'jobsim: grace period over: closing connections with requests still in flight');
        for (const s of servers) s.closeAllConnections();
        await closed;
      }
      clearTimeout(timer);
      try {
        await Promise.race([runtime.settle(), new Promise((resolve) => setTimeout(resolve, left()).unref())]);
      } catch (err) {
        log.error({ err }, 'jobsim: running the work due now failed');
      }
      clearInterval(keepAlive);
      runtime.stop();
      const sent = await webhooks.drain(left());
      if (sent.undelivered > 0) log.warn({ undelivered: sent.undelivered }, 'jobsim: webhook events left undelivered at shutdown');
      logWebhookStats();
      return {
        tookMs: performance.now() - started,
        answered: requests.answered,
        answeredWhileStopping: requests.answered - answeredBefore,
        cutOff,
        webhooks: sent,
      };
    },
  };
}
