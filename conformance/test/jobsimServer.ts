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

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startJobsim(opts: { profile?: ProfileName; sim?: Partial<SimConfig>; clock?: string } = {}): Promise<Running> {
  const profile = profileByName(opts.profile ?? 'documented');
  const component = defaultComponent();
  const runtime = new SimRuntime({
    components: [component],
    profile,
    clock: parseClockMode(opts.clock ?? 'manual'),
    sim: { seed: 1, ...opts.sim },
    onError: () => {},
  });
  await runtime.start();
  const app = createApp({ profile, manager: () => runtime.manager(component.name), sim: runtime, logError: () => {} });
  const server = createServer(app);
  const baseUrl = await listen(server);
  return {
    baseUrl,
    async close() {
      runtime.stop();
      await closeServer(server);
    },
  };
}
