// Request bodies are read as JSON whatever their Content-Type (as the reference does), so
// `curl -d '{...}'` works without a header. An empty body or `null` means "no description". The
// text is decoded as the reference's Go decoder reads it: invalid UTF-8 and lone surrogates become
// U+FFFD, nesting deeper than 10,000 levels is malformed, and a Job Manager body keeps only the
// fields of its description (unknown keys are ignored, however large or deep).
import express, { type RequestHandler } from 'express';
import { BATCH_DESCRIPTION, decodeFields, JOB_DESCRIPTION } from './goJsonKeys.js';
import { MAX_JSON_DEPTH, nestedDeeperThan, replaceLoneSurrogates } from './jsonText.js';

export interface JsonBodyOptions {
  /** radix: object keys match case-insensitively and null means "not set", as Go's encoding/json does. */
  caseInsensitiveKeys?: boolean;
}

function malformed(message: string): Error {
  return Object.assign(new Error(message), { type: 'jobsim.malformed', status: 400 });
}

export function jsonBody(limit: string, opts: JsonBodyOptions = {}): RequestHandler[] {
  const raw = express.raw({ type: () => true, limit });
  const decode = { caseInsensitive: opts.caseInsensitiveKeys === true, nullIsUnset: opts.caseInsensitiveKeys === true };
  const parse: RequestHandler = (req, _res, next) => {
    const buf = req.body as Buffer | undefined;
    const text = Buffer.isBuffer(buf) ? buf.toString('utf8') : '';
    const trimmed = text.trim();
    if (trimmed === '' || trimmed === 'null') {
      req.body = undefined;
      delete req.headers['content-type'];
      delete req.headers['content-length'];
      return next();
    }
    if (nestedDeeperThan(buf!)) return next(malformed(`exceeded max depth: JSON nested deeper than ${MAX_JSON_DEPTH} levels`));
    try {
      req.body = JSON.parse(replaceLoneSurrogates(text));
    } catch (err) {
      return next(malformed((err as Error).message));
    }
    if (req.method === 'POST') {
      if (req.path === '/api/v1/jobs') req.body = decodeFields(req.body, JOB_DESCRIPTION, decode);
      else if (req.path === '/api/v1/batches') req.body = decodeFields(req.body, BATCH_DESCRIPTION, decode);
    }
    req.headers['content-type'] = 'application/json';
    next();
  };
  return [raw, parse];
}
