// Liveness and readiness: /healthz answers while the process does; /readyz says whether the engine
// can accept and progress work, and names what is wrong when it cannot.
import { KubeConfig } from '@kubernetes/client-node';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { profileByName } from '../../src/engine/profile.js';
import { defaultComponent } from '../../src/engine/types.js';
import { KubeClusterPort } from '../../src/kubernetes/kubePort.js';
import { SimRuntime, WEDGED_AFTER_MS } from '../../src/runtime/simRuntime.js';
import { END_OF_TIME_MS } from '../../src/sim/limits.js';
import { expectContract, startHarness, type Harness } from '../support/harness.js';

let h: Harness | undefined;
let runtime: SimRuntime | undefined;
afterEach(() => {
  h?.stop();
  h = undefined;
  runtime?.stop();
  runtime = undefined;
});

function appFor(rt: SimRuntime) {
  const profile = profileByName('documented');
  return createApp({ profile, manager: () => rt.manager('compute'), sim: rt, readiness: () => rt.readiness(), logError: () => undefined });
}

describe('/healthz and /readyz on the simulator', () => {
  it('are both ok on a fresh simulator, with the checks made', async () => {
    h = await startHarness();
    const app = appFor(h.runtime);
    const live = await request(app).get('/healthz');
    expectContract('get', '/healthz', live);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await request(app).get('/readyz');
    expectContract('get', '/readyz', ready);
    expect(ready.body).toEqual({
      status: 'ok',
      checks: [
        { name: 'clock', ok: true, message: '2026-01-01T00:00:00Z' },
        { name: 'engine', ok: true },
      ],
    });
  });

  it('is not ready at the end of time (nothing due later can run), alive all the same; reset makes it ready', async () => {
    h = await startHarness({ sim: { startTime: END_OF_TIME_MS - 86_400_000 } });
    const app = appFor(h.runtime);
    const job = await h.createJob({ variables: { WORKLOAD_SECONDS: '10' } });
    expect((await request(app).post('/sim/v1/clock/advance').send({ seconds: 86_400 })).status).toBe(200);
    const ready = await request(app).get('/readyz');
    expectContract('get', '/readyz', ready);
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      status: 'Failure',
      reason: 'ServiceUnavailable',
      code: 503,
      message: 'not ready: clock: the virtual clock is at its end, 9999-12-31T23:59:59Z: no work can progress (POST /sim/v1/reset starts over)',
    });
    expect((await request(app).get('/healthz')).status).toBe(200);
    // Still answering: the job is readable with a legal status, and a new one is accepted and stays Waiting.
    expect((await request(app).get(`/api/v1/jobs/${job.name}`)).body.status).toBe('Succeeded');
    const late = await request(app).post('/api/v1/jobs').send({});
    expect(late.status).toBe(200);
    expect((await request(app).post('/sim/v1/clock/advance').send({ untilIdle: true })).status).toBe(200);
    expect((await request(app).post('/sim/v1/clock/advance').send({ seconds: 1 })).status).toBe(422);
    expect((await request(app).post('/sim/v1/reset')).status).toBe(200);
    expect((await request(app).get('/readyz')).status).toBe(200);
  });

  it('is not ready when a run of due work has not finished for 10 s of wall time', async () => {
    let wall = 1_000_000;
    runtime = new SimRuntime({
      components: [defaultComponent()],
      profile: profileByName('documented'),
      clock: { mode: 'manual' },
      wallClock: { now: () => wall },
    });
    await runtime.start();
    const app = appFor(runtime);
    // A task that never settles: the simulator awaits it before time may move on.
    runtime.sim.after(0, () => new Promise<void>(() => undefined));
    void runtime.sim.runUntil(runtime.sim.now());
    await new Promise((r) => setImmediate(r));
    expect((await request(app).get('/readyz')).status).toBe(200);
    wall += WEDGED_AFTER_MS + 1000;
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.message).toBe('not ready: engine: the simulator has been on one instant for 11 s of wall time: a task of it never settles');
    expect((await request(app).get('/healthz')).status).toBe(200);
  });

  it('is not ready once stopped', async () => {
    h = await startHarness();
    h.runtime.stop();
    expect(h.runtime.readiness()).toEqual({ ready: false, checks: [{ name: 'engine', ok: false, message: 'stopped' }] });
  });
});

describe('readiness on the kubernetes backend', () => {
  it('an API server that does not answer is not reachable, and no watch means no synced cache', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: 'http://127.0.0.1:9', skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const port = new KubeClusterPort({ kubeConfig: kc, namespace: 'default' });
    const answer = await port.reachable(2000);
    expect(answer.ok).toBe(false);
    expect(answer.message).toMatch(/ECONNREFUSED|connect|refused/i);
    expect(port.synced).toBe(false);
  });
});
