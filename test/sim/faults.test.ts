// Faults: each one's effect, its recovery, and its trace in the event log.
import { describe, expect, it } from 'vitest';
import { ClusterError } from '../../src/cluster/port.js';
import { parseScenario, scenarioConfig, ScenarioError } from '../../src/sim/scenario.js';
import { condition, createJob, job, jobObject, logged, podsOf, newSim, secondsOf, EXACT } from './support.js';

describe('node faults', () => {
  it('node loss fails the pods on the node (DisruptionTarget, exit 137) and the Job replaces them elsewhere', async () => {
    const sim = newSim({ nodes: [{ name: 'a', cpu: '1', memory: '4Gi' }, { name: 'b', cpu: '1', memory: '4Gi' }] });
    createJob(sim, 'victim', { requests: { cpu: '1' }, env: { WORKLOAD_SECONDS: '60' }, backoffLimit: 1 });
    await sim.advance(1);
    const node = podsOf(sim, 'victim')[0]!.spec.nodeName!;
    const fault = sim.injectFault({ type: 'nodeLoss', node, durationSeconds: 100 });
    const lost = podsOf(sim, 'victim')[0]!;
    expect(lost.status).toMatchObject({ phase: 'Failed', reason: 'NodeLost' });
    expect(lost.status?.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC' })]));
    expect(lost.status?.containerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode: 137, reason: 'ContainerStatusUnknown' });
    await sim.runUntilIdle();
    const [, replacement] = podsOf(sim, 'victim');
    expect(replacement!.spec.nodeName).not.toBe(node);
    expect(secondsOf(sim, replacement!.metadata.creationTimestamp)).toBe(11); // 10 s backoff after the loss at 1 s
    expect(condition(job(sim, 'victim'), 'Complete')?.status).toBe('True');
    expect(job(sim, 'victim')!.status?.failed).toBe(1);
    // The node came back after 100 s.
    expect(sim.nodes.names()).toContain(node);
    expect(['FaultScheduled', 'FaultInjected', 'NodeLost', 'PodLostWithNode', 'FaultEffect', 'NodeRecovered', 'FaultRecovered'].filter((t) => logged(sim, t).length === 0)).toEqual([]);
    expect(logged(sim, 'FaultEffect', fault.id)[0]!.data).toMatchObject({ node, pods: [lost.metadata.name] });
  });

  it('node shortage takes capacity away: new pods wait until the fault ends', async () => {
    const sim = newSim({ nodes: [{ name: 'a', cpu: '4', memory: '16Gi' }] });
    sim.injectFault({ type: 'nodeShortage', node: 'a', cpu: '3', durationSeconds: 50 });
    expect(sim.nodes.summary('a').allocatable.cpu).toBe('1000m');
    createJob(sim, 'wide', { requests: { cpu: '2' } });
    await sim.advance(1);
    expect(podsOf(sim, 'wide')[0]!.status?.conditions?.[0]?.message).toBe(
      // Above the node's allocatable while the fault lasts: evicting pods could not make room.
      '0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
    await sim.runUntilIdle();
    expect(sim.nodes.summary('a').allocatable.cpu).toBe('4000m');
    expect(secondsOf(sim, podsOf(sim, 'wide')[0]!.status?.containerStatuses?.[0]?.state.terminated?.startedAt)).toBe(50);
  });

  // A second fuzzing look found these: a node that joined during a shortage of every node got the
  // fault's capacity back when it ended (5 cpu on a 4-cpu node), and a node lost while a shortage
  // ended came back with the capacity the fault had taken.
  const cpuOf = (sim: ReturnType<typeof newSim>) => Object.fromEntries(sim.nodes.summaries().map((n) => [n.name, n.allocatable.cpu]));

  it('a shortage of every node takes from the nodes that join while it lasts, and gives back only what it took', async () => {
    const sim = newSim({ nodes: [{ name: 'a', cpu: '4', memory: '8Gi' }, { name: 'b', cpu: '4', memory: '8Gi', at: 60 }], faults: [{ type: 'nodeShortage', cpu: '1', at: 10, durationSeconds: 100 }] });
    await sim.advance(11);
    expect(cpuOf(sim)).toEqual({ a: '3000m' });
    await sim.advance(60);
    expect(cpuOf(sim)).toEqual({ a: '3000m', b: '3000m' });
    await sim.advance(60);
    expect(cpuOf(sim)).toEqual({ a: '4000m', b: '4000m' });
    // Its effect on each node, b's when b joined.
    const [fault] = sim.faults.list();
    expect(logged(sim, 'FaultEffect', fault!.id).map((e) => [e.at, e.data?.node])).toEqual([
      ['2026-01-01T00:00:10Z', 'a'],
      ['2026-01-01T00:01:00Z', 'b'],
    ]);
  });

  it('a shortage of a node still to join waits for it', async () => {
    const sim = newSim({ nodes: [{ name: 'late', cpu: '4', memory: '8Gi', at: 30 }], faults: [{ type: 'nodeShortage', node: 'late', cpu: '3', pods: 100, durationSeconds: 60 }] });
    const [fault] = sim.faults.list();
    // No effect while there is no node: the fault took nothing from anything yet.
    expect(sim.faults.get(fault!.id)!.hits).toBe(0);
    await sim.advance(31);
    expect(sim.nodes.summary('late').allocatable).toMatchObject({ cpu: '1000m', pods: '10' });
    expect(logged(sim, 'FaultEffect', fault!.id).map((e) => [e.at, e.data?.node])).toEqual([['2026-01-01T00:00:30Z', 'late']]);
    await sim.advance(30);
    expect(sim.nodes.summary('late').allocatable).toMatchObject({ cpu: '4000m', pods: '110' });
  });

  it('a lost node comes back with the capacity the shortages take then', async () => {
    const sim = newSim({
      nodes: [{ name: 'a', cpu: '4', memory: '8Gi' }, { name: 'b', cpu: '4', memory: '8Gi' }],
      faults: [
        { type: 'nodeShortage', node: 'a', cpu: '2', durationSeconds: 20 },
        { type: 'nodeLoss', node: 'a', at: 10, durationSeconds: 20 },
        { type: 'nodeLoss', node: 'b', at: 10, durationSeconds: 20 },
        { type: 'nodeShortage', node: 'b', cpu: '3', at: 20, durationSeconds: 60 },
      ],
    });
    await sim.advance(11);
    expect(cpuOf(sim)).toEqual({});
    await sim.advance(20);
    // a: its shortage ended while it was gone; b: one began.
    expect(cpuOf(sim)).toEqual({ a: '4', b: '1000m' });
  });
});

describe('container faults', () => {
  it('containerCrash makes matching containers exit with the chosen code after afterSeconds', async () => {
    const sim = newSim();
    const fault = sim.injectFault({ type: 'containerCrash', match: { labels: { app: 'target' } }, exitCode: 42, afterSeconds: 2, count: 1 });
    createJob(sim, 'target', { env: { WORKLOAD_SECONDS: '10' }, backoffLimit: 1, labels: { app: 'target' } });
    createJob(sim, 'bystander', { env: { WORKLOAD_SECONDS: '10' } });
    await sim.runUntilIdle();
    const [crashed, retry] = podsOf(sim, 'target');
    expect(crashed!.status?.containerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode: 42, reason: 'Error', finishedAt: '2026-01-01T00:00:02Z' });
    // count 1: the fault is used up, the retry runs normally.
    expect(retry!.status?.phase).toBe('Succeeded');
    expect(podsOf(sim, 'bystander')[0]!.status?.phase).toBe('Succeeded');
    expect(sim.faults.get(fault.id)).toMatchObject({ state: 'ended', hits: 1 });
    expect(logged(sim, 'FaultExhausted', fault.id)).toHaveLength(1);
  });

  it('oom kills running matching containers with OOMKilled, exit code 137', async () => {
    // Exact times (latency off): the Job has failed by the instant the test reads it.
    const sim = newSim(EXACT);
    createJob(sim, 'big', { env: { WORKLOAD_SECONDS: '30' } });
    await sim.advance(5);
    sim.injectFault({ type: 'oom', match: { pod: 'big-*' } });
    await sim.advance(0);
    const pod = podsOf(sim, 'big')[0]!;
    expect(pod.status?.containerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled', finishedAt: '2026-01-01T00:00:05Z' });
    expect(condition(job(sim, 'big'), 'Failed')?.reason).toBe('BackoffLimitExceeded');
  });

  it('a fault scheduled with at takes effect at that virtual time', async () => {
    const sim = newSim();
    const fault = sim.injectFault({ type: 'containerCrash', exitCode: 9, at: 100 });
    createJob(sim, 'before', { env: { WORKLOAD_SECONDS: '10' } });
    await sim.advance(100);
    createJob(sim, 'after', { env: { WORKLOAD_SECONDS: '10' } });
    await sim.runUntilIdle();
    expect(podsOf(sim, 'before')[0]!.status?.phase).toBe('Succeeded');
    expect(podsOf(sim, 'after')[0]!.status?.containerStatuses?.[0]?.state.terminated?.exitCode).toBe(9);
    expect(secondsOf(sim, logged(sim, 'FaultInjected', fault.id)[0]!.at)).toBe(100);
  });
});

describe('API faults on the cluster port', () => {
  it('answers 500, 409 and 429 for matching requests without applying them, up to count', async () => {
    const sim = newSim();
    const port = sim.port('default');
    for (const [error, code] of [[500, 500], [409, 409], [429, 429]] as const) {
      sim.injectFault({ type: 'api', verb: 'create', resource: 'Job', error, count: 1 });
      await expect(port.create('Job', jobObject(`j${code}`))).rejects.toMatchObject({ code });
      expect(sim.store.get('Job', 'default', `j${code}`)).toBeUndefined();
      await expect(port.create('Job', jobObject(`j${code}`))).resolves.toMatchObject({ metadata: { name: `j${code}` } });
    }
    // Other verbs and resources are untouched.
    sim.injectFault({ type: 'api', verb: 'delete', resource: 'Secret', error: 500 });
    await expect(port.get('Job', 'j500')).resolves.toBeDefined();
    expect(logged(sim, 'FaultEffect').map((e) => e.data?.error)).toEqual([500, 409, 429]);
  });

  it('a timeout fails the request after it may or may not have been applied (seeded)', async () => {
    const sim = newSim({ seed: 3 });
    const port = sim.port('default');
    sim.injectFault({ type: 'api', verb: 'create', resource: '*', error: 'timeout' });
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const err = await port.create('Job', jobObject(`t${i}`)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClusterError);
      expect((err as ClusterError).code).toBe(504);
      outcomes.push(sim.store.get('Job', 'default', `t${i}`) ? 'applied' : 'lost');
    }
    expect(new Set(outcomes)).toEqual(new Set(['applied', 'lost']));
    expect(logged(sim, 'FaultEffect').map((e) => e.data?.outcome)).toEqual(outcomes.map((o) => (o === 'applied' ? 'applied' : 'not applied')));
  });

  it('a fraction fails about that share of requests, the same ones for the same seed', async () => {
    const run = async () => {
      const sim = newSim({ seed: 11 });
      sim.injectFault({ type: 'api', verb: 'get', resource: 'Job', error: 500, fraction: 0.25 });
      const port = sim.port('default');
      const failed: number[] = [];
      for (let i = 0; i < 400; i++) if (await port.get('Job', 'x').then(() => false, () => true)) failed.push(i);
      return failed;
    };
    const first = await run();
    expect(first.length).toBeGreaterThan(60);
    expect(first.length).toBeLessThan(140);
    expect(await run()).toEqual(first);
  });
});

describe('API latency on the cluster port', () => {
  it('answers matching requests latencySeconds of virtual time late, then handles them as usual', async () => {
    const sim = newSim();
    const port = sim.port('default');
    const fault = sim.injectFault({ type: 'apiLatency', verb: 'create', resource: 'Job', latencySeconds: 2.5, durationSeconds: 10 });
    let answered = false;
    const created = port.create('Job', jobObject('slow')).then((job) => ((answered = true), job));
    // Other verbs are not delayed.
    await expect(port.list('Job')).resolves.toEqual([]);
    await sim.advance(2);
    expect(answered).toBe(false);
    expect(sim.store.get('Job', 'default', 'slow')).toBeUndefined();
    await sim.advance(0.5);
    expect((await created).metadata.name).toBe('slow');
    // The Job reached the store at 2.5 s, when the answer was given (the log has whole seconds).
    expect(logged(sim, 'Created', 'slow').map((e) => secondsOf(sim, e.at))).toEqual([2]);
    expect(logged(sim, 'FaultEffect', fault.id).map((e) => [secondsOf(sim, e.at), e.message, e.data])).toEqual([
      [0, 'ApiLatency', { type: 'apiLatency', verb: 'create', resource: 'Job', name: 'slow', latencySeconds: 2.5 }],
    ]);
    // After durationSeconds, requests are answered at once again.
    await sim.advance(10);
    expect(logged(sim, 'FaultRecovered', fault.id)).toHaveLength(1);
    const t0 = sim.now();
    await port.create('Job', jobObject('fast'));
    expect(sim.now()).toBe(t0);
  });

  it('an API fault applies when the delayed request is handled; count ends the latency', async () => {
    const sim = newSim();
    const port = sim.port('default');
    const slow = sim.injectFault({ type: 'apiLatency', verb: '*', resource: 'job', latencySeconds: 1, count: 2 });
    sim.injectFault({ type: 'api', verb: 'get', resource: 'Job', error: 500, at: 0.5, count: 1 });
    const first = port.get('Job', 'x').catch((e: unknown) => e);
    const second = port.create('Job', jobObject('y'));
    await sim.advance(1);
    expect(await first).toMatchObject({ code: 500 });
    await expect(second).resolves.toMatchObject({ metadata: { name: 'y' } });
    expect(sim.faults.get(slow.id)).toMatchObject({ state: 'ended', hits: 2 });
    expect(logged(sim, 'FaultExhausted', slow.id)).toHaveLength(1);
    // Used up: the third request is answered at once.
    await expect(port.get('Job', 'y')).resolves.toBeDefined();
  });

  it('a fraction delays the same requests for the same seed; DELETE ends the fault and waiting requests are still answered', async () => {
    const run = async () => {
      const sim = newSim({ seed: 5 });
      const fault = sim.injectFault({ type: 'apiLatency', verb: 'get', resource: '*', latencySeconds: 3, fraction: 0.3 });
      const port = sim.port('default');
      const order: number[] = [];
      const pending = Array.from({ length: 50 }, (_, i) => port.get('Secret', 'none').then(() => order.push(i)));
      await sim.advance(0);
      const prompt = [...order];
      sim.faults.remove(fault.id);
      await sim.advance(3);
      await Promise.all(pending);
      expect(logged(sim, 'FaultRemoved', fault.id)).toHaveLength(1);
      return { prompt, order, effects: logged(sim, 'FaultEffect').length, log: sim.log.sha256() };
    };
    const first = await run();
    expect(first.effects).toBeGreaterThan(5);
    expect(first.effects).toBeLessThan(30);
    expect(first.prompt).toHaveLength(50 - first.effects);
    expect(first.order).toHaveLength(50);
    expect(await run()).toEqual(first);
  });
});

describe('receiver down (outbound HTTP)', () => {
  it('refuses requests to matching URLs while active, logging each refusal; ends after durationSeconds', async () => {
    const sim = newSim();
    const fault = sim.injectFault({ type: 'receiverDown', url: 'http://hooks.example.com/*', at: 10, durationSeconds: 30 });
    expect(sim.faults.refuseHttp('http://hooks.example.com/a')).toBeUndefined();
    await sim.advance(10);
    expect(sim.faults.refuseHttp('http://hooks.example.com/a', { request: 'r1', attempt: 1 })).toMatchObject({ id: fault.id });
    expect(sim.faults.refuseHttp('http://other.example.com/a')).toBeUndefined();
    await sim.advance(30);
    expect(sim.faults.refuseHttp('http://hooks.example.com/a')).toBeUndefined();
    expect(logged(sim, 'FaultEffect', fault.id).map((e) => [secondsOf(sim, e.at), e.message, e.data])).toEqual([
      [10, 'ReceiverDown', { type: 'receiverDown', url: 'http://hooks.example.com/a', request: 'r1', attempt: 1, answer: 'ECONNREFUSED' }],
    ]);
    expect(sim.faults.get(fault.id)).toMatchObject({ state: 'ended', hits: 1 });
    expect(logged(sim, 'FaultRecovered', fault.id)).toHaveLength(1);
  });

  it('without url every receiver is down; status answers that HTTP status instead; count limits it', () => {
    const sim = newSim();
    const fault = sim.injectFault({ type: 'receiverDown', status: 503, count: 2 });
    expect(sim.faults.refuseHttp('http://a/')).toMatchObject({ status: 503 });
    expect(sim.faults.refuseHttp('https://b:8443/x?y')).toMatchObject({ status: 503 });
    expect(sim.faults.refuseHttp('http://a/')).toBeUndefined();
    expect(logged(sim, 'FaultEffect', fault.id).map((e) => e.data?.answer)).toEqual([503, 503]);
    expect(logged(sim, 'FaultExhausted', fault.id)).toHaveLength(1);
  });
});

describe('fault validation', () => {
  it('refuses incomplete or out-of-range latency and receiver faults', () => {
    const sim = newSim();
    const bad: [unknown, RegExp][] = [
      [{ type: 'apiLatency', verb: 'get', resource: 'Job' }, /latencySeconds/],
      [{ type: 'apiLatency', verb: 'get', resource: 'Job', latencySeconds: 0 }, /latencySeconds/],
      [{ type: 'apiLatency', verb: 'get', resource: 'Job', latencySeconds: 3601 }, /at most 3600/],
      [{ type: 'apiLatency', verb: 'patch', resource: 'Job', latencySeconds: 1 }, /verb must be one of/],
      [{ type: 'apiLatency', verb: 'get', latencySeconds: 1 }, /apiLatency needs resource/],
      [{ type: 'apiLatency', verb: 'get', resource: 'Job', latencySeconds: 1, fraction: 0 }, /fraction/],
      [{ type: 'receiverDown', url: '' }, /url/],
      [{ type: 'receiverDown', status: 200 }, /status must be an HTTP status from 400 to 599/],
      [{ type: 'receiverDown', status: 503.5 }, /status/],
    ];
    for (const [fault, message] of bad) expect(() => sim.injectFault(fault as never), JSON.stringify(fault)).toThrow(message);
    expect(sim.faults.list()).toEqual([]);
  });
});

describe('scenario files', () => {
  const text = `
seed: 7
simulator:
  backoffCapSeconds: 360
  podStartupSeconds: 1
nodes:
  - name: cpu-1
    cpu: "4"
    memory: 16Gi
    labels: { kubernetes.io/arch: amd64 }
  - name: gpu-1
    cpu: "8"
    memory: 64Gi
    taints: [{ key: sku, value: gpu, effect: NoSchedule }]
    at: 60
faults:
  - type: nodeLoss
    node: cpu-1
    at: 30
    durationSeconds: 60
  - type: api
    verb: create
    resource: Job
    error: 429
    fraction: 0.1
`;

  it('turns nodes, faults and settings into simulator configuration', async () => {
    const config = scenarioConfig(parseScenario(text), { seed: 1 });
    expect(config).toMatchObject({ seed: 7, backoffCapSeconds: 360, podStartupSeconds: 1 });
    const sim = newSim(config);
    expect(sim.nodes.names()).toEqual(['cpu-1']);
    expect(sim.faults.list().map((f) => [f.type, f.state])).toEqual([
      ['nodeLoss', 'scheduled'],
      ['api', 'active'],
    ]);
    await sim.advance(30);
    expect(sim.nodes.names()).toEqual([]);
    await sim.advance(30);
    expect(sim.nodes.names()).toEqual(['gpu-1']);
    await sim.advance(30);
    expect(sim.nodes.names()).toEqual(['cpu-1', 'gpu-1']);
  });

  it('rejects a bad scenario with the place of the error', () => {
    expect(() => parseScenario('nodes: [{ name: a, cpu: "0", memory: 1Gi }]')).toThrow(new ScenarioError('nodes[0]: cpu must be a positive quantity such as "4" or "3500m"'));
    expect(() => parseScenario('faults: [{ type: api, verb: patch, resource: Job, error: 500 }]')).toThrow(/faults\[0\]: verb must be one of/);
    expect(() => parseScenario('faults: [{ type: meteor }]')).toThrow(/faults\[0\]: type must be one of/);
    expect(() => parseScenario('nodez: []')).toThrow(/unknown key nodez/);
  });
});

describe('the example scenarios', () => {
  it('examples/scenarios/slow-api-and-webhooks.yaml loads; its faults start and end on time', async () => {
    const { loadScenario } = await import('../../src/sim/scenario.js');
    const sim = newSim(scenarioConfig(loadScenario('examples/scenarios/slow-api-and-webhooks.yaml')));
    expect(sim.faults.list().map((f) => [f.type, f.state])).toEqual([
      ['apiLatency', 'active'],
      ['apiLatency', 'active'],
      ['receiverDown', 'scheduled'],
      ['receiverDown', 'scheduled'],
    ]);
    expect(sim.faults.refuseHttp('http://hooks.example.com/x')).toBeUndefined();
    await sim.advance(60);
    expect(sim.faults.refuseHttp('http://hooks.example.com/x')).toMatchObject({ type: 'receiverDown', url: 'http://hooks.example.com/*' });
    expect(sim.faults.refuseHttp('http://other.example.com/x')).toBeUndefined();
    await sim.advance(240);
    expect(sim.faults.refuseHttp('http://other.example.com/x')).toMatchObject({ status: 503 });
    await sim.advance(300);
    expect(sim.faults.list().map((f) => f.state)).toEqual(['ended', 'active', 'ended', 'ended']);
  });


  it('examples/scenarios/flaky-cluster.yaml loads and runs a job to the end', async () => {
    const { loadScenario } = await import('../../src/sim/scenario.js');
    const sim = newSim(scenarioConfig(loadScenario('examples/scenarios/flaky-cluster.yaml')));
    expect(sim.nodes.names()).toEqual(['general-1', 'general-2']);
    expect(sim.faults.list()).toHaveLength(7);
    createJob(sim, 'hello', { env: { WORKLOAD_SECONDS: '5' } });
    await sim.runUntilIdle();
    expect(condition(job(sim, 'hello'), 'Complete')?.status).toBe('True');
    expect(sim.nodes.names()).toEqual(['general-1', 'general-2', 'gpu-1']);
  });
});
