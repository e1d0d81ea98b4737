// `jobsim serve --backend kubernetes`: the same Job Manager API over a real cluster (kubeconfig or
// in-cluster config). The simulator's flags (--clock, --seed, --scenario...) do not apply; there is
// no /sim/v1 control API.
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { createApp } from '../api/app.js';
import { loadRadixConfig } from '../config/radixConfig.js';
import { profileByName } from '../engine/profile.js';
import { defaultComponent, type JobComponent } from '../engine/types.js';
import { KubeRuntime } from '../runtime/kubeRuntime.js';
import { WebhookSender } from '../runtime/webhookSender.js';
import type { ServeOptions } from './serve.js';
import { closeServers, listenComponents } from './listeners.js';

export interface KubeServing {
  runtime: KubeRuntime;
  servers: Server[];
  webhooks: WebhookSender;
  close(): Promise<void>;
}

export async function serveKubernetes(opts: ServeOptions, log: Logger): Promise<KubeServing> {
  const profile = profileByName(opts.compat);
  if (opts.environment && !opts.config) throw new Error('--environment needs --config radixconfig.yaml');
  const config = opts.config ? loadRadixConfig(opts.config, opts.environment) : undefined;
  const components: JobComponent[] = config?.components ?? [defaultComponent(opts.component, opts.port)];
  const webhooks = new WebhookSender({ log });
  const runtime = new KubeRuntime({
    components,
    profile,
    ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}),
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    ...(opts.kubeQps ? { qps: opts.kubeQps } : {}),
    ...(opts.kubeBurst ? { burst: opts.kubeBurst } : {}),
    ...(opts.maxBatchSize ? { maxBatchSize: opts.maxBatchSize } : {}),
    ...(config ? { app: config.app } : {}),
    ...(opts.historyLimit ? { historyLimit: opts.historyLimit } : {}),
    webhooks,
    onError: (err, context) => log.error({ err, context }, 'background error'),
    onRetry: (what, err, attempt, delayMs) => log.warn({ what, code: err.code, reason: err.reason, message: err.message, attempt, delayMs: Math.round(delayMs) }, 'kubernetes API: retrying'),
  });
  await runtime.start();
  log.info(
    { server: runtime.config.server, kubeconfig: runtime.config.source, namespace: runtime.config.namespace, qps: runtime.port.limiter.qps, burst: runtime.port.limiter.burst },
    'jobsim: kubernetes backend connected',
  );
  const servers = await listenComponents({
    components,
    host: opts.host,
    log,
    appFor: (component) =>
      createApp({
        profile,
        manager: () => runtime.manager(component.name),
        bodyLimit: opts.bodyLimit,
        logError: (err, path) => log.error({ err, path }, 'request failed'),
      }),
    describe: { fields: { profile: profile.name, backend: 'kubernetes' }, suffix: ` (kubernetes, namespace ${runtime.config.namespace})` },
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
      await closeServers(servers);
    },
  };
}
