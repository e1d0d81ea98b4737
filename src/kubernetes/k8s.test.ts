// Unit tests of the kubernetes backend's pure parts: the token bucket, the mapping of API
// errors to ClusterError, and the wire form of typed objects. The port itself is tested against
// a real control plane (test/cluster).
import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ClusterError } from '../cluster/port.js';
import { mapError } from './errors.js';
import { TokenBucket } from '../cluster/tokenBucket.js';
import { toWire } from './wire.js';

describe('TokenBucket', () => {
  it('lets a burst through at once, then spaces requests at qps', async () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    for (let i = 0; i < 3; i++) await bucket.acquire();
    let got = false;
    const p = bucket.acquire().then(() => (got = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(got).toBe(false);
    now = 100; // one token at 10/s
    await p;
    expect(got).toBe(true);
  });

  it('serves waiters in order and never exceeds the rate over time', async () => {
    const bucket = new TokenBucket(200, 1);
    const order: number[] = [];
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 11 }, (_, i) => bucket.acquire().then(() => order.push(i))));
    const elapsed = performance.now() - t0;
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // 1 at once, then 10 more at 200/s: at least ~50 ms.
    expect(elapsed).toBeGreaterThanOrEqual(45);
  });

  it('serves the interactive lane before queued background requests, within the same rate', async () => {
    let now = 0;
    const bucket = new TokenBucket(10, 1, () => now);
    const order: string[] = [];
    await bucket.acquire('background');
    const waits = [
      ...Array.from({ length: 5 }, (_, i) => bucket.acquire('background').then(() => order.push(`b${i}`))),
      bucket.acquire('interactive').then(() => order.push('i0')),
    ];
    expect(bucket.waiting).toBe(6);
    for (let step = 1; step <= 6; step++) {
      now = step * 100; // one token per 100 ms of the bucket's clock; its timer waits as long in real time
      for (let i = 0; i < 60 && order.length < step; i++) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 5));
      expect(order, `after ${step} tokens`).toHaveLength(step);
    }
    await Promise.all(waits);
    expect(order).toEqual(['i0', 'b0', 'b1', 'b2', 'b3', 'b4']);
  });

  it('refuses a nonsensical configuration', () => {
    expect(() => new TokenBucket(0, 1)).toThrow(/qps/);
    expect(() => new TokenBucket(1, 0)).toThrow(/burst/);
  });
});

describe('mapError', () => {
  const status = (code: number, reason: string, message: string, details?: object) =>
    new ApiException(code, 'x', JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, ...(details ? { details } : {}) }), {});

  it("keeps the apiserver's code, reason, message and details", () => {
    const m = mapError(status(409, 'AlreadyExists', 'jobs.batch "a" already exists', { name: 'a', kind: 'jobs' }), 'create Job a');
    expect(m.error).toBeInstanceOf(ClusterError);
    expect(m.error).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'jobs.batch "a" already exists', details: { name: 'a', kind: 'jobs' } });
    expect(m.retryable).toBe(false);
  });

  it('retries 429 (with Retry-After) and 5xx, not 4xx', () => {
    expect(mapError(status(429, 'TooManyRequests', 'slow down', { retryAfterSeconds: 2 }), 'x')).toMatchObject({ retryable: true, retryAfterMs: 2000 });
    expect(mapError(status(500, 'InternalError', 'boom'), 'x')).toMatchObject({ retryable: true, ambiguous: true });
    expect(mapError(status(503, 'ServiceUnavailable', 'x'), 'x').retryable).toBe(true);
    expect(mapError(status(422, 'Invalid', 'bad'), 'x').retryable).toBe(false);
    expect(mapError(status(404, 'NotFound', 'gone'), 'x').error.code).toBe(404);
  });

  it('maps a body that is not a Status by its HTTP code', () => {
    const m = mapError(new ApiException(502, 'x', '<html>bad gateway</html>', {}), 'get Job a');
    expect(m.error).toMatchObject({ code: 502, message: '<html>bad gateway</html>' });
    expect(m.retryable).toBe(true);
  });

  it('treats a refused connection as retryable and not applied, a reset as ambiguous', () => {
    const refused = mapError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' }), 'list Jobs');
    expect(refused).toMatchObject({ retryable: true, ambiguous: false });
    expect(refused.error.code).toBe(503);
    const reset = mapError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'create Job a');
    expect(reset).toMatchObject({ retryable: true, ambiguous: true });
  });
});

describe('toWire', () => {
  it('turns Dates into RFC 3339 (seconds for metav1.Time) and drops undefined', () => {
    const typed = { metadata: { name: 'a', creationTimestamp: new Date('2026-01-01T00:00:00Z'), uid: undefined }, status: { t: new Date('2026-01-01T00:00:00.123Z') }, list: [new Date(0)] };
    expect(toWire(typed)).toEqual({ metadata: { name: 'a', creationTimestamp: '2026-01-01T00:00:00Z' }, status: { t: '2026-01-01T00:00:00.123Z' }, list: ['1970-01-01T00:00:00Z'] });
  });
});
