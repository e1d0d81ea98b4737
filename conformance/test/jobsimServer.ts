// A real jobsim (simulator backend, manual clock) listening on 127.0.0.1 at an ephemeral port, for the
// kit's own tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/api/app.js';
import { profileByName, type ProfileName } from '../../src/engine/profile.js';
import { defaultComponent } from '../../src/engine/types.js';
import { parseClockMode } from '../../src/runtime/clockDriver.js';
import { SimRuntime } from '../../src/runtime/simRuntime.js';
import type { SimConfig } from '../../src/sim/config.js';
import { LATENCY_OFF } from '../../src/sim/latency.js';
import type { WebhookSink } from '../../src/engine/notifications.js';
import { WebhookSender } from '../../src/runtime/webhookSender.js';

export interface Running {
  baseUrl: string;
  close(): Promise<void>;
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port that was free a moment ago on 127.0.0.1 (for a listener that must be known before it starts). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface JobsimOptions {
  profile?: ProfileName;
  sim?: Partial<SimConfig>;
  clock?: string;
  /** The component's notifications.webhook URL. */
  webhook?: string;
  /** Where webhook events go (default: jobsim's own WebhookSender when `webhook` is set). */
  webhooks?: WebhookSink;
}

export async function startJobsim(opts: JobsimOptions = {}): Promise<Running> {
  const profile = profileByName(opts.profile ?? 'documented');
  const component = defaultComponent();
  if (opts.webhook) component.notifications = { webhook: opts.webhook };
  const sender = opts.webhook && !opts.webhooks ? new WebhookSender({ timeoutMs: 2000, baseDelayMs: 50, maxDelayMs: 500 }) : undefined;
  const webhooks = opts.webhooks ?? sender;
  const runtime = new SimRuntime({
    components: [component],
    profile,
    clock: parseClockMode(opts.clock ?? 'manual'),
    // Latency off: the kit's checks read states at exact instants of the manual clock; with the
    // default model (cluster) they also meet the windows a real control plane has (a pod Failed
    // before the Job counts it, a batch condition behind its jobs), which the kit does not yet allow.
    sim: { seed: 1, latency: LATENCY_OFF, ...opts.sim },
    onError: () => {},
    ...(webhooks ? { webhooks } : {}),
  });
  await runtime.start();
  const app = createApp({ profile, manager: () => runtime.manager(component.name), sim: runtime, logError: () => {} });
  const server = createServer(app);
  const baseUrl = await listen(server);
  return {
    baseUrl,
    async close() {
      runtime.stop();
      sender?.close();
      await closeServer(server);
    },
  };
}
