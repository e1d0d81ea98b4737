// Swagger UI at /swaggerui (from swagger-ui-dist, served from node_modules: no CDN), showing this
// server's openapi.yaml with its servers replaced by the page's own origin, so "Try it out" sends
// requests to the server that serves the page.
import express, { Router } from 'express';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { setRouteTemplate } from './metrics.js';

export const SWAGGER_UI_PREFIX = '/swaggerui';

const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(`${SWAGGER_UI_PREFIX}/openapi.json`)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    tryItOutEnabled: false,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
  });
};
`;

export function swaggerUiRoutes(openapiPath: string): Router {
  const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const spec = parse(readFileSync(openapiPath, 'utf8')) as Record<string, unknown>;
  // Relative to the page: the server it was loaded from.
  const sameOrigin = JSON.stringify({ ...spec, servers: [{ url: '/', description: 'this server' }] });
  const r = Router();
  r.use(SWAGGER_UI_PREFIX, (_req, res, next) => {
    setRouteTemplate(res, `${SWAGGER_UI_PREFIX}/*`);
    next();
  });
  r.get(SWAGGER_UI_PREFIX, (req, res, next) => {
    // The page loads its assets relative to itself: it must be served at the directory URL.
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) res.redirect(301, `${SWAGGER_UI_PREFIX}/`);
    else next();
  });
  r.get(`${SWAGGER_UI_PREFIX}/openapi.json`, (_req, res) => {
    res.type('application/json').send(sameOrigin);
  });
  r.get(`${SWAGGER_UI_PREFIX}/swagger-initializer.js`, (_req, res) => {
    res.type('application/javascript').send(INITIALIZER);
  });
  r.use(SWAGGER_UI_PREFIX, express.static(dir, { index: 'index.html', maxAge: '1h', fallthrough: true }));
  return r;
}
