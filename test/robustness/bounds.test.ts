// Bounds wherever a number or a size enters: times that cannot be represented are refused (or, where
// the reference accepts them, never fire), the clock cannot be driven past the end of time, bodies
// are decoded as the reference's Go decoder reads them, and no job larger than a Kubernetes object
// is accepted by the documented profile.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRadixConfig } from '../../src/config/radixConfig.js';
import { ConfigError } from '../../src/config/yamlSource.js';
import { nestedDeeperThan, replaceLoneSurrogates } from '../../src/api/goText.js';
import { cpuMillis, isValidQuantity, memoryBytes } from '../../src/cluster/quantity.js';
import { wallEngineClock } from '../../src/runtime/wallClock.js';
import { EventQueue } from '../../src/sim/eventQueue.js';
import { globMatch, validateFault, FaultError } from '../../src/sim/faults.js';
import { END_OF_TIME_MS, MAX_SECONDS } from '../../src/sim/limits.js';
import { parseScenario, ScenarioError } from '../../src/sim/scenario.js';
import { Simulator } from '../../src/sim/simulator.js';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.stop();
  h = undefined;
});

const clockOf = async (x: Harness) => (await x.http.get('/sim/v1/clock')).body as { now: string; nextEventAt: string | null; pendingEvents: number };

describe('the clock and the event queue', () => {
  it('never queues work due after the end of time: it does not run and is not pending', () => {
    const q = new EventQueue();
    let ran = 0;
    q.schedule(END_OF_TIME_MS, () => void ran++);
    q.schedule(END_OF_TIME_MS + 1, () => void ran++);
    q.schedule(Number.NaN, () => void ran++);
    q.schedule(1e20, () => void ran++);
    expect(q.size).toBe(1);
    for (let t = q.popDue(Infinity); t; t = q.popDue(Infinity)) void t();
    expect(ran).toBe(1);
  });

  it('stops at the end of time: work beyond it never fires and the clock stays valid', async () => {
    const sim = new Simulator({ startTime: END_OF_TIME_MS - 10_000 });
    let fired = 0;
    sim.after(5_000, () => void fired++);
    sim.after(60_000, () => void fired++);
    sim.after(1e18, () => void fired++, { background: true });
    expect(sim.pendingEvents).toBe(1);
    await sim.runUntil(Number.MAX_VALUE);
    expect(fired).toBe(1);
    expect(sim.now()).toBe(END_OF_TIME_MS);
    await sim.runUntilIdle();
    expect(sim.pendingEvents).toBe(0);
    expect(new Date(sim.now()).toISOString()).toBe('9999-12-31T23:59:59.999Z');
  });

  it('refuses a start time it cannot hold', () => {
    expect(() => new Simulator({ startTime: 1e20 })).toThrow(/not an instant the clock can hold/);
    expect(() => new Simulator({ startTime: Number.NaN })).toThrow(/not an instant the clock can hold/);
  });

  it('refuses an advance past the end of time with 422 naming seconds, and changes nothing', async () => {
    h = await startHarness({ sim: { startTime: END_OF_TIME_MS - 20 * 86_400_000 } });
    const before = await clockOf(h);
    const res = await h.http.post('/sim/v1/clock/advance').send({ seconds: 30 * 86_400 });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ status: 'Failure', reason: 'Invalid', code: 422 });
    expect(res.body.message).toMatch(/^seconds: .*9999-12-31T23:59:59Z/);
    expect(await clockOf(h)).toEqual(before);
    expect((await h.http.post('/sim/v1/clock/advance').send({ seconds: 19 * 86_400 })).status).toBe(200);
  });
});

describe("the engine's wall clock (kubernetes backend)", () => {
  it('waits out a delay longer than a Node timer holds instead of firing at once, and never an infinite one', () => {
    vi.useFakeTimers();
    try {
      const clock = wallEngineClock();
      const ran: string[] = [];
      clock.schedule(2 ** 31 + 5000, () => void ran.push('long'));
      clock.schedule(Infinity, () => void ran.push('never'));
      const cancelled = clock.schedule(2 ** 32, () => void ran.push('cancelled'));
      vi.advanceTimersByTime(2 ** 31);
      expect(ran).toEqual([]);
      cancelled();
      vi.advanceTimersByTime(2 ** 32);
      expect(ran).toEqual(['long']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the fuzzers\' sequences (issue 14)', () => {
  it('refuses a fault at 1e17 s and keeps the clock and creates working through toNextEvent and untilIdle', async () => {
    h = await startHarness();
    const fault = await h.http.post('/sim/v1/faults').send({ type: 'nodeLoss', node: 'node-1', at: 1e17 });
    expect(fault.status).toBe(422);
    expect(fault.body.message).toContain('at');
    for (const body of [{ at: MAX_SECONDS + 1 }, { durationSeconds: 1.3e308 }, { afterSeconds: 1e300, type: 'containerCrash', exitCode: 1 }]) {
      const res = await h.http.post('/sim/v1/faults').send({ type: 'nodeLoss', node: 'node-1', ...body });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect((await h.http.get('/sim/v1/faults')).body).toEqual([]);
    for (let i = 0; i < 3; i++) expect((await h.http.post('/sim/v1/clock/advance').send({ toNextEvent: true })).status).toBe(200);
    expect((await h.http.post('/api/v1/jobs').send({})).status).toBe(200);
    expect((await h.http.post('/sim/v1/clock/advance').send({ untilIdle: true })).status).toBe(200);
  });

  for (const profile of ['documented', 'radix'] as const) {
    it(`${profile}: a time limit of 2^53-1 s with a run time of 1e15 s cannot corrupt the clock`, async () => {
      h = await startHarness({ profile });
      const res = await h.http.post('/api/v1/jobs').send({ timeLimitSeconds: 9007199254740991, variables: { WORKLOAD_SECONDS: '1e15' } });
      if (profile === 'documented') {
        // Kubernetes refuses a pod whose activeDeadlineSeconds is above 2^31-1: refused at create.
        expect(res.status).toBe(422);
        expect(res.body.message).toContain('timeLimitSeconds');
      } else {
        // The reference's CRD takes any int64; its Job is then refused by Kubernetes and it stays Waiting.
        expect(res.status).toBe(200);
      }
      // A run time past the end of time never fires; the job's 12 h deadline does.
      const long = await h.createJob({ variables: { WORKLOAD_SECONDS: '1e15' } });
      for (let i = 0; i < 5; i++) expect((await h.http.post('/sim/v1/clock/advance').send({ toNextEvent: true })).status).toBe(200);
      expect((await h.http.post('/api/v1/jobs').send({})).status).toBe(200);
      expect((await h.http.post('/sim/v1/clock/advance').send({ untilIdle: true })).status).toBe(200);
      const clock = await clockOf(h);
      expect(Date.parse(clock.now)).toBeLessThanOrEqual(END_OF_TIME_MS);
      expect((await h.http.get(`/api/v1/jobs/${long.name}`)).body.status).toBe('Failed');
      if (profile === 'radix') expect((await h.http.get(`/api/v1/jobs/${res.body.name}`)).body.status).toBe('Waiting');
    });
  }
});

describe('request bodies as the reference decodes them', () => {
  it('finds nesting deeper than 10,000 levels, outside strings only', () => {
    const nest = (n: number) => Buffer.from('['.repeat(n) + ']'.repeat(n));
    expect(nestedDeeperThan(nest(10_000))).toBe(false);
    expect(nestedDeeperThan(nest(10_001))).toBe(true);
    expect(nestedDeeperThan(Buffer.from(`{"a":"${'['.repeat(20_000)}"}`))).toBe(false);
    expect(nestedDeeperThan(Buffer.from(`{"a":"\\"${'{'.repeat(20_000)}"}`))).toBe(false);
  });

  it('replaces escaped lone surrogates with U+FFFD and keeps pairs and escaped backslashes', () => {
    const decode = (s: string) => JSON.parse(replaceLoneSurrogates(s)) as string;
    expect(decode('"a\\ud800b"')).toBe('a\ufffdb');
    expect(decode('"\\udc00"')).toBe('\ufffd');
    expect(decode('"\\ud83d\\ude00"')).toBe('😀');
    expect(decode('"\\ud800\\ud83d\\ude00"')).toBe('\ufffd😀');
    expect(decode('"\\\\ud800"')).toBe('\\ud800');
    expect(decode('"\\\\\\ud800"')).toBe('\\\ufffd');
  });

  for (const profile of ['documented', 'radix'] as const) {
    it(`${profile}: accepts 10,000 levels under an unknown key, refuses 10,001 as malformed, echoes U+FFFD for a lone surrogate`, async () => {
      h = await startHarness({ profile });
      // `n` levels of objects, inside the body's own object: n + 1 in all.
      const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
      const ok = await h.http.post('/api/v1/jobs').set('content-type', 'application/json').send(`{"x":${deep(9_999)}}`);
      expect(ok.status).toBe(200);
      const batch = await h.http.post('/api/v1/batches').set('content-type', 'application/json').send(`{"jobScheduleDescriptions":[{"x":${deep(9_997)}}]}`);
      expect(batch.status).toBe(200);
      const tooDeep = await h.http.post('/api/v1/jobs').set('content-type', 'application/json').send(`{"x":${deep(10_000)}}`);
      expect(tooDeep.status).toBe(profile === 'documented' ? 400 : 422);
      if (profile === 'documented') expect(tooDeep.body.message).toContain('exceeded max depth');
      else expect(tooDeep.body.message).toBe('payload is invalid');
      const odd = await h.http.post('/api/v1/jobs').set('content-type', 'application/json').send('{"jobId":"x\\ud800y"}');
      expect(odd.status).toBe(200);
      expect(odd.body.jobId).toBe('x\ufffdy');
      expect(h.errors).toEqual([]);
    });

    it(`${profile}: a 10 MB single job is refused as Kubernetes would refuse it, and nothing is created`, async () => {
      h = await startHarness({ profile });
      const huge = await h.http.post('/api/v1/jobs').send({ variables: { BIG: 'x'.repeat(10_000_000) } });
      const over = await h.http.post('/api/v1/jobs').send({ variables: { BIG: 'x'.repeat(2_000_000) } });
      if (profile === 'documented') {
        for (const res of [huge, over]) {
          expect(res.status).toBe(413);
          expect(res.body).toMatchObject({ reason: 'RequestEntityTooLarge', code: 413 });
          expect(res.body.message).toMatch(/^job #0 is \d+ bytes without its payload; .* at most 1048576 bytes/);
        }
      } else {
        // The reference hands the RadixBatch to the API server and passes its refusal on as a 500.
        expect(huge.status).toBe(500);
        expect(huge.body.message).toBe('Request entity too large: limit is 3145728');
        expect(over.status).toBe(500);
        expect(over.body.message).toBe('etcdserver: request is too large');
      }
      const list = (await h.http.get('/api/v1/jobs')).body;
      expect(list === null || list.length === 0).toBe(true);
      expect(h.sim.store.count('RadixBatch')).toBe(0);
      // Just under the limit is fine.
      expect((await h.http.post('/api/v1/jobs').send({ variables: { BIG: 'x'.repeat(1_000_000) } })).status).toBe(200);
    });
  }
});

describe('numbers and paths as the reference reads them', () => {
  for (const profile of ['documented', 'radix'] as const) {
    it(`${profile}: an integer field written 1e3 or 10.0 is ${profile === 'radix' ? 'refused (Go decodes only integer literals)' : 'the integer it denotes'}; 1e300 is out of range`, async () => {
      h = await startHarness({ profile });
      const post = (text: string) => h!.http.post('/api/v1/jobs').set('content-type', 'application/json').send(text);
      for (const text of ['{"timeLimitSeconds":1e3}', '{"backoffLimit":1.0}', '{"failurePolicy":{"rules":[{"action":"Count","onExitCodes":{"operator":"NotIn","values":[1.0]}}]}}']) {
        const res = await post(text);
        if (profile === 'radix') expect([res.status, res.body.message], text).toEqual([422, 'payload is invalid']);
        else expect(res.status, text).toBe(200);
      }
      expect((await post('{"timeLimitSeconds":1e300}')).status).toBe(422);
      // Elsewhere such numbers are fine: an unknown key is ignored, a string keeps its text.
      const ok = await post('{"unknown":1.5e3,"jobId":"1.5e3 \\"2.5","timeLimitSeconds":10}');
      expect(ok.status).toBe(200);
      expect(ok.body.jobId).toBe('1.5e3 "2.5');
      const batch = await h.http.post('/api/v1/batches').set('content-type', 'application/json').send('{"jobScheduleDescriptions":[{"backoffLimit":2e0}]}');
      expect(batch.status).toBe(profile === 'radix' ? 422 : 200);
    });

    it(`${profile}: a path escape that is not UTF-8 reads as U+FFFD`, async () => {
      h = await startHarness({ profile });
      const res = await h.http.get('/api/v1/jobs/%ED%A0%80');
      if (profile === 'radix') expect([res.status, res.body.message]).toEqual([500, 'job \ufffd\ufffd\ufffd is not a valid job name']);
      else expect([res.status, res.body.message]).toEqual([404, 'job \ufffd\ufffd\ufffd not found']);
      expect((await h.http.get('/api/v1/batches/%FF')).status).toBe(404);
    });
  }
});

describe('quantities', () => {
  it('saturate at 2^53-1, as Kubernetes saturates at the int64 maximum: never Infinity', () => {
    expect(memoryBytes('1e400')).toBe(Number.MAX_SAFE_INTEGER);
    expect(cpuMillis('5994Ei')).toBe(Number.MAX_SAFE_INTEGER);
    expect(memoryBytes('16Gi')).toBe(16 * 2 ** 30);
  });

  it('zero with a large exponent is zero, not NaN (0e794 is a valid quantity; it was refused)', () => {
    expect(isValidQuantity('0e794')).toBe(true);
    expect(memoryBytes('0e794')).toBe(0);
    expect(cpuMillis('0E+935')).toBe(0);
    expect(cpuMillis('1.5e3')).toBe(1_500_000);
  });

  it('a node of 5994Ei takes pods and gives capacity back without NaN', async () => {
    const sim = new Simulator({ nodes: [{ name: 'huge', cpu: '1e400', memory: '5994Ei' }] });
    sim.injectFault({ type: 'nodeShortage', node: 'huge', cpu: '1e400', memory: '5994Ei', durationSeconds: 10 });
    await sim.advance(20);
    expect(sim.nodes.summary('huge').allocatable).toMatchObject({ cpu: `${Number.MAX_SAFE_INTEGER}m`, memory: String(Number.MAX_SAFE_INTEGER) });
  });
});

describe('faults, scenarios and radixconfig bounds', () => {
  it('matches globs without exponential backtracking', () => {
    expect(globMatch('http://*.example.com/*', 'http://hooks.example.com/x')).toBe(true);
    expect(globMatch('a?c', 'abc')).toBe(true);
    expect(globMatch('a?c', 'ac')).toBe(false);
    expect(globMatch('*', '')).toBe(true);
    expect(globMatch('**a', 'ba')).toBe(true);
    expect(globMatch('x*', 'yx')).toBe(false);
    // A regular expression of this shape backtracks for ages on this text (the test would time
    // out); the matcher backtracks only to the last star.
    expect(globMatch('*a'.repeat(40) + 'b', 'a'.repeat(5000))).toBe(false);
    expect(globMatch('*a'.repeat(40) + '*', 'a'.repeat(5000))).toBe(true);
  });

  it('refuses fault fields out of range or of the wrong shape, naming them', () => {
    const bad: [unknown, RegExp][] = [
      [{ type: 'nodeLoss', node: 'a', at: 1e17 }, /^at must be a number of seconds from 0 to 315360000/],
      [{ type: 'nodeLoss', node: 'a', durationSeconds: Infinity }, /^durationSeconds/],
      [{ type: 'oom', afterSeconds: -1 }, /^afterSeconds/],
      [{ type: 'oom', count: 1.5 }, /^count must be an integer/],
      [{ type: 'oom', match: 'x' }, /^match must be an object/],
      [{ type: 'oom', match: { labels: { a: 1 } } }, /^match.labels must be a map of strings/],
      [{ type: 'nodeShortage', cpu: 4 }, /^cpu must be a Kubernetes quantity/],
      [{ type: 'nodeShortage', memory: '32Mx' }, /^memory must be a Kubernetes quantity/],
    ];
    for (const [fault] of bad) expect(() => validateFault(fault), JSON.stringify(fault)).toThrow(FaultError);
    for (const [fault, message] of bad) expect(() => validateFault(fault)).toThrow(message);
  });

  it('refuses scenario settings and node times out of range, with their place', () => {
    expect(() => parseScenario('simulator: { podStartupSeconds: 1e12 }')).toThrow(new ScenarioError('simulator.podStartupSeconds: must be a number of seconds from 0 to 315360000 (10 years)'));
    expect(() => parseScenario('simulator: { maxEvents: 1e9 }')).toThrow(/^simulator.maxEvents: must be an integer from 0 to 1000000/);
    expect(() => parseScenario('nodes: [{ name: a, cpu: "1", memory: 1Gi, at: 1e17 }]')).toThrow(/^nodes\[0\]: at must be a number of seconds/);
    expect(() => parseScenario('nodes: [{ name: a, cpu: "1", memory: 1Gi, pods: 1.5 }]')).toThrow(/^nodes\[0\]: pods must be an integer/);
    expect(() => parseScenario('faults: [{ type: nodeLoss, node: a, at: .inf }]')).toThrow(/^faults\[0\]: at must be/);
    expect(() => parseScenario('seed: .nan')).toThrow(/^seed: /);
  });

  it('refuses a radixconfig time limit Kubernetes cannot run and an int32 overflow', () => {
    const config = (extra: string) => `apiVersion: radix.equinor.com/v1
kind: RadixApplication
metadata: { name: app }
spec:
  jobs:
    - name: compute
      schedulerPort: 8000
      ${extra}
`;
    const fails = (text: string) => {
      try {
        parseRadixConfig('radixconfig.yaml', text);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(fails(config('timeLimitSeconds: 2147483648'))).toMatch(/spec\.jobs\[0\]\.timeLimitSeconds: must be <= 2147483647/);
    expect(fails(config('backoffLimit: 9007199254740991'))).toMatch(/spec\.jobs\[0\]\.backoffLimit: must be <= 2147483647/);
    expect(() => parseRadixConfig('radixconfig.yaml', config('timeLimitSeconds: 2147483647'))).not.toThrow();
  });
});
