// `jobsim serve --config`: one listener per job component, all on one simulated cluster.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { serve, type ServeOptions, type Serving } from '../../src/cli/serve.js';

/** `n` distinct free ports: all held open together, so the OS cannot hand one out twice. */
async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

const BASE: ServeOptions = { port: 0, host: '127.0.0.1', seed: '1', clock: 'manual', compat: 'radix', component: 'compute', bodyLimit: '1mb', backoffCap: 600, workloadSeconds: 5 };
const log = pino({ level: 'silent' });
let serving: Serving | undefined;
afterEach(async () => {
  await serving?.close();
  serving = undefined;
});

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'jobsim-config-'));
  const file = join(dir, 'radixconfig.yaml');
  writeFileSync(file, text);
  return file;
}

describe('jobsim serve --config', () => {
  it('serves each job component on its schedulerPort, on one cluster', async () => {
    const [p1, p2] = await freePorts(2);
    const file = configFile(`apiVersion: radix.equinor.com/v1
kind: RadixApplication
metadata: {name: myapp}
spec:
  environments: [{name: dev}]
  jobs:
    - name: compute
      schedulerPort: ${p1}
      payload: {path: /compute/args}
    - name: etl
      schedulerPort: ${p2}
      environmentConfig:
        - environment: dev
          variables: {WORKLOAD_SECONDS: "1"}
`);
    serving = await serve({ ...BASE, config: file, environment: 'dev' }, log);
    const a = (await (await fetch(`http://127.0.0.1:${p1}/api/v1/jobs`, { method: 'POST', body: '{"payload":"x"}' })).json()) as { name: string };
    const b = (await (await fetch(`http://127.0.0.1:${p2}/api/v1/jobs`, { method: 'POST', body: '{}' })).json()) as { name: string };
    expect(a.name).toMatch(/^batch-compute/);
    expect(b.name).toMatch(/^batch-etl/);
    const rejected = await fetch(`http://127.0.0.1:${p2}/api/v1/jobs`, { method: 'POST', body: '{"payload":"x"}' });
    expect(rejected.status).toBe(500);
    // One cluster: both Job Managers' batches are in the same store; each lists only its own.
    const all = await serving.runtime.sim.port('default').list('RadixBatch');
    expect(all).toHaveLength(2);
    const etlJobs = (await (await fetch(`http://127.0.0.1:${p2}/api/v1/jobs`)).json()) as { name: string }[];
    expect(etlJobs.map((j: { name: string }) => j.name)).toEqual([b.name]);
    expect(serving.runtime.manager('etl').component.variables).toEqual({ WORKLOAD_SECONDS: '1' });
  });

  it('an invalid file stops start-up with file, line, path and problem', async () => {
    const file = configFile('apiVersion: radix.equinor.com/v1\nkind: RadixApplication\nmetadata: {name: a}\nspec:\n  jobs:\n    - name: compute\n      schedulerPort: 8000\n      backoffLimit: -1\n');
    await expect(serve({ ...BASE, config: file }, log)).rejects.toThrow(`${file}:8:21: spec.jobs[0].backoffLimit: must be >= 0`);
  });

  it('--environment without --config is refused', async () => {
    await expect(serve({ ...BASE, environment: 'dev' }, log)).rejects.toThrow('--environment needs --config');
  });
});
