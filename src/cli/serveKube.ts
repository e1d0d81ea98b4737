// `jobsim serve --backend kubernetes`: the same Job Manager API over a real cluster (kubeconfig or
// in-cluster config). The simulator's flags (--clock, --seed, --scenario...) do not apply; there is
// no /sim/v1 control API. Replicas elect the one that reconciles through a Lease (docs/kubernetes-ha.md).
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
    ...(opts.leaderElect === false
      ? {}
      : {
          leaderElection: {
            ...(opts.leaseName ? { leaseName: opts.leaseName } : {}),
            timing: {
              ...(opts.leaseDuration ? { leaseDurationMs: opts.leaseDuration * 1000 } : {}),
              ...(opts.renewDeadline ? { renewDeadlineMs: opts.renewDeadline * 1000 } : {}),
              ...(opts.retryPeriod ? { retryPeriodMs: opts.retryPeriod * 1000 } : {}),
            },
            onLeading: (leading) => log.info({ identity: runtime.elector?.identity, lease: opts.leaseName }, leading ? 'leader election: leading (reconciling)' : 'leader election: stopped leading'),
            onNewLeader: (holder) => log.info({ holder: holder || null, identity: runtime.elector?.identity }, 'leader election: new holder seen'),
            onError: (err) => log.debug({ err }, 'leader election: attempt failed'),
          },
        }),
  });
  await runtime.start();
  log.info(
    {
      server: runtime.config.server,
      kubeconfig: runtime.config.source,
      namespace: runtime.config.namespace,
      qps: runtime.port.limiter.qps,
      burst: runtime.port.limiter.burst,
      leaderElection: runtime.elector ? { identity: runtime.elector.identity, lease: opts.leaseName, ...runtime.elector.timing } : false,
    },
    'jobsim: kubernetes backend connected',
  );
  const served = await serveComponents({
    setup,
    runtime,
    opts,
    log,
    observability: observability({ managers: () => runtime.managers, webhooks: setup.webhooks, ui: opts.ui !== false, kube: runtime.port }),
    describe: { fields: { backend: 'kubernetes' }, suffix: ` (kubernetes, namespace ${runtime.config.namespace})` },
  });
  return {
    ...served,
    // On SIGTERM: hand the Lease over first, so another replica reconciles at once; then stop
    // accepting and finish what is in flight.
    close: async () => {
      await runtime.release();
      await served.close();
    },
    shutdown: async (graceMs) => {
      await runtime.release();
      return served.shutdown(graceMs);
    },
  };
}
