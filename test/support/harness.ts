// An in-process jobsim on the simulator for tests: the Express app, its runtime, and helpers to
// drive the virtual clock. Responses can be checked against openapi.yaml with `expectContract`.
import request from 'supertest';
import { expect } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { profileByName, type ProfileName } from '../../src/engine/profile.js';
import { defaultComponent, type JobComponent } from '../../src/engine/types.js';
import { parseClockMode } from '../../src/runtime/clockDriver.js';
import { SimRuntime } from '../../src/runtime/simRuntime.js';
import type { SimConfig } from '../../src/sim/config.js';
export { EXACT } from '../sim/support.js';
import { check, responseValidator } from '../openapi/schema.js';

export interface HarnessOptions {
  profile?: ProfileName;
  clock?: string;
  seed?: number | string;
  sim?: Partial<SimConfig>;
  component?: Partial<JobComponent>;
  maxBatchSize?: number;
  bodyLimit?: string;
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export async function startHarness(opts: HarnessOptions = {}) {
  const profile = profileByName(opts.profile ?? 'documented');
  const component = { ...defaultComponent(), ...opts.component };
  const errors: unknown[] = [];
  const runtime = new SimRuntime({
    components: [component],
    profile,
    clock: parseClockMode(opts.clock ?? 'manual'),
    sim: { seed: opts.seed ?? 1, ...opts.sim },
    ...(opts.maxBatchSize ? { maxBatchSize: opts.maxBatchSize } : {}),
    onError: (err) => errors.push(err),
  });
  await runtime.start();
  const app = createApp({
    profile,
    manager: () => runtime.manager(component.name),
    sim: runtime,
    ...(opts.bodyLimit ? { bodyLimit: opts.bodyLimit } : {}),
    logError: (err) => errors.push(err),
  });
  const http = request(app);
  return {
    app,
    runtime,
    http,
    profile,
    component,
    /** Errors logged by the engine or the HTTP layer (a test may assert there were none). */
    errors,
    get sim() {
      return runtime.sim;
    },
    advance: (seconds: number) => runtime.advance(seconds),
    idle: () => runtime.runUntilIdle(),
    nowIso: () => new Date(runtime.sim.now()).toISOString().replace('.000Z', 'Z'),
    async createJob(body: unknown = {}) {
      const res = await http.post('/api/v1/jobs').send(body as object);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { name: string; status: string };
    },
    async createBatch(body: unknown) {
      const res = await http.post('/api/v1/batches').send(body as object);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { name: string; jobStatuses: { name: string }[] };
    },
    stop: () => runtime.stop(),
  };
}

/** Asserts that a response matches openapi.yaml for its method, path and status. */
export function expectContract(method: string, path: string, res: { status: number; body: unknown; headers: Record<string, string> }): void {
  expect(res.headers['content-type'] ?? '').toMatch(/^application\/json/);
  const validate = responseValidator(method, path, res.status);
  const result = check(validate, res.body);
  expect(result.errors, `${method.toUpperCase()} ${path} -> ${res.status} ${JSON.stringify(res.body)}`).toBe('');
}
