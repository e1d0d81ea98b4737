// Errors from the API server (or from reaching it) as the engine's ClusterError, keeping the
// apiserver's code, reason and message; and which of them are worth retrying.
import { ApiException } from '@kubernetes/client-node';
import { ClusterError } from '../cluster/port.js';

interface Status {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: { kind?: string; name?: string; retryAfterSeconds?: number };
}

function parseStatus(body: unknown): Status | undefined {
  if (body && typeof body === 'object') return body as Status;
  if (typeof body !== 'string' || body.length === 0) return undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Status) : undefined;
  } catch {
    return { message: body.slice(0, 500) };
  }
}

const REASON_BY_CODE: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** Codes of a refused or unreachable connection (no HTTP answer at all). */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'ECONNABORTED']);

export interface MappedError {
  error: ClusterError;
  /** Worth retrying: 429, 5xx, or no answer from the server. */
  retryable: boolean;
  /** The request may have been applied although it failed (connection lost, timeout). */
  ambiguous: boolean;
  /** Server-suggested delay (Retry-After), ms. */
  retryAfterMs?: number;
}

export function mapError(err: unknown, what: string): MappedError {
  if (err instanceof ClusterError) return { error: err, retryable: err.code === 429 || err.code >= 500, ambiguous: err.code >= 500 };
  if (err instanceof ApiException) {
    const status = parseStatus(err.body);
    const code = status?.code ?? err.code;
    const reason = status?.reason || REASON_BY_CODE[code] || 'Unknown';
    const message = status?.message || `${what}: HTTP ${err.code}`;
    const details = status?.details ? { ...(status.details.kind ? { kind: status.details.kind } : {}), ...(status.details.name ? { name: status.details.name } : {}) } : undefined;
    const header = err.headers?.['retry-after'];
    const retryAfterSeconds = status?.details?.retryAfterSeconds ?? (header ? Number(header) : undefined);
    return {
      error: new ClusterError(code, reason, message, details),
      retryable: code === 429 || code >= 500,
      ambiguous: code >= 500,
      ...(retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) ? { retryAfterMs: retryAfterSeconds * 1000 } : {}),
    };
  }
  // No HTTP answer: connection refused/reset, TLS or DNS failure, socket timeout.
  const e = err as { code?: string; cause?: { code?: string }; message?: string; name?: string };
  const sysCode = e?.code ?? e?.cause?.code;
  const message = `${what}: ${e?.message ?? String(err)}${sysCode && !(e?.message ?? '').includes(sysCode) ? ` (${sysCode})` : ''}`;
  const connection = sysCode ? CONNECTION_CODES.has(sysCode) : true;
  // The request may have reached the server before the connection broke, except when it was refused.
  return { error: new ClusterError(503, 'ServiceUnavailable', message), retryable: connection, ambiguous: sysCode !== 'ECONNREFUSED' };
}
