// Finds the local control plane started by scripts/cluster/up.sh (its state dir holds the
// kubeconfig and cluster.env), and tells whether it answers. Tests skip, with this reason, when not.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ClusterEnv {
  ok: boolean;
  /** Why the cluster tests cannot run (when !ok). */
  reason: string;
  kubeconfig: string;
  /** kubectl of the same build (cluster.env JOBSIM_BIN_DIR), or "kubectl" from PATH. */
  kubectl: string;
  server: string;
}

export function stateDir(): string {
  return process.env.JOBSIM_CLUSTER_DIR || join(process.env.JOBSIM_CACHE_DIR || join(homedir(), '.cache', 'jobsim'), 'cluster');
}

function readEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^["']|["']$/g, '');
  }
  return out;
}

let cached: Promise<ClusterEnv> | undefined;

/** The cluster to test against: $JOBSIM_TEST_KUBECONFIG, else scripts/cluster's state dir. */
export function detectCluster(): Promise<ClusterEnv> {
  cached ??= probe();
  return cached;
}

async function probe(): Promise<ClusterEnv> {
  const dir = stateDir();
  const env = readEnvFile(join(dir, 'cluster.env'));
  const pathFile = join(dir, 'kubeconfig.path');
  const kubeconfig = process.env.JOBSIM_TEST_KUBECONFIG || (existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : join(dir, 'kubeconfig'));
  const kubectl = env.JOBSIM_BIN_DIR && existsSync(join(env.JOBSIM_BIN_DIR, 'kubectl')) ? join(env.JOBSIM_BIN_DIR, 'kubectl') : 'kubectl';
  const base = { kubeconfig, kubectl, server: '' };
  if (!existsSync(kubeconfig)) {
    return { ...base, ok: false, reason: `no control plane: ${kubeconfig} does not exist (start one with scripts/cluster/up.sh)` };
  }
  try {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    const server = kc.getCurrentCluster()?.server ?? '';
    const core = kc.makeApiClient(CoreV1Api);
    const nodes = await Promise.race([
      core.listNode(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5000).unref()),
    ]);
    const ready = nodes.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    if (ready.length === 0) return { ...base, server, ok: false, reason: `control plane at ${server} has no Ready node` };
    return { ...base, server, ok: true, reason: '' };
  } catch (err) {
    return { ...base, ok: false, reason: `no control plane answers for ${kubeconfig}: ${err instanceof Error ? err.message : String(err)} (start one with scripts/cluster/up.sh)` };
  }
}

export async function kubectl(env: ClusterEnv, args: string[], input?: string): Promise<string> {
  const child = run(env.kubectl, ['--kubeconfig', env.kubeconfig, ...args], { maxBuffer: 64 * 1024 * 1024 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout } = await child;
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw Object.assign(new Error(`kubectl ${args.join(' ')}: ${e.stderr || e.message}`), { stdout: e.stdout ?? '' });
  }
}
