// The reference's HTTP routing (Go's net/http and gin, as the reference configures it), for the
// radix profile: a request-target with a malformed escape is 400 "400 Bad Request"; the path is
// decoded (so %2F is a slash), repeated slashes and dot segments are cleaned; a path that matches
// none of the reference's routes gets gin's plain-text "404 page not found", unless it differs
// from a route only by a trailing slash, which is redirected (301 for GET, 307 otherwise). Query
// strings are ignored. Matched requests continue with the cleaned path; jobsim's own paths
// (/healthz, /readyz, /sim/v1) are left as they are.
//
// One deliberate difference: a route's path with a method it does not have is 405 with the error
// shape and an Allow header, as HTTP says (the reference answers gin's 404 there too).
import type { RequestHandler, Response } from 'express';

/** The reference's routes per method, as gin's trees hold them. */
const ROUTES: Record<string, string[][]> = {
  GET: ['/api/v1/jobs', '/api/v1/jobs/:jobName', '/api/v1/batches', '/api/v1/batches/:batchName', '/api/v1/batches/:batchName/jobs/:jobName'].map(split),
  POST: [
    '/api/v1/jobs',
    '/api/v1/jobs/stop',
    '/api/v1/jobs/:jobName/stop',
    '/api/v1/batches',
    '/api/v1/batches/stop',
    '/api/v1/batches/:batchName/stop',
    '/api/v1/batches/:batchName/jobs/:jobName/stop',
  ].map(split),
  DELETE: ['/api/v1/jobs/:jobName', '/api/v1/batches/:batchName'].map(split),
};

/** jobsim's own paths, not the reference's API: routed by jobsim. */
const OWN_PATHS = /^\/(healthz$|readyz$|sim\/)/;

function split(path: string): string[] {
  return path.split('/').slice(1);
}

/**
 * The methods that have a route for this path; where a route names the path exactly
 * (`/api/v1/jobs/stop`), only those (the others reach it through a name parameter).
 */
function allowed(segments: string[]): string[] {
  const exact = Object.keys(ROUTES).filter((m) => ROUTES[m]!.some((r) => r.length === segments.length && r.every((x, i) => x === segments[i])));
  return exact.length > 0 ? exact : Object.keys(ROUTES).filter((m) => matches(m, segments));
}

function matches(method: string, segments: string[]): boolean {
  return (ROUTES[method] ?? []).some(
    (route) => route.length === segments.length && route.every((r, i) => (r.startsWith(':') ? segments[i] !== '' : r === segments[i])),
  );
}

/** Go's url path unescaping: undefined for a malformed escape (net/http answers 400). */
function unescapePath(raw: string): string | undefined {
  if (/%(?![0-9a-fA-F]{2})/.test(raw)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '%') {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(raw[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** gin's cleanPath: path.Clean that keeps a trailing slash and always starts with one. */
export function cleanPath(p: string): string {
  const trailing = p.length > 1 && p.endsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const cleaned = `/${out.join('/')}`;
  return trailing && cleaned !== '/' ? `${cleaned}/` : cleaned;
}

/** Go's path escaping (url.URL.EscapedPath): unreserved characters and $&+,/:;=@ stay as they are. */
function escapePath(p: string): string {
  return encodeURIComponent(p).replace(/%(24|26|2B|2C|2F|3A|3B|3D|40)/gi, (e) => decodeURIComponent(e));
}

/** Sets headers as given (Express's res.type and res.set would add a charset). */
function answer(res: Response, status: number, headers: Record<string, string>, body = ''): void {
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(body);
}

function notFound(res: Response): void {
  answer(res, 404, { 'Content-Type': 'text/plain' }, '404 page not found');
}

export function ginRouting(): RequestHandler {
  return (req, res, next) => {
    const [rawPath = '', query] = req.url.split('?', 2) as [string, string | undefined];
    if (OWN_PATHS.test(rawPath)) return next();
    const decoded = unescapePath(rawPath);
    if (decoded === undefined) {
      // net/http refuses the request-target before any handler runs.
      answer(res, 400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }, '400 Bad Request');
      return;
    }
    const path = cleanPath(decoded);
    const segments = split(path);
    if (matches(req.method, segments)) {
      // Express decodes route parameters again: each segment is encoded once more.
      req.url = `/${segments.map(encodeURIComponent).join('/')}`;
      return next();
    }
    if (ROUTES[req.method] && path.length > 1 && path.endsWith('/') && matches(req.method, split(path.slice(0, -1)))) {
      const location = `${escapePath(cleanPath(decoded.slice(0, -1)))}${query !== undefined ? `?${query}` : ''}`;
      if (req.method === 'GET') {
        answer(res, 301, { Location: location, 'Content-Type': 'text/html; charset=utf-8' }, `<a href="${htmlEscape(location)}">Moved Permanently</a>.\n\n`);
      } else {
        answer(res, 307, { Location: location });
      }
      return;
    }
    const methods = allowed(segments);
    if (methods.length > 0) {
      next(Object.assign(new Error(`${req.method} method not allowed`), { status: 405, headers: { Allow: methods.join(', ') } }));
      return;
    }
    notFound(res);
  };
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}
