// A harness like test/support/harness.ts with the engine options the engine tests need
// (webhook sink, history limit, several components).
import request from 'supertest';
import { createApp } from '../../src/api/app.js';
import type { WebhookDelivery, WebhookSink } from '../../src/engine/notifications.js';
import { profileByName, type Profile, type ProfileName } from '../../src/engine/profile.js';
import { defaultComponent, type JobComponent } from '../../src/engine/types.js';
import { parseClockMode } from '../../src/runtime/clockDriver.js';
import { SimRuntime } from '../../src/runtime/simRuntime.js';
import type { SimConfig } from '../../src/sim/config.js';
export { EXACT } from '../sim/support.js';

export interface EngineHarnessOptions {
  /** A profile by name, or a profile object (e.g. one with a field changed). */
  profile?: ProfileName | Profile;
  components?: Partial<JobComponent>[];
  webhooks?: WebhookSink;
  historyLimit?: number;
  maxBatchSize?: number;
  sim?: Partial<SimConfig>;
}

/** Records deliveries in memory. */
export class RecordingSink implements WebhookSink {
  readonly deliveries: WebhookDelivery[] = [];
  deliver(d: WebhookDelivery): void {
    this.deliveries.push(structuredClone(d));
  }
  get events() {
    return this.deliveries.map((d) => d.event);
  }
}

export async function startEngine(opts: EngineHarnessOptions = {}) {
  const profile = typeof opts.profile === 'object' ? opts.profile : profileByName(opts.profile ?? 'documented');
  const components = (opts.components ?? [{}]).map((c, i) => ({ ...defaultComponent(c.name ?? 'compute', 8000 + i), ...c }));
  const errors: unknown[] = [];
  const runtime = new SimRuntime({
    components,
    profile,
    clock: parseClockMode('manual'),
    sim: { seed: 1, ...opts.sim },
    ...(opts.webhooks ? { webhooks: opts.webhooks } : {}),
    ...(opts.historyLimit ? { historyLimit: opts.historyLimit } : {}),
    ...(opts.maxBatchSize ? { maxBatchSize: opts.maxBatchSize } : {}),
    onError: (err) => errors.push(err),
  });
  await runtime.start();
  const http = new Map(
    components.map((c) => [c.name, request(createApp({ profile, manager: () => runtime.manager(c.name), sim: runtime, logError: (err) => errors.push(err) }))]),
  );
  return {
    runtime,
    profile,
    errors,
    http: http.get(components[0]!.name)!,
    httpOf: (component: string) => http.get(component)!,
    manager: (component = components[0]!.name) => runtime.manager(component),
    advance: (seconds: number) => runtime.advance(seconds),
    idle: () => runtime.runUntilIdle(),
    stop: () => runtime.stop(),
  };
}
