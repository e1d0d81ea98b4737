// The routes beside the API (dashboard, watch stream, metrics, Swagger UI) change nothing the Job
// Manager and simulator routes answer: the same request sequence against two identical simulators,
// one app with the extensions mounted and one without, gives the same statuses, headers and bodies.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { profileByName, type ProfileName } from '../../src/engine/profile.js';
import { defaultComponent } from '../../src/engine/types.js';
import { parseClockMode } from '../../src/runtime/clockDriver.js';
import { SimRuntime } from '../../src/runtime/simRuntime.js';
import { WebhookSender } from '../../src/runtime/webhookSender.js';
import { observability } from '../../src/cli/observability.js';

async function app(profileName: ProfileName, withExtensions: boolean) {
  const profile = profileByName(profileName);
  const component = defaultComponent();
  const webhooks = new WebhookSender();
  const runtime = new SimRuntime({ components: [component], profile, clock: parseClockMode('manual'), sim: { seed: 7 }, webhooks });
  await runtime.start();
  const extras = withExtensions ? observability({ managers: () => runtime.managers, webhooks, ui: true, sim: runtime }) : undefined;
  const express = createApp({
    profile,
    manager: () => runtime.manager(component.name),
    sim: runtime,
    logError: () => undefined,
    ...(extras ? { extensions: extras.routes(component.name) } : {}),
  });
  return { http: request(express), close: () => (extras?.close(), runtime.stop(), webhooks.close()) };
}

type Step = [method: 'get' | 'post' | 'delete' | 'put' | 'patch', path: string, body?: unknown];

const steps: Step[] = [
  ['get', '/api/v1/jobs'],
  ['get', '/api/v1/batches'],
  ['post', '/api/v1/jobs', { jobId: 'a', backoffLimit: 1, variables: { WORKLOAD_EXIT_CODE: '1' } }],
  ['post', '/api/v1/batches', { batchId: 'b', jobScheduleDescriptions: [{ jobId: 'x' }, { jobId: 'y' }] }],
  ['post', '/api/v1/batches', { jobScheduleDescriptions: [] }],
  ['post', '/api/v1/jobs', { timeLimitSeconds: '10' }],
  ['post', '/api/v1/jobs', '{not json'],
  ['post', '/sim/v1/clock/advance', { seconds: 30 }],
  ['get', '/api/v1/jobs'],
  ['get', '/api/v1/batches'],
  ['get', '/api/v1/jobs/nope-nope'],
  ['get', '/api/v1/batches/nope'],
  ['put', '/api/v1/jobs'],
  ['delete', '/api/v1/batches/stop'],
  ['post', '/api/v1/jobs/stop'],
  ['post', '/api/v1/batches/stop'],
  ['get', '/api/v1/'],
  ['get', '/api/v1/jobs/'],
  ['get', '/healthz'],
  ['get', '/sim/v1/clock'],
  ['get', '/sim/v1/events?since=3'],
  ['get', '/sim/v1/nodes'],
  ['post', '/sim/v1/clock/run-until-idle'],
  ['get', '/api/v1/batches'],
  ['get', '/nothing/here'],
  ['get', '/api/v2/jobs'],
];

describe.each(['documented', 'radix'] as const)('with the extensions mounted (%s profile)', (profile) => {
  it('every API and simulator route answers byte for byte as without them', async () => {
    const plain = await app(profile, false);
    const extended = await app(profile, true);
    try {
      for (const [method, path, body] of steps) {
        const send = async (a: typeof plain) => {
          let r = a.http[method](path);
          if (body !== undefined) r = typeof body === 'string' ? r.set('content-type', 'application/json').send(body) : r.send(body as object);
          const res = await r;
          const { date: _date, ...headers } = res.headers as Record<string, string>;
          return { status: res.status, headers, text: res.text };
        };
        const [a, b] = [await send(plain), await send(extended)];
        expect(b, `${method.toUpperCase()} ${path}`).toEqual(a);
      }
    } finally {
      plain.close();
      extended.close();
    }
  });
});
