// The HTTP application for one job component: Job Manager routes, health, and (on the simulator)
// the control API, with requests validated against openapi.yaml.
import express, { type Express, type RequestHandler, type Router } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { fileURLToPath } from 'node:url';
import type { JobManager } from '../engine/jobManager.js';
import type { Profile } from '../engine/profile.js';
import type { SimRuntime } from '../runtime/simRuntime.js';
import { errorHandler } from './errorBody.js';
import { jobRoutes } from './jobRoutes.js';
import { jsonBody } from './jsonBody.js';
import { simRoutes } from './simRoutes.js';

export const OPENAPI_PATH = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));

export interface AppOptions {
  profile: Profile;
  manager: () => JobManager;
  /** Present on the simulator backend: serves /sim/v1 and syncs the clock before each request. */
  sim?: SimRuntime;
  bodyLimit?: string;
  logError?: (err: unknown, path: string) => void;
  /** Routes outside /api/v1 (metrics, Swagger UI, dashboard; see extensions.ts), mounted first. */
  extensions?: Router;
}

export function createApp(opts: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('json escape', true);
  app.set('etag', false);
  if (opts.extensions) app.use(opts.extensions);

  // The reference redirects trailing slashes; serving the same resource is kinder to clients.
  app.use((req, _res, next) => {
    if (req.url.length > 1) {
      const [path, query] = req.url.split('?', 2) as [string, string | undefined];
      const trimmed = path.replace(/\/+$/, '') || '/';
      if (trimmed !== path) req.url = query === undefined ? trimmed : `${trimmed}?${query}`;
    }
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(...jsonBody(opts.bodyLimit ?? '32mb', { caseInsensitiveKeys: opts.profile.caseInsensitiveKeys }));
  app.use(
    OpenApiValidator.middleware({
      apiSpec: OPENAPI_PATH,
      validateRequests: { allowUnknownQueryParameters: false },
      validateResponses: false,
      ignorePaths: opts.sim ? undefined : /^\/sim\//,
      validateApiSpec: false,
    }),
  );
  const catchUp: RequestHandler = async (_req, _res, next) => {
    await opts.sim?.catchUp();
    next();
  };
  app.use(jobRoutes(opts.manager, catchUp));
  if (opts.sim) app.use(simRoutes(opts.sim));
  app.use((req, _res, next) => next(Object.assign(new Error(`route ${req.path} not found`), { status: 404, errors: [] })));
  app.use(errorHandler(opts.profile, opts.logError ?? ((err) => console.error(err))));
  return app;
}
