// The three things the suite talks to: the reference instance, and `jobsim serve --compat radix
// --config examples/radixconfig.yaml --environment dev` as a child process on the simulator and on
// the kubernetes backend (a fresh namespace of the same control plane). All are reached over HTTP
// with the path sent as written (rawHttp.ts), and each has its own webhook receiver.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { deleteNamespace, ensureCrd, freshNamespace } from '../../cluster/support/clusterBackend.js';
import type { ClusterEnv } from '../../cluster/support/clusterEnv.js';
import type { Environment } from './normalize.js';
import { send, type Exchange, type SendOptions } from './rawHttp.js';
import type { ReferenceEnv } from './referenceEnv.js';
import { freePort, WebhookReceiver } from './webhookReceiver.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const EXAMPLE_CONFIG = join(ROOT, 'examples', 'radixconfig.yaml');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export type TargetName = 'reference' | 'simulator' | 'kubernetes';
export const BACKENDS = ['simulator', 'kubernetes'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface Target {
  readonly name: TargetName;
  readonly base: string;
  /** Its deployment and namespace names (normalised away). */
  readonly env: Environment;
  /** Webhook events this target sent (undefined: no receiver could be set up, see hooksReason). */
  readonly hooks: WebhookReceiver | undefined;
  readonly hooksReason: string;
  send(method: string, path: string, opts?: SendOptions): Promise<Exchange>;
  close(): Promise<void>;
  /** The tail of the target's own log, for failure messages. */
  logTail(): string;
}

/** Deletes every batch and single job through the API and waits until both lists are empty. */
export async function clearTarget(t: Target): Promise<void> {
  for (let round = 0; round < 60; round++) {
    const batches = (await t.send('GET', '/api/v1/batches')).json as { name: string }[] | null;
    const jobs = (await t.send('GET', '/api/v1/jobs')).json as { name: string; batchName?: string }[] | null;
    if (!batches?.length && !jobs?.length) return;
    for (const b of batches ?? []) await t.send('DELETE', `/api/v1/batches/${b.name}`);
    for (const j of jobs ?? []) {
      // Jobs of batches answer 422 "not a single job"; their batch was deleted above.
      if (!(batches ?? []).some((b) => j.name.startsWith(`${b.name}-`))) await t.send('DELETE', `/api/v1/jobs/${j.name}`);
    }
    await sleep(500);
  }
  throw new Error(`${t.name}: batches and jobs still listed after 30 s of deleting`);
}

// ---- the reference --------------------------------------------------------------------------

export async function referenceTarget(env: ReferenceEnv): Promise<Target> {
  let hooks: WebhookReceiver | undefined;
  let hooksReason = '';
  if (!env.webhook) hooksReason = `reference instance ${env.instance} has no notifications.webhook`;
  else if (!['127.0.0.1', 'localhost'].includes(env.webhook.host)) hooksReason = `the reference's webhook ${env.webhook.url} is not on this machine's loopback`;
  else {
    const receiver = new WebhookReceiver(env.webhook.port, '127.0.0.1');
    try {
      await receiver.start();
      hooks = receiver;
    } catch (err) {
      hooksReason = `cannot receive the reference's webhook on ${env.webhook.url}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return {
    name: 'reference',
    base: env.url,
    env: { deployment: `${env.instance}-reference`, namespace: env.namespace },
    hooks,
    hooksReason,
    send: (method, path, opts) => send(env.url, method, path, opts),
    close: async () => {
      await hooks?.close();
    },
    logTail: () => `reference instance ${env.instance} (log: ~/.cache/jobsim/reference-run/${env.instance}/log)`,
  };
}

// ---- jobsim as a child process --------------------------------------------------------------

let latencyFlag: boolean | undefined;

/** Whether this jobsim's `serve` has `--latency` (the simulator's timing realism). */
export function simulatorHasLatency(): boolean {
  latencyFlag ??= /--latency\b/.test(spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--help'], { cwd: ROOT, encoding: 'utf8' }).stdout ?? '');
  return latencyFlag;
}

/** examples/radixconfig.yaml with only the compute job, on `port`, its dev webhook at `webhook`. */
function configFor(port: number, webhook: string): string {
  const doc = parseDocument(readFileSync(EXAMPLE_CONFIG, 'utf8'));
  const jobs = doc.getIn(['spec', 'jobs']) as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
  jobs.items = jobs.items.filter((j) => j.get('name') === 'compute');
  const compute = jobs.items[0]!;
  compute.set('schedulerPort', port);
  const envs = compute.get('environmentConfig') as { items: { get(k: string): unknown; setIn(p: string[], v: unknown): void }[] };
  for (const e of envs.items) if (e.get('environment') === 'dev') e.setIn(['notifications', 'webhook'], webhook);
  const dir = mkdtempSync(join(tmpdir(), 'jobsim-reference-suite-'));
  const file = join(dir, 'radixconfig.yaml');
  writeFileSync(file, doc.toString());
  return file;
}

interface JobsimOptions {
  backend: Backend;
  cluster: ClusterEnv;
}

export async function jobsimTarget(o: JobsimOptions): Promise<Target & { namespace?: string }> {
  const port = await freePort();
  const hooks = new WebhookReceiver(await freePort());
  await hooks.start();
  const config = configFor(port, hooks.url);
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--compat', 'radix', '--config', config, '--environment', 'dev', '--log-level', 'warn'];
  let namespace: string | undefined;
  if (o.backend === 'kubernetes') {
    await ensureCrd(o.cluster);
    namespace = await freshNamespace(o.cluster, 'jobsim-reference');
    args.push('--backend', 'kubernetes', '--kubeconfig', o.cluster.kubeconfig, '--namespace', namespace, '--kube-qps', '50', '--kube-burst', '100');
  } else if (simulatorHasLatency()) {
    args.push('--latency', 'cluster');
  }
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (c: Buffer) => {
    log = (log + c.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await hooks.close();
    rmSync(join(config, '..'), { recursive: true, force: true });
    if (namespace) await deleteNamespace(o.cluster, namespace);
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) {
      await close();
      throw new Error(`jobsim serve (${o.backend}) exited with ${child.exitCode}: ${log.slice(-2000)}`);
    }
    try {
      if ((await send(base, 'GET', '/api/v1/jobs', { timeoutMs: 2000 })).status === 200) break;
    } catch {
      // not listening yet
    }
    if (i > 300) {
      await close();
      throw new Error(`jobsim serve (${o.backend}) not answering after 60 s: ${log.slice(-2000)}`);
    }
    await sleep(200);
  }
  return {
    name: o.backend,
    base,
    // jobsim names its deployment <app>-deployment; the simulator's namespace is default.
    env: { deployment: 'myapp-deployment', namespace: namespace ?? 'default' },
    hooks,
    hooksReason: '',
    ...(namespace ? { namespace } : {}),
    send: (method, path, opts) => send(base, method, path, opts),
    close,
    logTail: () => log.slice(-3000),
  };
}
