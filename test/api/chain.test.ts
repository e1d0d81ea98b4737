// api/chain.ts: middlewares run as one router layer, in order; an error (passed, thrown or an async
// rejection) skips the rest and goes to the app's error handling, as between router layers.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { chain } from '../../src/api/chain.js';

function run(handler: RequestHandler): Promise<{ seen: string[]; err: unknown }> {
  const seen: string[] = [];
  const req = { seen } as unknown as Request;
  return new Promise((resolve) => handler(req, {} as Response, ((err?: unknown) => resolve({ seen, err })) as NextFunction));
}

const mark =
  (name: string): RequestHandler =>
  (req, _res, next) => {
    (req as unknown as { seen: string[] }).seen.push(name);
    next();
  };

describe('chain', () => {
  it('runs the handlers in order, then the next layer', async () => {
    const r = await run(chain(mark('a'), mark('b'), mark('c')));
    expect(r).toEqual({ seen: ['a', 'b', 'c'], err: undefined });
  });

  it('stops at an error passed on, thrown, or rejected by an async handler', async () => {
    const boom = new Error('boom');
    for (const failing of [
      ((_req, _res, next) => next(boom)) as RequestHandler,
      (() => {
        throw boom;
      }) as RequestHandler,
      (async () => {
        throw boom;
      }) as RequestHandler,
    ]) {
      const r = await run(chain(mark('a'), failing, mark('never')));
      expect(r).toEqual({ seen: ['a'], err: boom });
    }
  });

  it('continues after a handler that calls next asynchronously', async () => {
    const later: RequestHandler = (_req, _res, next) => void setTimeout(() => next(), 1);
    const r = await run(chain(mark('a'), later, mark('b')));
    expect(r).toEqual({ seen: ['a', 'b'], err: undefined });
  });
});
