// The simulator control API for nodes and faults (/sim/v1/nodes, /sim/v1/faults), through HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { expectContract, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
afterEach(() => h?.stop());

describe('/sim/v1/nodes', () => {
  it('lists, adds, cordons, uncordons and removes nodes', async () => {
    h = await startHarness();
    const list = await h.http.get('/sim/v1/nodes');
    expectContract('get', '/sim/v1/nodes', list);
    expect(list.body.map((n: { name: string }) => n.name)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(list.body[0]).toMatchObject({ unschedulable: false, capacity: { cpu: '4', memory: '16Gi', pods: '110' }, requested: { cpu: '0m', memory: '0', pods: 0 } });

    const added = await h.http.post('/sim/v1/nodes').send({ name: 'gpu-1', cpu: '8', memory: '64Gi', labels: { 'node.kubernetes.io/instance-type': 'gpu-8' }, taints: [{ key: 'sku', value: 'gpu', effect: 'NoSchedule' }] });
    expectContract('post', '/sim/v1/nodes', added);
    expect(added.body).toMatchObject({ name: 'gpu-1', taints: [{ key: 'sku', value: 'gpu', effect: 'NoSchedule' }] });
    expect((await h.http.post('/sim/v1/nodes').send({ name: 'gpu-1', cpu: '8', memory: '64Gi' })).status).toBe(409);
    const bad = await h.http.post('/sim/v1/nodes').send({ name: 'x', cpu: 'lots', memory: '1Gi' });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ status: 'Failure', code: 422, reason: 'Invalid' });
    expect(bad.body.message).toMatch(/cpu/);
    // Under 1m it would run as 1m (quantities round up): refused, as in a scenario file, state unchanged.
    const tiny = await h.http.post('/sim/v1/nodes').send({ name: 'tiny', cpu: '0.0001m', memory: '1Gi' });
    // As for cpu "0": the schema takes the text, the node check refuses its value.
    expect(tiny.status).toBe(400);
    expect(tiny.body).toMatchObject({ status: 'Failure', code: 400 });
    expect(tiny.body.message).toMatch(/cpu must be at least 1m \("0\.0001m" is less\)/);
    expect((await h.http.get('/sim/v1/nodes')).body.map((n: { name: string }) => n.name)).not.toContain('tiny');

    const cordoned = await h.http.post('/sim/v1/nodes/node-1/cordon');
    expectContract('post', '/sim/v1/nodes/{name}/cordon', cordoned);
    expect(cordoned.body.unschedulable).toBe(true);
    expect((await h.http.post('/sim/v1/nodes/node-1/uncordon')).body.unschedulable).toBe(false);

    const removed = await h.http.delete('/sim/v1/nodes/node-3');
    expectContract('delete', '/sim/v1/nodes/{name}', removed);
    expect((await h.http.get('/sim/v1/nodes')).body.map((n: { name: string }) => n.name)).toEqual(['gpu-1', 'node-1', 'node-2']);
    expect((await h.http.delete('/sim/v1/nodes/node-3')).status).toBe(404);
    const log = (await h.http.get('/sim/v1/events')).body.events.map((e: { type: string }) => e.type);
    expect(log).toEqual(expect.arrayContaining(['NodeAdded', 'NodeCordoned', 'NodeUncordoned', 'NodeLost']));
  });
});

describe('/sim/v1/faults', () => {
  it('injects, lists and deletes faults; a crash fault fails the next job with its exit code', async () => {
    h = await startHarness();
    const injected = await h.http.post('/sim/v1/faults').send({ type: 'containerCrash', exitCode: 42, afterSeconds: 1 });
    expectContract('post', '/sim/v1/faults', injected);
    expect(injected.body).toMatchObject({ id: 'fault-1', state: 'active', hits: 0, exitCode: 42 });
    // When it started, to the millisecond of virtual time; not ended yet.
    expect(injected.body.startedAt).toBe(new Date(h.sim.now()).toISOString());
    expect(injected.body.endedAt).toBeUndefined();
    const job = await h.createJob({ backoffLimit: 0 });
    await h.idle();
    const status = (await h.http.get(`/api/v1/jobs/${job.name}`)).body;
    expect(status.status).toBe('Failed');
    expect(status.podStatuses[0]).toMatchObject({ exitCode: 42, reason: 'Error' });
    const listed = await h.http.get('/sim/v1/faults');
    expectContract('get', '/sim/v1/faults', listed);
    expect(listed.body).toEqual([expect.objectContaining({ id: 'fault-1', hits: 1 })]);
    const deleted = await h.http.delete('/sim/v1/faults/fault-1');
    expectContract('delete', '/sim/v1/faults/{id}', deleted);
    expect(deleted.body.state).toBe('ended');
    expect(deleted.body.endedAt).toBe(new Date(h.sim.now()).toISOString());
    expect(Date.parse(deleted.body.endedAt)).toBeGreaterThan(Date.parse(injected.body.startedAt));
    expect((await h.http.get('/sim/v1/faults')).body).toEqual([]);
    expect((await h.http.delete('/sim/v1/faults/fault-1')).status).toBe(404);
  });

  it('refuses a nodeLoss now of a node that does not exist (it stayed active with nothing to do); a later one may name a node to come', async () => {
    h = await startHarness();
    const missing = await h.http.post('/sim/v1/faults').send({ type: 'nodeLoss', node: 'nope' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ status: 'Failure', code: 400, message: 'nodeLoss: node nope does not exist (nodes: node-1, node-2, node-3)' });
    expect((await h.http.get('/sim/v1/faults')).body).toEqual([]);
    expect((await h.http.post('/sim/v1/faults').send({ type: 'nodeLoss', node: 'node-1' })).status).toBe(200);
    expect((await h.http.post('/sim/v1/faults').send({ type: 'nodeLoss', node: 'gpu-9', at: 100_000 })).status).toBe(200);
  });

  it('refuses an invalid fault with 422: what each type needs is part of the schema', async () => {
    h = await startHarness();
    const schema = await h.http.post('/sim/v1/faults').send({ type: 'containerCrash', exitCode: 0 });
    expect(schema.status).toBe(422);
    const incomplete = await h.http.post('/sim/v1/faults').send({ type: 'nodeLoss' });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body).toMatchObject({ status: 'Failure', code: 422, reason: 'Invalid' });
    expect(incomplete.body.message).toMatch(/node/);
    expect((await h.http.get('/sim/v1/faults')).body).toEqual([]);
  });

  it('an API fault on the port surfaces as an API error and the job still completes once it ends', async () => {
    h = await startHarness();
    await h.http.post('/sim/v1/faults').send({ type: 'api', verb: 'create', resource: 'RadixBatch', error: 429, count: 1 });
    const refused = await h.http.post('/api/v1/jobs').send({});
    expect(refused.status).toBe(503);
    const job = await h.createJob({});
    await h.idle();
    expect((await h.http.get(`/api/v1/jobs/${job.name}`)).body.status).toBe('Succeeded');
  });
});

describe('/sim/v1 routes that need a body', () => {
  it('answer a missing body, or the body `null`, with 422 Invalid in the error shape, and change nothing', async () => {
    h = await startHarness();
    const before = (await h.http.get('/sim/v1/events')).body.sha256;
    for (const path of ['/sim/v1/faults', '/sim/v1/nodes', '/sim/v1/clock/advance']) {
      for (const send of [(r: ReturnType<typeof h.http.post>) => r, (r: ReturnType<typeof h.http.post>) => r.set('content-type', 'application/json').send('null')]) {
        const res = await send(h.http.post(path));
        expect(res.status, path).toBe(422);
        expect(res.body).toEqual({ status: 'Failure', message: 'request is invalid: a JSON object body is required', reason: 'Invalid', code: 422 });
      }
    }
    expect((await h.http.get('/sim/v1/events')).body.sha256).toBe(before);
    expect((await h.http.get('/sim/v1/faults')).body).toEqual([]);
  });
});
