// The simulator control API under /sim/v1 (docs/simulator.md): clock, event log, nodes, faults, reset.
import { Router, type Request, type Response } from 'express';
import { ApiError } from '../engine/errors.js';
import { rfc3339 } from '../cluster/time.js';
import { SimulatorError } from '../sim/simulator.js';
import { FaultError } from '../sim/faults.js';
import { NodeError, validateNodeConfig } from '../sim/nodes.js';
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
    // Virtual time up to now passes first (a pause or a reset takes effect at the present).
    await rt.catchUp();
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
  r.post('/sim/v1/clock/pause', run(() => rt.pause()));
  r.post('/sim/v1/clock/resume', run(async () => rt.resume()));
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
  // ---- nodes and faults ---------------------------------------------------------------------

  /** Node and fault errors in the API's error shape. */
  const guard = (fn: (req: Request) => unknown) => async (req: Request, res: Response) => {
    await rt.catchUp();
    let body: unknown;
    try {
      body = fn(req);
    } catch (err) {
      if (err instanceof NodeError) throw new ApiError(err.code, err.message);
      if (err instanceof FaultError) throw new ApiError(400, err.message, 'BadRequest');
      throw err;
    }
    res.json(body);
  };
  const nodeName = (req: Request) => String(req.params.name);
  r.get('/sim/v1/nodes', guard(() => rt.sim.nodes.summaries()));
  r.post(
    '/sim/v1/nodes',
    guard((req) => {
      const config = validateNodeConfig(req.body);
      rt.sim.nodes.add(config);
      return rt.sim.nodes.summary(config.name);
    }),
  );
  r.delete(
    '/sim/v1/nodes/:name',
    guard((req) => {
      const before = rt.sim.nodes.summary(nodeName(req));
      rt.sim.nodes.lose(nodeName(req));
      return before;
    }),
  );
  r.post('/sim/v1/nodes/:name/cordon', guard((req) => (rt.sim.nodes.cordon(nodeName(req), true), rt.sim.nodes.summary(nodeName(req)))));
  r.post('/sim/v1/nodes/:name/uncordon', guard((req) => (rt.sim.nodes.cordon(nodeName(req), false), rt.sim.nodes.summary(nodeName(req)))));
  r.get('/sim/v1/faults', guard(() => rt.sim.faults.list()));
  r.post('/sim/v1/faults', guard((req) => ({ ...rt.sim.injectFault(req.body) })));
  r.delete(
    '/sim/v1/faults/:id',
    guard((req) => {
      const fault = rt.sim.faults.remove(String(req.params.id));
      if (!fault) throw new ApiError(404, `fault ${String(req.params.id)} not found`, 'NotFound');
      return fault;
    }),
  );
  return r;
}
