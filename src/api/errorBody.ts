// Turns anything thrown while serving a request into the API's error shape.
import type { ErrorRequestHandler } from 'express';
import { ApiError } from '../engine/errors.js';
import type { Profile } from '../engine/profile.js';

interface ValidatorError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
  errors?: { path?: string; message?: string; errorCode?: string }[];
  headers?: Record<string, string>;
}

/**
 * The body parser's and the OpenAPI validator's errors, as ApiErrors. `hasBody`: the request still
 * has a content type; the body parser drops it with an empty body or a JSON `null` (no body, as the
 * reference's decoder reads them).
 */
export function toApiError(err: unknown, profile: Profile, path: string, hasBody = true): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as ValidatorError;
  const status = e.status ?? e.statusCode;
  if (e.type === 'entity.too.large' || status === 413) {
    return new ApiError(413, `request body is larger than the limit of this server (${e.message ?? 'too large'})`, 'RequestEntityTooLarge');
  }
  if (e.type === 'entity.parse.failed' || e.type === 'jobsim.malformed') {
    const what = path.includes('/batches') ? 'BatchScheduleDescription' : 'payload';
    if (profile.terseDecodeErrors) return new ApiError(profile.malformedBodyStatus, `${what} is invalid`, 'Invalid');
    return new ApiError(profile.malformedBodyStatus, `${what} is invalid: the body is not valid JSON (${e.message ?? 'parse error'})`);
  }
  if (status === 404 && Array.isArray(e.errors)) return new ApiError(404, `route ${path} not found`, 'NotFound');
  if (status === 405) return new ApiError(405, e.message ?? 'method not allowed', 'MethodNotAllowed');
  if (status === 415) {
    // With no body, the validator's "unsupported media type undefined" means a route that needs a body got none.
    if (!hasBody) return new ApiError(422, `${subject(path)} is invalid: a JSON object body is required`, 'Invalid');
    return new ApiError(415, e.message ?? 'unsupported media type', 'UnsupportedMediaType');
  }
  if (status === 400 && Array.isArray(e.errors)) {
    const details = e.errors.map((x) => `${(x.path ?? '').replace(/^\/body\/?/, 'body.').replace(/\//g, '.')}: ${x.message ?? 'invalid'}`).join('; ');
    // A body that parses but violates the schema is 422 Invalid; bad parameters stay 400.
    const inBody = e.errors.every((x) => (x.path ?? '').startsWith('/body'));
    if (inBody) {
      const what = subject(path);
      if (profile.terseDecodeErrors && what !== 'request') {
        const terse = radixDecodeMessage(what, e.errors);
        if (terse) return new ApiError(422, terse, 'Invalid');
      }
      return new ApiError(422, `${what} is invalid: ${details}`, 'Invalid');
    }
    return new ApiError(400, `request is invalid: ${details}`, 'BadRequest');
  }
  if (typeof status === 'number' && status >= 400 && status < 500) return new ApiError(status, e.message ?? 'bad request');
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError(500, message || 'internal error', 'InternalError');
}

/**
 * The reference's message for a body its decoder refuses: just "<what> is invalid". With the radix
 * profile the request schema checks only what Go's decoder checks (scripts/gen-validators.mjs), so every
 * body error is one; out-of-range values are the RadixBatch CRD's errors (engine).
 */
function radixDecodeMessage(what: string, _errors: NonNullable<ValidatorError['errors']>): string | undefined {
  return `${what} is invalid`;
}

/** What a request body is called in messages, by route. */
function subject(path: string): string {
  return path.includes('/batches') ? 'BatchScheduleDescription' : path.includes('/sim/') ? 'request' : 'payload';
}

export function errorHandler(profile: Profile, log: (err: unknown, path: string) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const apiError = toApiError(err, profile, req.path, req.headers['content-type'] !== undefined);
    if (apiError.code >= 500) log(err, req.path);
    const allow = (err as ValidatorError).headers?.Allow ?? (err as ValidatorError).headers?.allow;
    if (allow) res.setHeader('Allow', allow);
    res.status(apiError.code).json(apiError.toBody());
  };
}
