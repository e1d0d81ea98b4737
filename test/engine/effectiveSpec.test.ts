// The effective Kubernetes Job of a request, as the reference builds it: request, then the batch's
// defaultRadixJobComponentConfig, then the job component (environment config already applied).
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../src/cluster/types.js';
import type { JobComponent } from '../../src/engine/types.js';
import { startEngine } from './engineHarness.js';

type Engine = Awaited<ReturnType<typeof startEngine>>;
let engine: Engine | undefined;
afterEach(() => engine?.stop());

const COMPONENT: Partial<JobComponent> = {
  image: 'registry.io/team/compute:1.0',
  command: ['./run.sh'],
  args: ['--all'],
  variables: { A: 'component', B: 'component' },
  resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } },
  timeLimitSeconds: 600,
  backoffLimit: 3,
  runtime: { architecture: 'arm64' },
  failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
};

async function kubeJobs(e: Engine): Promise<Map<string, Job>> {
  await e.advance(0);
  const jobs = await e.runtime.sim.port('default').list('Job');
  return new Map(jobs.map((j) => [j.metadata.labels!['radix-batch-job-name']!, j]));
}

function container(job: Job) {
  return job.spec.template.spec.containers[0]!;
}

function env(job: Job): Record<string, string> {
  return Object.fromEntries((container(job).env ?? []).map((e) => [e.name, e.value ?? '']));
}

describe('effective job spec', () => {
  it("runAsUser: the job's (or the batch default's) becomes the container's user; none without it", async () => {
    engine = await startEngine({ components: [COMPONENT] });
    await engine.http.post('/api/v1/batches').send({ defaultRadixJobComponentConfig: { runAsUser: 1000 }, jobScheduleDescriptions: [{ jobId: 'd' }, { jobId: 'j', runAsUser: 2000 }] });
    await engine.http.post('/api/v1/jobs').send({ jobId: 'none' });
    const jobs = [...(await kubeJobs(engine)).values()];
    const users = jobs.map((j) => container(j).securityContext?.runAsUser).sort();
    expect(users).toEqual([1000, 2000, undefined]);
  });

  it("runAsUser: the component's when the job names none", async () => {
    engine = await startEngine({ components: [{ ...COMPONENT, runAsUser: 500 }] });
    await engine.http.post('/api/v1/batches').send({ jobScheduleDescriptions: [{ jobId: 'c' }, { jobId: 'j', runAsUser: 2000 }] });
    const users = [...(await kubeJobs(engine)).values()].map((j) => container(j).securityContext?.runAsUser).sort();
    expect(users).toEqual([2000, 500]);
  });

  it('node.gpu: a GPU node affinity and toleration in place of the usual placement, unless a nodeType is named', async () => {
    engine = await startEngine({ components: [COMPONENT] });
    await engine.http.post('/api/v1/batches').send({
      jobScheduleDescriptions: [
        { jobId: 'gpu', node: { gpu: 'NVIDIA-V100, -k80', gpuCount: '2' } },
        { jobId: 'any-count', node: { gpu: 'a100' } },
        { jobId: 'bad-count', node: { gpu: 'a100', gpuCount: '0' } },
        { jobId: 'typed', node: { gpu: 'a100' }, runtime: { nodeType: 'gpu-nodes' } },
      ],
    });
    const byId = new Map([...(await kubeJobs(engine)).values()].map((j) => [env(j)['RADIX_JOB_NAME'], j]));
    const specs = Object.fromEntries(
      (await engine.http.get('/api/v1/batches')).body[0].jobStatuses.map((s: { name: string; jobId: string }) => [s.jobId, byId.get(s.name)!.spec.template.spec]),
    );
    const toleration = [{ key: 'radix-node-gpu-count', operator: 'Exists', effect: 'NoSchedule' }];
    const terms = (spec: Job['spec']['template']['spec']) => spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    expect(terms(specs.gpu)).toEqual([
      {
        matchExpressions: [
          { key: 'radix-node-gpu-count', operator: 'Gt', values: ['1'] },
          { key: 'radix-node-gpu', operator: 'In', values: ['nvidia-v100'] },
          { key: 'radix-node-gpu', operator: 'NotIn', values: ['k80'] },
        ],
      },
    ]);
    expect([specs.gpu.tolerations, specs.gpu.nodeSelector]).toEqual([toleration, undefined]);
    expect(terms(specs['any-count'])).toEqual([{ matchExpressions: [{ key: 'radix-node-gpu', operator: 'In', values: ['a100'] }] }]);
    // An invalid count: no GPU node (the component's architecture, as for any job).
    expect([specs['bad-count'].affinity, specs['bad-count'].nodeSelector]).toEqual([undefined, { 'kubernetes.io/arch': 'arm64' }]);
    expect([specs.typed.affinity, specs.typed.nodeSelector?.['radix-nodetype']]).toEqual([undefined, 'gpu-nodes']);
  });

  it('without overrides: the component\'s settings', async () => {
    engine = await startEngine({ components: [COMPONENT] });
    const res = await engine.http.post('/api/v1/jobs').send({});
    const job = [...(await kubeJobs(engine)).values()][0]!;
    expect(container(job).image).toBe('registry.io/team/compute:1.0');
    expect(container(job).command).toEqual(['./run.sh']);
    expect(container(job).args).toEqual(['--all']);
    expect(container(job).resources).toEqual(COMPONENT.resources);
    expect(env(job)).toEqual({ A: 'component', B: 'component', RADIX_JOB_NAME: res.body.name });
    expect(job.spec.backoffLimit).toBe(3);
    expect(job.spec.template.spec.activeDeadlineSeconds).toBe(600);
    expect(job.spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64' });
    expect(job.spec.podFailurePolicy?.rules).toEqual([{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }]);
    expect(job.spec.ttlSecondsAfterFinished).toBe(86400);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.template.metadata?.annotations?.['cluster-autoscaler.kubernetes.io/safe-to-evict']).toBe('false');
  });

  it('request over batch defaults over component: [] clears, runtime whole, variables by key, resources replaced, tag replaced', async () => {
    engine = await startEngine({ components: [COMPONENT] });
    const res = await engine.http.post('/api/v1/batches').send({
      defaultRadixJobComponentConfig: { imageTagName: '2.0', variables: { B: 'default', C: 'default' }, args: ['--default'], timeLimitSeconds: 300 },
      jobScheduleDescriptions: [
        { jobId: 'a' },
        { jobId: 'b', command: [], args: [], runtime: { nodeType: 'gpu-nodes' }, variables: { C: 'job' }, resources: { limits: { memory: '2Gi' } }, image: 'other/image:9', timeLimitSeconds: 60 },
        { jobId: 'c', runtime: {}, failurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3, 1, 2] } }] }, safeToRestart: true },
      ],
    });
    expect(res.status).toBe(200);
    const short = (res.body.jobStatuses as { name: string }[]).map((j) => j.name.slice(-8));
    const jobs = await kubeJobs(engine);
    const [a, b, c] = short.map((s) => jobs.get(s)!);
    expect(container(a!).image).toBe('registry.io/team/compute:2.0');
    expect(container(a!).command).toEqual(['./run.sh']);
    expect(container(a!).args).toEqual(['--default']);
    expect(env(a!)).toMatchObject({ A: 'component', B: 'default', C: 'default' });
    expect(a!.spec.template.spec.activeDeadlineSeconds).toBe(300);
    expect(container(a!).resources).toEqual(COMPONENT.resources);

    expect(container(b!).image).toBe('other/image:2.0');
    expect(container(b!).command).toBeUndefined();
    expect(container(b!).args).toBeUndefined();
    expect(env(b!)).toMatchObject({ A: 'component', B: 'default', C: 'job' });
    expect(container(b!).resources).toEqual({ limits: { memory: '2Gi' } });
    expect(b!.spec.template.spec.nodeSelector).toEqual({ 'radix-nodetype': 'gpu-nodes' });
    expect(b!.spec.template.spec.activeDeadlineSeconds).toBe(60);

    expect(c!.spec.template.spec.nodeSelector).toBeUndefined();
    expect(c!.spec.podFailurePolicy?.rules).toEqual([{ action: 'Ignore', onExitCodes: { operator: 'In', values: [1, 2, 3] } }]);
    expect(c!.spec.template.metadata?.annotations?.['cluster-autoscaler.kubernetes.io/safe-to-evict']).toBe('true');
  });

  for (const [profile, expected] of [
    ['radix', 5],
    ['documented', 0],
  ] as const) {
    it(`${profile}: a job's backoffLimit 0 against a default of 5 gives ${expected}`, async () => {
      engine = await startEngine({ profile, components: [COMPONENT] });
      await engine.http.post('/api/v1/batches').send({ defaultRadixJobComponentConfig: { backoffLimit: 5 }, jobScheduleDescriptions: [{ backoffLimit: 0 }] }).expect(200);
      const job = [...(await kubeJobs(engine)).values()][0]!;
      expect(job.spec.backoffLimit).toBe(expected);
    });
  }

  it('a payload is mounted as the file `payload` in payload.path', async () => {
    engine = await startEngine({ components: [{ payloadPath: '/compute/args' }] });
    const res = await engine.http.post('/api/v1/jobs').send({ payload: '  {"x": 1}  ' });
    const B = (res.body.name as string).replace(/-[^-]+$/, '');
    const job = [...(await kubeJobs(engine)).values()][0]!;
    const J = job.metadata.labels!['radix-batch-job-name']!;
    expect(container(job).volumeMounts).toEqual([{ name: 'payload', mountPath: '/compute/args', readOnly: true }]);
    expect(job.spec.template.spec.volumes).toEqual([{ name: 'payload', secret: { secretName: `${B}-payloads-0`, items: [{ key: J, path: 'payload' }] } }]);
    const secret = await engine.runtime.sim.port('default').get('Secret', `${B}-payloads-0`);
    expect(Buffer.from(secret!.data![J]!, 'base64').toString()).toBe('{"x": 1}');
    expect(secret!.metadata.labels).toMatchObject({ 'radix-batch-name': B, 'radix-job-type': 'job-scheduler', 'radix-secret-type': 'scheduler-job-payload', 'radix-component': 'compute' });
  });
});
