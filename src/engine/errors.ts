// Errors the Job Manager returns to clients, in the API's error shape.

export type ErrorReason =
  | 'BadRequest'
  | 'NotFound'
  | 'Invalid'
  | 'InternalError'
  | 'MethodNotAllowed'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'Conflict'
  | 'TooManyRequests'
  | 'ServiceUnavailable';

const REASON_BY_CODE: Record<number, ErrorReason> = {
  400: 'BadRequest',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  503: 'ServiceUnavailable',
};

export class ApiError extends Error {
  readonly reason: ErrorReason;
  constructor(
    readonly code: number,
    message: string,
    reason?: ErrorReason,
  ) {
    super(message);
    this.name = 'ApiError';
    this.reason = reason ?? REASON_BY_CODE[code] ?? 'InternalError';
  }

  toBody(): { status: 'Failure'; message: string; reason: ErrorReason; code: number } {
    return { status: 'Failure', message: this.message, reason: this.reason, code: this.code };
  }
}

export const notFound = (message: string) => new ApiError(404, message, 'NotFound');
export const badRequest = (message: string) => new ApiError(400, message, 'BadRequest');
export const invalid = (message: string) => new ApiError(422, message, 'Invalid');
export const internal = (message: string) => new ApiError(500, message, 'InternalError');
