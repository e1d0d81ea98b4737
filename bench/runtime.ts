// A simulated Job Manager for benchmarks: manual clock, one job component, a batch limit large
// enough for the run.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/api/app.js';
import { profileByName } from '../src/engine/profile.js';
import { defaultComponent } from '../src/engine/types.js';
import { parseClockMode } from '../src/runtime/clockDriver.js';
import { SimRuntime } from '../src/runtime/simRuntime.js';
import type { SimConfig } from '../src/sim/config.js';

export async function benchRuntime(maxBatchSize: number, sim: Partial<SimConfig> = {}) {
  const errors: unknown[] = [];
  const component = defaultComponent();
  const runtime = new SimRuntime({
    components: [component],
    profile: profileByName('documented'),
    clock: parseClockMode('manual'),
    sim: { seed: 1, ...sim },
    maxBatchSize,
    onError: (err) => errors.push(err),
  });
  await runtime.start();
  const manager = runtime.manager(component.name);
  /** The HTTP app as `jobsim serve` builds it, with a body limit large enough for the run. */
  const serveApp = () =>
    createApp({ profile: manager.profile, manager: () => runtime.manager(component.name), sim: runtime, bodyLimit: '256mb', logError: (err) => errors.push(err) });
  /** Serves the HTTP app on an ephemeral local port; requests go through fetch with keep-alive. */
  const serve = async () => {
    const server = createServer(serveApp());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      post: async (path: string, body: unknown) => {
        const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        await res.arrayBuffer();
        return res.status;
      },
      get: async (path: string) => {
        const res = await fetch(base + path);
        await res.arrayBuffer();
        return res.status;
      },
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  };
  return { runtime, manager, serve, serveApp, errors };
}
