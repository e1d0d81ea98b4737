// The Deployment uses the health routes for its probes, and gives jobsim's graceful shutdown the
// time it asks for before the kubelet kills it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const FILE = fileURLToPath(new URL('../../deploy/manifests/deployment.yaml', import.meta.url));

describe('deploy/manifests/deployment.yaml', () => {
  const pod = parse(readFileSync(FILE, 'utf8')).spec.template.spec;
  const container = pod.containers[0];

  it('probes readiness on /readyz and liveness on /healthz', () => {
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
  });

  it('lets the shutdown grace period run out before the kubelet kills the pod', () => {
    const args: string[] = container.args;
    const grace = Number(args[args.indexOf('--shutdown-grace-seconds') + 1]);
    expect(grace).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(grace);
    expect(pod.terminationGracePeriodSeconds - grace).toBeLessThanOrEqual(10);
  });
});
