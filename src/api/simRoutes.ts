// The simulator control API under /sim/v1 (DESIGN.md "Control API").
import { Router, type Request, type Response } from 'express';
import { ApiError } from '../engine/errors.js';
import { rfc3339 } from '../kube/time.js';
import { SimulatorError } from '../sim/simulator.js';
import { clockScale } from '../runtime/clockDriver.js';
import type { SimRuntime } from '../runtime/simRuntime.js';

function clockState(rt: SimRuntime) {
  const next = rt.sim.nextEventAt();
  return {
    now: rfc3339(rt.sim.now()),
    mode: rt.clockMode.mode,
    scale: clockScale(rt.clockMode),
    pendingEvents: rt.sim.pendingEvents,
    nextEventAt: next === undefined ? null : rfc3339(next),
  };
}

export function simRoutes(rt: SimRuntime): Router {
  const r = Router();
  const run = (fn: (req: Request) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      await fn(req);
    } catch (err) {
      if (err instanceof SimulatorError) throw new ApiError(409, err.message, 'Conflict');
      throw err;
    }
    res.json(clockState(rt));
  };
  r.get('/sim/v1/clock', async (_req, res) => {
    await rt.catchUp();
    res.json(clockState(rt));
  });
  r.post(
    '/sim/v1/clock/advance',
    run(async (req) => {
      const body = (req.body ?? {}) as { seconds?: number; toNextEvent?: boolean; untilIdle?: boolean };
      if (body.untilIdle) await rt.runUntilIdle();
      else if (body.toNextEvent) await rt.toNextEvent();
      else await rt.advance(body.seconds ?? 0);
    }),
  );
  r.post('/sim/v1/clock/run-until-idle', run(() => rt.runUntilIdle()));
  r.post('/sim/v1/reset', run(() => rt.reset()));
  r.get('/sim/v1/events', async (req, res) => {
    await rt.catchUp();
    const since = Number(req.query.since ?? 0);
    const log = rt.sim.log;
    const sha = log.sha256();
    if (req.query.format === 'jsonl') {
      const lines = log.linesSince(since);
      res.setHeader('X-Event-Log-Sha256', sha);
      res.type('application/x-ndjson').send(lines.length ? lines.join('\n') + '\n' : '');
      return;
    }
    const events = log.events(since);
    res.setHeader('X-Event-Log-Sha256', sha);
    res.json({ count: events.length, sha256: sha, events });
  });
  return r;
}
