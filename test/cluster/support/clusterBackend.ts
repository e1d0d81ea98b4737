// The shared-case Backend over the real control plane: jobsim's KubeRuntime in-process (the same
// code `jobsim serve --backend kubernetes` runs) in a fresh namespace, reached through supertest.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import request from 'supertest';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../../src/api/app.js';
import { profileByName } from '../../../src/engine/profile.js';
import { defaultComponent, type JobComponent } from '../../../src/engine/types.js';
import { KubeRuntime } from '../../../src/runtime/kubeRuntime.js';
import type { Backend } from '../../shared/backend.js';
import { kubectl, type ClusterEnv } from './clusterEnv.js';

export const CRD_PATH = fileURLToPath(new URL('../../../deploy/manifests/crd-radixbatch.yaml', import.meta.url));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

let crdApplied: Promise<void> | undefined;

/** Installs the RadixBatch CRD from deploy/ (server-side apply) and waits until it is served. */
export function ensureCrd(env: ClusterEnv): Promise<void> {
  crdApplied ??= (async () => {
    await kubectl(env, ['apply', '--server-side', '--force-conflicts', '-f', CRD_PATH]);
    await kubectl(env, ['wait', '--for=condition=Established', '--timeout=60s', 'crd/radixbatches.jobsim.io']);
  })();
  return crdApplied;
}

/** A fresh namespace with its default ServiceAccount (pods are refused before it exists). */
export async function freshNamespace(env: ClusterEnv, prefix: string): Promise<string> {
  const kc = new KubeConfig();
  kc.loadFromFile(env.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const name = `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`.slice(0, 63);
  await core.createNamespace({ body: { metadata: { name, labels: { 'jobsim.io/test': 'true' } } } });
  for (let i = 0; i < 200; i++) {
    try {
      await core.readNamespacedServiceAccount({ name: 'default', namespace: name });
      return name;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`namespace ${name}: no default ServiceAccount after 20 s`);
}

export async function deleteNamespace(env: ClusterEnv, name: string): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(env.kubeconfig);
  await kc
    .makeApiClient(CoreV1Api)
    .deleteNamespace({ name })
    .catch(() => undefined);
}

export interface ClusterBackend extends Backend {
  runtime: KubeRuntime;
  namespace: string;
}

export async function clusterBackend(
  env: ClusterEnv,
  opts: { namespace?: string; component?: Partial<JobComponent>; qps?: number; burst?: number; /** elect through the Lease "jobsim", as `serve` does */ leaderElection?: boolean } = {},
): Promise<ClusterBackend> {
  await ensureCrd(env);
  const namespace = opts.namespace ?? (await freshNamespace(env, 'jobsim-test'));
  const ownNamespace = !opts.namespace;
  const profile = profileByName('documented');
  const component = { ...defaultComponent(), ...opts.component };
  const errors: unknown[] = [];
  const runtime = new KubeRuntime({
    components: [component],
    profile,
    kubeconfig: env.kubeconfig,
    namespace,
    qps: opts.qps ?? 50,
    burst: opts.burst ?? 100,
    onError: (err) => errors.push(err),
    ...(opts.leaderElection ? { leaderElection: {} } : {}),
  });
  await runtime.start();
  const app = createApp({ profile, manager: () => runtime.manager(component.name), logError: (err) => errors.push(err) });
  return {
    kind: 'cluster',
    virtualClock: false,
    exitCodesPerAttempt: false,
    http: request(app),
    errors,
    runtime,
    namespace,
    now: () => Date.now(),
    sleep: (seconds) => sleep(seconds * 1000),
    async until(probe, timeoutSeconds, what) {
      const deadline = Date.now() + timeoutSeconds * 1000;
      for (;;) {
        const v = await probe();
        if (v !== undefined) return v;
        if (Date.now() >= deadline) throw new Error(`cluster: ${what} not reached within ${timeoutSeconds} s`);
        await sleep(150);
      }
    },
    async close() {
      await runtime.release();
      runtime.stop();
      if (ownNamespace) await deleteNamespace(env, namespace);
    },
  };
}
