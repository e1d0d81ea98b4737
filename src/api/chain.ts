// Several middlewares run as one layer of Express's router: each layer the router matches costs
// a match object, closures and a params object per request (the router allocated ~11 KB of a
// create's ~43 KB when the path had five layers). The handlers run in order; an error skips to the
// app's error handling, as it would between router layers.
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export function chain(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== null) return next(err);
      const handler = handlers[i++];
      if (!handler) return next();
      try {
        const result = handler(req, res, step) as unknown;
        // Express 5 passes an async middleware's rejection on; so does this.
        if (result instanceof Promise) result.catch(next);
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}
