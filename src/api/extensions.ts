// jobsim's routes beside the Job Manager API, all outside /api/v1 so the reference's routes answer
// exactly as before: GET /metrics, Swagger UI at /swaggerui, the dashboard at /ui/ (unless --no-ui)
// and its data and watch stream under /jobsim/v1. Mounted first in createApp, ahead of the OpenAPI
// validator.
import { Router, type RequestHandler } from 'express';
import type { JobManager } from '../engine/jobManager.js';
import { ChangeFeed } from './changeFeed.js';
import type { ClusterReader } from './clusterState.js';
import { dashboardRoutes, DASHBOARD_API_PREFIX } from './dashboardRoutes.js';
import type { Metrics } from './metrics.js';
import { SWAGGER_UI_PREFIX, swaggerUiRoutes } from './swaggerUi.js';
import { UI_PREFIX, uiRoutes } from './uiStatic.js';
import type { SimRuntime } from '../runtime/simRuntime.js';

export interface ExtensionOptions {
  manager: () => JobManager;
  backend: 'simulator' | 'kubernetes';
  cluster: ClusterReader;
  openapiPath: string;
  /** The simulator runtime: its event log and clock feed the watch stream. */
  sim?: SimRuntime;
  metrics?: Metrics;
  /** Serve the dashboard's page at /ui/; its data (/jobsim/v1), Swagger UI and /metrics are always served. */
  ui: boolean;
  now: () => number;
}

export interface Extensions {
  router: Router;
  /** Stops the watch stream's feed. */
  close(): void;
}

export function extensions(o: ExtensionOptions): Extensions {
  const r = Router();
  if (o.metrics) {
    r.use(o.metrics.middleware());
    r.get('/metrics', o.metrics.handler());
  }
  r.use(swaggerUiRoutes(o.openapiPath));
  if (o.ui) r.use(uiRoutes());
  // The data and the watch stream are an API of their own: served with or without the page.
  const feed = new ChangeFeed(o.manager, o.sim);
  const before: RequestHandler = async (_req, _res, next) => {
    await o.sim?.catchUp();
    next();
  };
  r.use(
    dashboardRoutes({
      manager: o.manager,
      backend: o.backend,
      cluster: o.cluster,
      feed,
      now: o.now,
      before,
      links: {
        ...(o.ui ? { dashboard: `${UI_PREFIX}/` } : {}),
        api: '/api/v1',
        data: DASHBOARD_API_PREFIX,
        watch: `${DASHBOARD_API_PREFIX}/watch`,
        swaggerUi: `${SWAGGER_UI_PREFIX}/`,
        metrics: '/metrics',
        ...(o.sim ? { sim: '/sim/v1' } : {}),
      },
    }),
  );
  return { router: r, close: () => feed.close() };
}
