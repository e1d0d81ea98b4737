// What `jobsim serve` adds beside the Job Manager API, for both backends: one metrics registry for
// the process, and per job component the extension routes (Swagger UI, and with --ui the
// dashboard and its watch stream) that createApp mounts ahead of the API.
import type { Router } from 'express';
import { OPENAPI_PATH } from '../api/app.js';
import { portClusterReader, simClusterReader, type ClusterReader } from '../api/clusterState.js';
import { extensions, type Extensions } from '../api/extensions.js';
import { Metrics } from '../api/metrics.js';
import type { JobManager } from '../engine/jobManager.js';
import type { KubeClusterPort } from '../kubernetes/kubePort.js';
import type { SimRuntime } from '../runtime/simRuntime.js';
import type { WebhookSender } from '../runtime/webhookSender.js';

export interface ObservabilityOptions {
  managers: () => Map<string, JobManager>;
  webhooks: WebhookSender;
  ui: boolean;
  sim?: SimRuntime;
  kube?: KubeClusterPort;
}

export interface Observability {
  metrics: Metrics;
  ui: boolean;
  routes(component: string): Router;
  close(): void;
}

export function observability(o: ObservabilityOptions): Observability {
  const metrics = new Metrics({
    managers: () => o.managers().values(),
    webhooks: o.webhooks,
    ...(o.kube ? { kube: o.kube } : {}),
    ...(o.sim ? { sim: o.sim } : {}),
  });
  const cluster: ClusterReader = o.sim ? simClusterReader(o.sim) : portClusterReader(o.kube!);
  const sim = o.sim;
  const now = sim ? () => sim.sim.now() : () => Date.now();
  const made: Extensions[] = [];
  return {
    metrics,
    ui: o.ui,
    routes(component) {
      const ext = extensions({
        manager: () => {
          const m = o.managers().get(component);
          if (!m) throw new Error(`no job component ${component}`);
          return m;
        },
        backend: sim ? 'simulator' : 'kubernetes',
        cluster,
        openapiPath: OPENAPI_PATH,
        ...(sim ? { sim } : {}),
        metrics,
        ui: o.ui,
        now,
      });
      made.push(ext);
      return ext.router;
    },
    close() {
      for (const e of made) e.close();
    },
  };
}
