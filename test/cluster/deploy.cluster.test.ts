// deploy/manifests against the real control plane: server-side validation of every manifest, a
// real apply, the Role's least privilege (kubectl auth can-i as the ServiceAccount), and a job run
// end to end by jobsim holding only the ServiceAccount's token.
import { KubeConfig } from '@kubernetes/client-node';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lifecycleCases } from '../shared/lifecycleCases.js';
import { clusterBackend, deleteNamespace, ensureCrd, freshNamespace } from './support/clusterBackend.js';
import { detectCluster, kubectl } from './support/clusterEnv.js';

const env = await detectCluster();
const MANIFESTS = fileURLToPath(new URL('../../deploy/manifests', import.meta.url));

describe.skipIf(!env.ok)(`deploy/manifests on the control plane${env.ok ? '' : ` (skipped: ${env.reason})`}`, () => {
  let namespace = '';
  let tmp = '';
  beforeAll(async () => {
    await ensureCrd(env);
    namespace = await freshNamespace(env, 'jobsim-deploy');
    tmp = mkdtempSync(join(tmpdir(), 'jobsim-deploy-'));
  });
  afterAll(async () => {
    if (namespace) await deleteNamespace(env, namespace);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('every manifest passes server-side validation (kubectl apply --dry-run=server)', async () => {
    const files = readdirSync(MANIFESTS).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect(files.sort()).toEqual(['crd-radixbatch.yaml', 'deployment.yaml', 'rbac.yaml', 'service.yaml']);
    for (const f of files) {
      const out = await kubectl(env, ['apply', '--dry-run=server', '--server-side', '--force-conflicts', '-n', namespace, '-f', join(MANIFESTS, f)]);
      expect(out, f).toMatch(/serverside-applied \(server dry run\)/);
    }
    // The kustomization lists them all.
    const built = await kubectl(env, ['kustomize', MANIFESTS]);
    expect(built.match(/^kind: \w+/gm)!.sort()).toEqual(['kind: CustomResourceDefinition', 'kind: Deployment', 'kind: Role', 'kind: RoleBinding', 'kind: Service', 'kind: ServiceAccount']);
  });

  it('the CRD rejects a RadixBatch its schema forbids (server-side)', async () => {
    const bad = { apiVersion: 'jobsim.io/v1', kind: 'RadixBatch', metadata: { name: 'bad', namespace }, spec: { radixDeploymentJobRef: { name: 'd' }, jobs: [{ name: 'UPPER', backoffLimit: -1 }] } };
    const file = join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    await expect(kubectl(env, ['create', '--dry-run=server', '-f', file])).rejects.toThrow(/spec.radixDeploymentJobRef.job: Required value|spec.jobs\[0\].name: Invalid value|backoffLimit/);
  });

  it('applied for real, the Role grants what jobsim needs and nothing more', async () => {
    for (const f of ['rbac.yaml', 'service.yaml', 'deployment.yaml']) await kubectl(env, ['apply', '--server-side', '-n', namespace, '-f', join(MANIFESTS, f)]);
    const as = ['--as', `system:serviceaccount:${namespace}:jobsim`, '-n', namespace];
    const can = async (verb: string, resource: string, sub?: string) => {
      try {
        return (await kubectl(env, ['auth', 'can-i', verb, resource, ...(sub ? ['--subresource', sub] : []), ...as])).trim();
      } catch (err) {
        // can-i exits 1 when the answer is no.
        const out = String((err as { stdout?: string }).stdout ?? '').trim();
        return out === 'no' ? 'no' : String(err);
      }
    };
    const allowed: [string, string, string?][] = [
      ['create', 'radixbatches.jobsim.io'],
      ['watch', 'radixbatches.jobsim.io'],
      ['update', 'radixbatches.jobsim.io', 'status'],
      ['create', 'jobs.batch'],
      ['delete', 'jobs.batch'],
      ['create', 'secrets'],
      ['watch', 'pods'],
      ['list', 'events'],
      ['create', 'leases.coordination.k8s.io'],
      ['get', 'leases.coordination.k8s.io/jobsim'],
      ['update', 'leases.coordination.k8s.io/jobsim'],
    ];
    const denied: [string, string][] = [
      ['get', 'secrets'],
      ['list', 'secrets'],
      ['create', 'pods'],
      ['delete', 'pods'],
      ['update', 'jobs.batch'],
      ['list', 'nodes'],
      ['create', 'roles.rbac.authorization.k8s.io'],
      ['create', 'customresourcedefinitions.apiextensions.k8s.io'],
      ['update', 'leases.coordination.k8s.io/kube-controller-manager'],
      ['delete', 'leases.coordination.k8s.io/jobsim'],
      ['list', 'leases.coordination.k8s.io'],
    ];
    for (const [verb, resource, sub] of allowed) expect(await can(verb, resource, sub), `${verb} ${resource}${sub ? `/${sub}` : ''}`).toBe('yes');
    for (const [verb, resource] of denied) expect(await can(verb, resource), `${verb} ${resource}`).toBe('no');
    // Nothing in another namespace.
    const elsewhere = await kubectl(env, ['auth', 'can-i', 'list', 'jobs.batch', '--as', `system:serviceaccount:${namespace}:jobsim`, '-n', 'default']).catch((err: { stdout?: string }) => err.stdout ?? '');
    expect(elsewhere.trim()).toBe('no');
  });

  it("jobsim holding only the ServiceAccount's token wins the leader election and runs a job to success", async () => {
    const token = (await kubectl(env, ['create', 'token', 'jobsim', '-n', namespace, '--duration', '10m'])).trim();
    const admin = new KubeConfig();
    admin.loadFromFile(env.kubeconfig);
    const cluster = admin.getCurrentCluster()!;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ ...cluster, name: 'local' }],
      users: [{ name: 'jobsim', token }],
      contexts: [{ name: 'jobsim', cluster: 'local', user: 'jobsim', namespace }],
      currentContext: 'jobsim',
    });
    const file = join(tmp, 'sa.kubeconfig');
    writeFileSync(file, kc.exportConfig());
    const b = await clusterBackend({ ...env, kubeconfig: file }, { namespace, leaderElection: true });
    try {
      await b.until(async () => (b.runtime.elector?.isLeader() ? true : undefined), 15, 'leadership');
      const success = lifecycleCases.find((c) => c.id === 'success')!;
      const outcome = await success.run(b).catch((err: Error) => {
        throw new Error(`${err.message}; engine errors: ${b.errors.map(String).join('; ')}`);
      });
      success.check(outcome, { seconds: 2.5 });
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
