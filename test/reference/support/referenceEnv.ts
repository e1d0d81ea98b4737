// Finds the running reference instance (scripts/reference/up.sh writes <run dir>/<instance>/
// reference.env and manifests.json) and the control plane it runs on. The suite skips, with the
// reason in its test names, when either is missing or does not answer.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { detectCluster, type ClusterEnv } from '../../cluster/support/clusterEnv.js';
import { send } from './rawHttp.js';

export interface ReferenceEnv {
  ok: boolean;
  /** Why the suite cannot run (when !ok). */
  reason: string;
  instance: string;
  url: string;
  namespace: string;
  component: string;
  /** The radixconfig.yaml the instance serves, and the environment of it that was deployed. */
  config: string;
  configEnvironment: string;
  /** The component's notifications.webhook as deployed (host, port), if any. */
  webhook: { host: string; port: number; url: string } | undefined;
  cluster: ClusterEnv;
}

function runDir(): string {
  return process.env.JOBSIM_REFERENCE_RUN_DIR || join(process.env.JOBSIM_CACHE_DIR || join(homedir(), '.cache', 'jobsim'), 'reference-run');
}

function readEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

interface Manifests {
  items: { kind: string; spec?: { jobs?: { name: string; notifications?: { webhook?: string } }[] } }[];
}

function deployedWebhook(dir: string, component: string): ReferenceEnv['webhook'] {
  const file = join(dir, 'manifests.json');
  if (!existsSync(file)) return undefined;
  const list = JSON.parse(readFileSync(file, 'utf8')) as Manifests;
  const rd = list.items.find((i) => i.kind === 'RadixDeployment');
  const hook = rd?.spec?.jobs?.find((j) => j.name === component)?.notifications?.webhook;
  if (!hook) return undefined;
  const u = new URL(hook);
  return { host: u.hostname, port: Number(u.port || 80), url: hook };
}

let cached: Promise<ReferenceEnv> | undefined;

/** The reference instance $JOBSIM_REFERENCE_INSTANCE (default dev). */
export function detectReference(): Promise<ReferenceEnv> {
  cached ??= probe();
  return cached;
}

async function probe(): Promise<ReferenceEnv> {
  const instance = process.env.JOBSIM_REFERENCE_INSTANCE || 'dev';
  const cluster = await detectCluster();
  const dir = join(runDir(), instance);
  const base: ReferenceEnv = { ok: false, reason: '', instance, url: '', namespace: '', component: 'compute', config: '', configEnvironment: '', webhook: undefined, cluster };
  if (!cluster.ok) return { ...base, reason: cluster.reason };
  const envFile = join(dir, 'reference.env');
  if (!existsSync(envFile)) {
    return { ...base, reason: `no reference instance ${instance}: ${envFile} does not exist (start it with scripts/reference/up.sh)` };
  }
  const env = readEnvFile(envFile);
  const url = env.JOBSIM_REFERENCE_URL ?? '';
  const namespace = env.JOBSIM_REFERENCE_NAMESPACE ?? '';
  const component = env.JOBSIM_REFERENCE_COMPONENT ?? 'compute';
  const config = env.JOBSIM_REFERENCE_CONFIG ?? '';
  const configEnvironment = env.JOBSIM_REFERENCE_CONFIG_ENVIRONMENT ?? '';
  const found = { ...base, url, namespace, component, config, configEnvironment, webhook: deployedWebhook(dir, component) };
  try {
    const r = await send(url, 'GET', '/api/v1/jobs', { timeoutMs: 5000 });
    if (r.status !== 200) return { ...found, reason: `reference instance ${instance} at ${url} answered GET /api/v1/jobs with ${r.status}` };
  } catch (err) {
    return { ...found, reason: `reference instance ${instance} at ${url} does not answer (${err instanceof Error ? err.message : String(err)}); start it with scripts/reference/up.sh` };
  }
  return { ...found, ok: true };
}
