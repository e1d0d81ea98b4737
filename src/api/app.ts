// The HTTP application for one job component: Job Manager routes, health, and (on the simulator)
// the control API, with requests validated against openapi.yaml (validators compiled from it).
import express, { type Express, type Router } from 'express';
import { fileURLToPath } from 'node:url';
import { ApiError } from '../engine/errors.js';
import type { JobManager } from '../engine/jobManager.js';
import type { Profile } from '../engine/profile.js';
import { whyNotReady, type Readiness } from '../runtime/readiness.js';
import type { SimRuntime } from '../runtime/simRuntime.js';
import { chain } from './chain.js';
import { errorHandler } from './errorBody.js';
import { ginRouting } from './ginRouting.js';
import { jobRoutes } from './jobRoutes.js';
import { jsonBody } from './jsonBody.js';
import { wellFormedPath } from './goText.js';
import { requestValidation } from './requestValidation.js';
import { simRoutes } from './simRoutes.js';

export const OPENAPI_PATH = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));

export interface AppOptions {
  profile: Profile;
  manager: () => JobManager;
  /** Present on the simulator backend: serves /sim/v1 and syncs the clock before each request. */
  sim?: SimRuntime;
  /** What /readyz answers (absent: ready whenever the process answers). */
  readiness?: () => Readiness | Promise<Readiness>;
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

  const gin = opts.profile.routing === 'gin';
  if (gin) app.use(ginRouting());
  else {
    // The reference redirects trailing slashes; serving the same resource is kinder to clients. A path
    // whose escapes are not UTF-8 reads with U+FFFD in their place, as the reference's Go server reads it.
    app.use((req, _res, next) => {
      const url = req.url;
      // Most paths have no trailing slash, no query and no escape: nothing to look at.
      if (url.length > 1 && (url.endsWith('/') || url.includes('?') || url.includes('%'))) {
        const [path, query] = req.url.split('?', 2) as [string, string | undefined];
        const trimmed = path.replace(/\/+$/, '') || '/';
        const wellFormed = wellFormedPath(trimmed);
        const fixed = wellFormed ?? trimmed;
        if (fixed !== path) req.url = query === undefined ? fixed : `${fixed}?${query}`;
        // The request validator reads the original URL: it must see the same escapes.
        if (wellFormed !== undefined) req.originalUrl = req.url;
      }
      next();
    });
  }
  // Liveness: the process and its event loop answer. Nothing else: a cluster that cannot be reached
  // must not get the process restarted.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Readiness: the engine can accept and progress work now.
  app.get('/readyz', async (_req, res) => {
    let r: Readiness;
    try {
      r = (await opts.readiness?.()) ?? { ready: true, checks: [] };
    } catch (err) {
      r = { ready: false, checks: [{ name: 'readiness', ok: false, message: err instanceof Error ? err.message : String(err) }] };
    }
    if (r.ready) res.json({ status: 'ok', checks: r.checks });
    else res.status(503).json(new ApiError(503, `not ready: ${whyNotReady(r)}`, 'ServiceUnavailable').toBody());
  });
  // With gin's routing an API path is a route already: only request bodies are left to check (and
  // jobsim's own paths, as in the documented profile).
  const bodyRoutes = /^\/api\/v1\/(jobs|batches)$/;
  app.use(
    chain(
      jsonBody(opts.bodyLimit ?? '32mb', {
        caseInsensitiveKeys: opts.profile.caseInsensitiveKeys,
        integerLiteralsOnly: opts.profile.integerLiteralsOnly,
        blankIsEmpty: opts.profile.blankBodyIsEmpty,
      }),
      requestValidation({
        profile: opts.profile,
        ignore: opts.sim ? undefined : /^\/sim\//,
        only: gin ? (req) => (req.method === 'POST' && bodyRoutes.test(req.path)) || !req.path.startsWith('/api/') : undefined,
      }),
    ),
  );
  // Without a clock to follow there is nothing to wait for: no promise on each request's path.
  jobRoutes(app, opts.manager, () => opts.sim?.catchUp());
  if (opts.sim) app.use(simRoutes(opts.sim));
  app.use((req, _res, next) => next(Object.assign(new Error(`route ${req.path} not found`), { status: 404, errors: [] })));
  app.use(errorHandler(opts.profile, opts.logError ?? ((err) => console.error(err))));
  return app;
}
