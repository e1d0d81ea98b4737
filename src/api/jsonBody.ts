// Request bodies are read as JSON whatever their Content-Type (as the reference does), so
// `curl -d '{...}'` works without a header. An empty body or `null` means "no description". The
// text is decoded as the reference's Go decoder reads it: invalid UTF-8 and lone surrogates become
// U+FFFD, nesting deeper than 10,000 levels is malformed, and a Job Manager body keeps only the
// fields of its description (unknown keys are ignored, however large or deep).
import express, { type RequestHandler } from 'express';
import { BATCH_DESCRIPTION, decodeFields, JOB_DESCRIPTION } from './goJsonKeys.js';
import { markNonIntegerNumbers, MAX_JSON_DEPTH, nestedDeeperThan, replaceLoneSurrogates } from './goText.js';

export interface JsonBodyOptions {
  /** radix: object keys match case-insensitively and null means "not set", as Go's encoding/json does. */
  caseInsensitiveKeys?: boolean;
  /** radix: a Job Manager body's numbers must be integer literals (`10.0`, `1e3` do not decode), as in Go. */
  integerLiteralsOnly?: boolean;
  /** A body of only whitespace means no body (default); false: it is undecodable, as for Go's decoder. */
  blankIsEmpty?: boolean;
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
    if (text.length === 0 || (opts.blankIsEmpty !== false && trimmed === '') || trimmed === 'null') {
      req.body = undefined;
      delete req.headers['content-type'];
      delete req.headers['content-length'];
      return next();
    }
    if (nestedDeeperThan(buf!)) return next(malformed(`exceeded max depth: JSON nested deeper than ${MAX_JSON_DEPTH} levels`));
    const shape = req.method !== 'POST' ? undefined : req.path === '/api/v1/jobs' ? JOB_DESCRIPTION : req.path === '/api/v1/batches' ? BATCH_DESCRIPTION : undefined;
    try {
      const json = replaceLoneSurrogates(text);
      req.body = JSON.parse((shape && opts.integerLiteralsOnly && markNonIntegerNumbers(json)) || json);
    } catch (err) {
      return next(malformed((err as Error).message));
    }
    if (shape) req.body = decodeFields(req.body, shape, decode);
    req.headers['content-type'] = 'application/json';
    next();
  };
  return [raw, parse];
}
