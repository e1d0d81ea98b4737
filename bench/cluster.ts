// The local control plane for the kubernetes benchmarks: its kubeconfig and kubectl (from
// scripts/cluster's state dir, $JOBSIM_CLUSTER_DIR or ~/.cache/jobsim/cluster), the RadixBatch CRD,
// and fresh namespaces.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/common/packageRoot.js';

const CRD = join(packageRoot(import.meta.url), 'deploy', 'manifests', 'crd-radixbatch.yaml');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface BenchCluster {
  kubeconfig: string;
  stateDir: string;
  kc: KubeConfig;
  core: CoreV1Api;
  kubectl(args: string[]): string;
  freshNamespace(prefix: string): Promise<string>;
  deleteNamespace(name: string): Promise<void>;
}

export function benchCluster(kubeconfigFlag?: string): BenchCluster {
  const stateDir = process.env.JOBSIM_CLUSTER_DIR || join(homedir(), '.cache', 'jobsim', 'cluster');
  const pathFile = join(stateDir, 'kubeconfig.path');
  const kubeconfig = kubeconfigFlag ?? (existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '');
  if (!kubeconfig || !existsSync(kubeconfig)) throw new Error('no kubeconfig: start the control plane with scripts/cluster/up.sh (or set JOBSIM_CLUSTER_DIR) or pass --kubeconfig');
  const env = existsSync(join(stateDir, 'cluster.env'))
    ? Object.fromEntries(
        readFileSync(join(stateDir, 'cluster.env'), 'utf8')
          .split('\n')
          .map((l) => /^([A-Z_]+)=(.*)$/.exec(l))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => [m[1]!, m[2]!]),
      )
    : {};
  const kubectlBin = env.JOBSIM_BIN_DIR ? join(env.JOBSIM_BIN_DIR, 'kubectl') : 'kubectl';
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const kubectl = (args: string[]) => execFileSync(kubectlBin, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  kubectl(['apply', '--server-side', '--force-conflicts', '-f', CRD]);
  kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/radixbatches.jobsim.io']);
  return {
    kubeconfig,
    stateDir,
    kc,
    core,
    kubectl,
    async freshNamespace(prefix) {
      const name = `${prefix}-${Date.now().toString(36)}`;
      await core.createNamespace({ body: { metadata: { name, labels: { 'jobsim.io/bench': 'true' } } } });
      for (let i = 0; i < 300; i++) {
        try {
          await core.readNamespacedServiceAccount({ name: 'default', namespace: name });
          return name;
        } catch {
          await sleep(100);
        }
      }
      throw new Error(`namespace ${name}: no default ServiceAccount after 30 s`);
    },
    async deleteNamespace(name) {
      await core.deleteNamespace({ name }).catch(() => undefined);
    },
  };
}
