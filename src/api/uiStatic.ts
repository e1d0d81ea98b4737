// The dashboard's page and assets at /ui/, from the bundle `npm run build:ui` writes to web/dist
// (built by npm ci's prepare step; never committed). Without a bundle /ui/ says how to build one.
import express, { Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../common/packageRoot.js';
import { setRouteTemplate } from './metrics.js';

export const UI_PREFIX = '/ui';

export const UI_BUNDLE_DIR = join(packageRoot(import.meta.url), 'web', 'dist');

export function uiRoutes(bundleDir = UI_BUNDLE_DIR): Router {
  const r = Router();
  r.use(UI_PREFIX, (_req, res, next) => {
    setRouteTemplate(res, `${UI_PREFIX}/*`);
    next();
  });
  r.get(UI_PREFIX, (req, res, next) => {
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, `${UI_PREFIX}/`);
    if (!existsSync(join(bundleDir, 'index.html'))) {
      res.status(503).type('text/plain').send(`The dashboard is not built: run "npm run build:ui" (npm ci does it) and reload.\n`);
      return;
    }
    next();
  });
  // Hashed asset names: cache them; index.html is revalidated.
  r.use(
    UI_PREFIX,
    express.static(bundleDir, {
      index: 'index.html',
      maxAge: '1d',
      setHeaders: (res, path) => {
        if (path.endsWith('.html')) res.setHeader('cache-control', 'no-cache');
      },
    }),
  );
  return r;
}
