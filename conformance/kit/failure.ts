// A check fails by throwing CheckFailure: what was expected, what came back, and the exchange.
import type { Exchange, FailureDetail } from './types.js';

export class CheckFailure extends Error {
  readonly detail: FailureDetail;
  constructor(detail: FailureDetail) {
    super(detail.message);
    this.name = 'CheckFailure';
    this.detail = detail;
  }
}

/** Fails with `message` unless `condition` holds. */
export function ensure(condition: unknown, message: string, extra: Omit<FailureDetail, 'message'> = {}): asserts condition {
  if (!condition) throw new CheckFailure({ message, ...extra });
}

export function fail(message: string, extra: Omit<FailureDetail, 'message'> = {}): never {
  throw new CheckFailure({ message, ...extra });
}

/** Fails unless the response status is one of `statuses`. */
export function ensureStatus(ex: Exchange, statuses: number | number[], what: string): void {
  const ok = Array.isArray(statuses) ? statuses : [statuses];
  if (!ok.includes(ex.status)) {
    fail(`${what}: HTTP ${ex.status}`, { expected: `HTTP ${ok.join(' or ')}`, actual: `HTTP ${ex.status}`, exchange: ex });
  }
}

/** Thrown by a check that finds at run time that it cannot judge this server (with the reason). */
export class SkipCheck extends Error {
  override name = 'SkipCheck';
}

/** Fails unless `body` is the error shape `{status: "Failure", message, reason, code}` with code = HTTP status. */
export function ensureErrorShape(ex: Exchange, body: unknown, what: string): void {
  const b = body as { status?: unknown; message?: unknown; reason?: unknown; code?: unknown } | undefined;
  const ok = !!b && b.status === 'Failure' && typeof b.message === 'string' && b.message.length > 0 && typeof b.reason === 'string' && b.code === ex.status;
  if (!ok) fail(`${what}: the error body does not have the error shape`, { expected: `{"status":"Failure","message":"...","reason":"...","code":${ex.status}}`, exchange: ex });
}
