// `jobsim serve --backend kubernetes`: the same Job Manager API over a real cluster (kubeconfig or
// in-cluster config). The simulator's flags (--clock, --seed, --scenario...) do not apply; there is
// no /sim/v1 control API.
import type { Logger } from 'pino';
import { KubeRuntime } from '../runtime/kubeRuntime.js';
import { serveComponents, setUpEngine, type Served } from './listeners.js';
import { observability } from './observability.js';
import type { ServeOptions } from './serve.js';

export type KubeServing = Served<KubeRuntime>;

export async function serveKubernetes(opts: ServeOptions, log: Logger): Promise<KubeServing> {
  const setup = setUpEngine(opts, log);
  const runtime = new KubeRuntime({
    ...setup.settings,
    ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}),
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    ...(opts.kubeQps ? { qps: opts.kubeQps } : {}),
    ...(opts.kubeBurst ? { burst: opts.kubeBurst } : {}),
    onRetry: (what, err, attempt, delayMs) => log.warn({ what, code: err.code, reason: err.reason, message: err.message, attempt, delayMs: Math.round(delayMs) }, 'kubernetes API: retrying'),
  });
  await runtime.start();
  log.info(
    { server: runtime.config.server, kubeconfig: runtime.config.source, namespace: runtime.config.namespace, qps: runtime.port.limiter.qps, burst: runtime.port.limiter.burst },
    'jobsim: kubernetes backend connected',
  );
  return serveComponents({
    setup,
    runtime,
    opts,
    log,
    observability: observability({ managers: () => runtime.managers, webhooks: setup.webhooks, ui: opts.ui !== false, kube: runtime.port }),
    describe: { fields: { backend: 'kubernetes' }, suffix: ` (kubernetes, namespace ${runtime.config.namespace})` },
  });
}
