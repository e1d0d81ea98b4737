// Request bodies are read as JSON whatever their Content-Type (as the reference does), so
// `curl -d '{...}'` works without a header. An empty body or `null` means "no description".
import express, { type RequestHandler } from 'express';
import { BATCH_DESCRIPTION, canonicalKeys, JOB_DESCRIPTION } from './goJsonKeys.js';

export interface JsonBodyOptions {
  /** radix: object keys match case-insensitively, as Go's encoding/json does. */
  caseInsensitiveKeys?: boolean;
  /** A body of only whitespace means no body (default); false: it is undecodable, as for Go's decoder. */
  blankIsEmpty?: boolean;
}

export function jsonBody(limit: string, opts: JsonBodyOptions = {}): RequestHandler[] {
  const raw = express.raw({ type: () => true, limit });
  const parse: RequestHandler = (req, _res, next) => {
    const buf = req.body as Buffer | undefined;
    const text = Buffer.isBuffer(buf) ? buf.toString('utf8') : '';
    if (text.length === 0 || (opts.blankIsEmpty !== false && text.trim() === '') || text.trim() === 'null') {
      req.body = undefined;
      delete req.headers['content-type'];
      delete req.headers['content-length'];
      return next();
    }
    try {
      req.body = JSON.parse(text);
      if (opts.caseInsensitiveKeys && req.method === 'POST') {
        if (req.path === '/api/v1/jobs') req.body = canonicalKeys(req.body, JOB_DESCRIPTION);
        else if (req.path === '/api/v1/batches') req.body = canonicalKeys(req.body, BATCH_DESCRIPTION);
      }
    } catch (err) {
      return next(Object.assign(new Error((err as Error).message), { type: 'jobsim.malformed', status: 400 }));
    }
    req.headers['content-type'] = 'application/json';
    next();
  };
  return [raw, parse];
}
