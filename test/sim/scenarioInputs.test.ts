// Scenario inputs a fuzzing run found accepted (or crashing): each is refused with one line naming
// the key, and what is valid still loads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { seedOf, UsageError } from '../../src/cli/flags.js';
import { pino } from 'pino';
import { serve, unusedKeysWarning } from '../../src/cli/serve.js';
import { pastHorizon, runSimulate, simulateScenario } from '../../src/cli/simulate.js';
import { reportHtml } from '../../src/cli/simulationReport.js';
import { parseRadixConfig } from '../../src/config/radixConfig.js';
import { ConfigError } from '../../src/config/yamlSource.js';
import { loadSimulation } from '../../src/runtime/simulate.js';
import { END_OF_TIME_MS } from '../../src/sim/limits.js';
import { LatencyError, parseLatencyOption } from '../../src/sim/latency.js';
import { loadScenario, parseScenario, ScenarioError } from '../../src/sim/scenario.js';
import { checkHorizon, parseSimulation } from '../../src/sim/simulation.js';

const HERE = fileURLToPath(new URL('./scenarioInputs.test.ts', import.meta.url));
/** `text` as the scenario file HERE, with an hour's horizon unless it has its own. */
const load = (text: string) => loadSimulation(HERE, /^horizon:/m.test(text) ? text : `horizon: 1h\n${text}`);
const refused = (text: string, message: string) => expect(() => load(text)).toThrow(new ScenarioError(`${HERE}: ${message}`));

const dir = mkdtempSync(join(tmpdir(), 'jobsim-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const RADIXCONFIG = `apiVersion: radix.equinor.com/v1
kind: RadixApplication
metadata: { name: app }
spec:
  environments: [{ name: dev }, { name: prod }]
  jobs:
    - { name: compute, schedulerPort: 8080 }
`;

describe('start', () => {
  const WRONG = 'start: must be a date and time such as 2026-01-01T00:00:00Z (RFC 3339 with Z or an offset)';

  it('is RFC 3339 with a four-digit year and an explicit offset', () => {
    // No offset (read in the machine's zone), free text, a six-digit negative year, no seconds, no time.
    for (const start of ['2026-03-01T00:00:00', 'Jan 1 2026', '-000100-01-01T00:00:00Z', '2026-03-01T00:00Z', '2026-03-01']) {
      refused(`start: "${start}"\n`, WRONG);
    }
    refused('start: 1767225600000\n', WRONG);
  });

  it('refuses fields out of range rather than rolling them over', () => {
    for (const start of ['2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T00:60:00Z', '2026-01-01T00:00:00+24:00']) refused(`start: "${start}"\n`, WRONG);
  });

  it('reads Z, an offset and a fraction the same on every machine', () => {
    expect(load('start: 2026-03-01T00:00:00Z\n').spec.start).toBe(Date.UTC(2026, 2, 1));
    expect(load('start: "2026-03-01T01:30:00+01:30"\n').spec.start).toBe(Date.UTC(2026, 2, 1));
    expect(load('start: "2026-02-28T23:00:00-01:00"\n').spec.start).toBe(Date.UTC(2026, 2, 1));
    expect(load('start: "2026-03-01T00:00:00.25Z"\n').spec.start).toBe(Date.UTC(2026, 2, 1) + 250);
    // RFC 3339 lets a space stand for the T (its section 5.6 note).
    expect(load('start: "2026-03-01 00:00:00Z"\n').spec.start).toBe(Date.UTC(2026, 2, 1));
    expect(load('start: "0000-01-01T00:00:00Z"\n').spec.start).toBe(Date.parse('0000-01-01T00:00:00Z'));
  });

  it('keeps within the years RFC 3339 writes when an offset moves it', () => {
    refused('start: "9999-12-31T23:59:59-01:00"\n', 'start: must be from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z');
    refused('start: "0000-01-01T00:00:00+01:00"\n', 'start: must be from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z');
  });

  it('accepts a Date, should the YAML parser make one', () => {
    expect(parseSimulation({ start: new Date(Date.UTC(2026, 0, 2)) }, HERE).start).toBe(Date.UTC(2026, 0, 2));
    expect(() => parseSimulation({ start: new Date(Number.NaN) }, HERE)).toThrow(/^start: must be a date and time/);
  });
});

describe('horizon and the end of time', () => {
  it('refuses a horizon that runs from start past the end of time', () => {
    refused('start: 9999-12-31T23:59:59Z\nhorizon: 1d\n', 'horizon: runs past the end of time (9999-12-31T23:59:59.999Z) from start 9999-12-31T23:59:59.000Z: at most 0.999 s');
    // Up to the last instant is fine.
    expect(load('start: 9999-12-31T23:59:59Z\nhorizon: 0.999\n').spec.horizonMs).toBe(999);
  });

  it('checkHorizon covers --horizon from a start', () => {
    const start = Date.UTC(9999, 11, 31);
    expect(() => checkHorizon('--horizon', 86_400_000, 600, start)).toThrow(new ScenarioError('--horizon: runs past the end of time (9999-12-31T23:59:59.999Z) from start 9999-12-31T00:00:00.000Z: at most 86399.999 s'));
    expect(() => checkHorizon('--horizon', END_OF_TIME_MS - start, 600, start)).not.toThrow();
    expect(() => checkHorizon('--horizon', 86_400_000, 600)).not.toThrow();
  });

  it('a --horizon override past the end of time is refused before the run', async () => {
    const loaded = load('start: 9999-12-31T00:00:00Z\nhorizon: 1h\n');
    await expect(simulateScenario(loaded, { horizonMs: 2 * 86_400_000 })).rejects.toThrow(new ScenarioError(`${HERE}: --horizon: runs past the end of time (9999-12-31T23:59:59.999Z) from start 9999-12-31T00:00:00.000Z: at most 86399.999 s`));
  });
});

describe('traffic', () => {
  it('bounds each `at` to 10 years, as a fault\'s', () => {
    refused('traffic: [{ at: [1e308], jobs: 1 }]\n', 'traffic[0].at[0]: must be from 0 to 315360000 seconds (10 years)');
    refused('traffic: [{ at: [10, 3651d], jobs: 1 }]\n', 'traffic[0].at[1]: must be from 0 to 315360000 seconds (10 years)');
    refused('traffic: [{ at: [.inf], jobs: 1 }]\n', 'traffic[0].at[0]: must be a number');
    expect(load('traffic: [{ at: [315360000, 1h], jobs: 1 }]\n').spec.traffic[0]!.at).toEqual([315_360_000, 3600]);
  });

  it('takes a timeZone with a schedule only', () => {
    refused('traffic: [{ at: [10], jobs: 1, timeZone: Europe/Oslo }]\n', 'traffic[0].timeZone: applies to a schedule only');
    expect(load('traffic: [{ schedule: "0 1 * * *", timeZone: Europe/Oslo, jobs: 1 }]\n').spec.traffic[0]!.timeZone).toBe('Europe/Oslo');
  });
});

describe('other keys', () => {
  it('environment needs config', () => {
    refused('environment: prod\n', 'environment: needs config (a radixconfig.yaml)');
    expect(load('config: radixconfig.yaml\nenvironment: prod\n').spec.environment).toBe('prod');
  });

  it('simulator is a mapping', () => {
    refused('simulator: []\n', 'simulator: must be a mapping (defaultWorkloadSeconds, podStartupSeconds, backoffBaseSeconds, backoffCapSeconds, eventTtlSeconds, maxEvents, clientQps, clientBurst)');
    expect(load('simulator: { podStartupSeconds: 1 }\n').cluster.simulator).toEqual({ podStartupSeconds: 1 });
  });

  it('seed is not empty, as --seed', () => {
    refused('seed: ""\n', 'seed: must be a number, or a string of 1 to 1024 characters');
    expect(load('seed: x\n').cluster.seed).toBe('x');
  });

  it('a numeric seed is an exact integer: YAML rounds a longer one to a double other seeds share', () => {
    refused('seed: 99999999999999999999\n', 'seed: 100000000000000000000 is not an exact integer as YAML reads it (past 2^53, or with a fraction): quote it to use it as a string seed');
    refused('seed: 1.5\n', 'seed: 1.5 is not an exact integer as YAML reads it (past 2^53, or with a fraction): quote it to use it as a string seed');
    expect(load('seed: "99999999999999999999"\n').cluster.seed).toBe('99999999999999999999');
    expect(load('seed: 9007199254740991\n').cluster.seed).toBe(9007199254740991);
  });

  it('--seed keeps digits past 2^53 as a string (two of them would be one double)', () => {
    expect(seedOf('42')).toBe(42);
    expect(seedOf('9007199254740991')).toBe(9007199254740991);
    expect(seedOf('99999999999999999999')).toBe('99999999999999999999');
    expect(seedOf('99999999999999999999')).not.toBe(seedOf('100000000000000000000'));
  });

  it("a node's cpu is at least 1m and its memory at least 1 byte (less would run rounded up)", () => {
    const node = (cpu: string, memory: string) => `nodes: [{ name: a, cpu: "${cpu}", memory: "${memory}" }]\n`;
    refused(node('0.0001m', '1Gi'), 'nodes[0]: cpu must be at least 1m ("0.0001m" is less)');
    refused(node('0.9m', '1Gi'), 'nodes[0]: cpu must be at least 1m ("0.9m" is less)');
    refused(node('1', '0.5'), 'nodes[0]: memory must be at least 1 byte ("0.5" is less)');
    for (const [cpu, memory] of [['1m', '1'], ['1000u', '1000m'], ['0.001', '1Ki']]) expect(load(node(cpu!, memory!)).cluster.nodes![0]!.cpu).toBe(cpu);
  });
});

describe('simulator.clientQps and clientBurst', () => {
  it('are a positive rate and a whole burst; a burst needs a rate', () => {
    expect(parseScenario('simulator: { clientQps: 20, clientBurst: 30 }').simulator).toEqual({ clientQps: 20, clientBurst: 30 });
    expect(parseScenario('simulator: { clientQps: 0.5 }').simulator).toEqual({ clientQps: 0.5 });
    expect(() => parseScenario('simulator: { clientQps: 0 }')).toThrow(new ScenarioError('simulator.clientQps: must be a number of requests a second, more than 0 and at most 1000000'));
    expect(() => parseScenario('simulator: { clientQps: 5, clientBurst: 1.5 }')).toThrow(new ScenarioError('simulator.clientBurst: must be an integer from 1 to 1000000'));
    expect(() => parseScenario('simulator: { clientBurst: 5 }')).toThrow(new ScenarioError('simulator.clientBurst: needs clientQps (the rate the burst is saved up at)'));
  });
});

describe('YAML errors', () => {
  it('a syntax error is one line with its place', () => {
    expect(() => parseScenario('horizon: 1h\nfoo: [\n')).toThrow(new ScenarioError('YAML syntax error at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]'));
    const path = file('syntax.yaml', 'horizon: 1h\nfoo: [\n');
    expect(() => loadSimulation(path)).toThrow(new ScenarioError(`${path}: YAML syntax error at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]`));
  });

  it('a scenario is one YAML document', () => {
    const path = file('two.yaml', 'horizon: 1h\n---\nhorizon: 2h\n');
    expect(() => loadSimulation(path)).toThrow(new ScenarioError(`${path}: several YAML documents; a scenario is one`));
    expect(loadSimulation(file('one.yaml', '---\nhorizon: 2h\n')).spec.horizonMs).toBe(7_200_000);
  });

  const BOMB = 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';

  it('an alias bomb names its file: the scenario or its radixconfig', () => {
    expect(() => parseScenario(BOMB)).toThrow(new ScenarioError('YAML: Excessive alias count indicates a resource exhaustion attack'));
    expect(() => parseRadixConfig('bomb.yaml', BOMB)).toThrow(new ConfigError('bomb.yaml', [{ path: '(document)', message: 'Excessive alias count indicates a resource exhaustion attack' }]));
  });

  it('a key twice in one mapping is refused at its second place, in a scenario, a radixconfig and a latency model', () => {
    expect(() => parseScenario('horizon: 1h\nseed: 1\nseed: 2\n')).toThrow(new ScenarioError('YAML syntax error at line 3, column 1: Map keys must be unique'));
    expect(() => parseRadixConfig('dup.yaml', 'spec:\n  jobs:\n    - { name: a, name: b }\n')).toThrow(new ConfigError('dup.yaml', [{ path: '(syntax)', line: 3, col: 18, message: 'Map keys must be unique' }]));
    const model = file('dup-latency.yaml', 'watch: 1\npodStartup: 2\nwatch: 3\n');
    expect(() => parseLatencyOption(model)).toThrow(new LatencyError(`${model}: YAML syntax error at line 3, column 1: Map keys must be unique`));
    // The same key in two mappings is no duplicate.
    expect(parseLatencyOption(file('two-maps.yaml', 'watch: { median: 1, p95: 2 }\npodStartup: { median: 1, p95: 2 }\n')).watch).toEqual({ median: 1, p95: 2 });
  });

  it('a mapping of 100,000 keys is read, and its one duplicate found (the check was quadratic: minutes)', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `  k${i}: ${i}\n`).join('');
    expect(() => parseScenario(`horizon: 1h\nmetadata:\n${keys}  k99999: 0\n`)).toThrow(
      new ScenarioError('YAML syntax error at line 100003, column 3: Map keys must be unique'),
    );
    expect(() => parseScenario(`horizon: 1h\nmetadata:\n${keys}`)).toThrow(/unknown key metadata/);
  });

  it("an unknown environment is named as the scenario's key", async () => {
    const config = file('radixconfig.yaml', RADIXCONFIG);
    const scenario = file('env.yaml', `horizon: 1h\nconfig: ${config}\nenvironment: nope\n`);
    await expect(async () => simulateScenario(loadSimulation(scenario))).rejects.toThrow(`${config}:5:17: spec.environments: environment: "nope" is not one of the environments defined here (dev, prod)`);
    // jobsim serve's flag keeps its name.
    expect(() => parseRadixConfig('r.yaml', RADIXCONFIG, 'nope')).toThrow(/--environment "nope" is not one of/);
  });
});

describe('--out', () => {
  it('a folder that cannot be made stops the run before it starts', async () => {
    const scenario = file('out.yaml', 'horizon: 1h\n');
    const printed: string[] = [];
    const run = runSimulate(scenario, { out: '/dev/null/x', png: false }, (line) => printed.push(line));
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(/^--out \/dev\/null\/x: cannot create the folder \(ENOTDIR: /);
    expect(printed).toEqual([]);
  });
});

describe('faults and nodes a second fuzzing run found accepted', () => {
  it('a fault with count 0 (it still fired once) and a node of "1e400" cpu (an endless capacity)', () => {
    expect(() => parseScenario('faults: [{ type: containerCrash, exitCode: 1, count: 0 }]')).toThrow(new ScenarioError('faults[0]: count must be an integer from 1 to 9007199254740991'));
    expect(() => parseScenario('nodes: [{ name: a, cpu: "1e400", memory: 1Gi }]')).toThrow(new ScenarioError('nodes[0]: cpu must be a positive quantity such as "4" or "3500m"'));
    expect(() => parseScenario('nodes: [{ name: a, cpu: "1", memory: "1e400" }]')).toThrow(new ScenarioError('nodes[0]: memory must be a positive quantity such as "16Gi"'));
    expect(parseScenario('faults: [{ type: containerCrash, exitCode: 1, count: 1 }]').faults).toHaveLength(1);
  });
});

describe('traffic with no time at all', () => {
  it('an empty at list is refused (it sent nothing)', () => {
    refused('traffic: [ { at: [], jobs: 1 } ]\n', 'traffic[0].at: must list at least one time (seconds after the start)');
  });
});

describe('faults on nodes a simulation does not have', () => {
  const NODES = 'nodes: [{ name: a, cpu: "4", memory: 8Gi }, { name: b, cpu: "4", memory: 8Gi, at: 3600 }]\n';
  it('a nodeLoss or nodeShortage naming another node is refused (it would do nothing, silently)', () => {
    refused(`${NODES}faults: [{ type: nodeLoss, node: c, at: 60 }]\n`, "faults[0]: nodeLoss names node c, which is not one of the scenario's nodes (a, b)");
    refused(`${NODES}faults: [{ type: nodeLoss, node: a }, { type: nodeShortage, node: x, cpu: "1" }]\n`, "faults[1]: nodeShortage names node x, which is not one of the scenario's nodes (a, b)");
    refused('faults: [{ type: nodeLoss, node: a }]\n', "faults[0]: nodeLoss names node a, which is not one of the scenario's nodes (it has none)");
  });

  it('a nodeLoss before its node joins is refused; at or after it, and a shortage before it, load', () => {
    refused(`${NODES}faults: [{ type: nodeLoss, node: b, at: 60 }]\n`, 'faults[0]: nodeLoss of node b at 60 s, before the node joins at 3600 s: there is no node to lose then');
    expect(load(`${NODES}faults: [{ type: nodeLoss, node: b, at: 3600 }, { type: nodeShortage, node: b, pods: 1, at: 60 }, { type: nodeShortage, cpu: "1" }]\n`).cluster.faults).toHaveLength(3);
  });

  it('a long node list is cut in the message', () => {
    const nodes = Array.from({ length: 12 }, (_, i) => `{ name: n${i}, cpu: "1", memory: 1Gi }`).join(', ');
    refused(`nodes: [${nodes}]\nfaults: [{ type: nodeLoss, node: z }]\n`, "faults[0]: nodeLoss names node z, which is not one of the scenario's nodes (n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, ... 12 in all)");
  });

  it("a server's scenario (jobsim serve --scenario) is refused only the faults that can find no node: its nodes may come from its API later", () => {
    const refusedByServer = (text: string, message: string) => expect(() => loadScenario(file('serve.yaml', text))).toThrow(new ScenarioError(`${join(dir, 'serve.yaml')}: ${message}`));
    refusedByServer(`${NODES}faults: [{ type: nodeLoss, node: c }]\n`, "faults[0]: nodeLoss names node c, which is not one of the scenario's nodes (a, b)");
    refusedByServer(`${NODES}faults: [{ type: nodeLoss, node: b, at: 60 }]\n`, 'faults[0]: nodeLoss of node b at 60 s, before the node joins at 3600 s: there is no node to lose then');
    const taken = loadScenario(file('serve-ok.yaml', `${NODES}faults: [{ type: nodeLoss, node: c, at: 60 }, { type: nodeShortage, node: d, cpu: "1" }]\n`));
    expect(taken.faults).toHaveLength(2);
  });
  it("a simulation's keys in a server's scenario are told, name aside, in the file's order of SIMULATION_KEYS, with serve's flag for each that has one", async () => {
    const told: string[][] = [];
    const month = fileURLToPath(new URL('../../examples/scenarios/month.yaml', import.meta.url));
    loadScenario(month, (keys) => told.push(keys));
    expect(told).toEqual([['config', 'environment', 'start', 'horizon', 'historyLimit', 'maxBatchSize', 'workload', 'traffic', 'report']]);
    // A cluster-only scenario, or one that only names itself, tells nothing.
    loadScenario(fileURLToPath(new URL('../../examples/scenarios/flaky-cluster.yaml', import.meta.url)), (keys) => told.push(keys));
    loadScenario(file('named.yaml', `name: just a name\n${NODES}`), (keys) => told.push(keys));
    expect(told).toHaveLength(1);
    expect(unusedKeysWarning('m.yaml', ['config', 'traffic', 'compat'])).toBe(
      'jobsim: --scenario m.yaml: not used by serve, which takes the cluster from a scenario (seed, simulator, nodes, faults, latency): config (serve takes --config), traffic, compat (serve takes --compat); jobsim simulate runs them',
    );
    // jobsim serve logs it once, as a warning, and serves.
    const lines: { level: number; msg: string; unused?: string[] }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const serving = await serve({ port: 0, host: '127.0.0.1', seed: '1', clock: 'manual', compat: 'documented', component: 'compute', bodyLimit: '1mb', backoffCap: 600, workloadSeconds: 5, scenario: month }, log);
    await serving.close();
    const warned = lines.filter((l) => l.level === 40);
    expect(warned).toHaveLength(1);
    expect(warned[0]!.unused).toEqual(told[0]);
    expect(warned[0]!.msg).toBe(unusedKeysWarning(month, told[0] as Parameters<typeof unusedKeysWarning>[1]));
  });
});

describe('--event-log', () => {
  it("naming one of the report's own files is refused before the run (the report wrote over the log)", async () => {
    const scenario = file('log.yaml', 'horizon: 1h\n');
    const out = join(dir, 'log-out');
    const printed: string[] = [];
    await expect(runSimulate(scenario, { out, png: true, eventLog: `${out}/./report.json` }, (line) => printed.push(line))).rejects.toThrow(
      new UsageError(`--event-log ${out}/./report.json: is a file the report writes into --out (report.json, report.html, chart.png)`),
    );
    expect(printed).toEqual([]);
    // chart.png is not written with --no-png: a log there is kept.
    await runSimulate(scenario, { out, png: false, eventLog: join(out, 'chart.png') }, (line) => printed.push(line));
    expect(JSON.parse(printed[0]!).files).toEqual([join(out, 'report.json'), join(out, 'report.html'), join(out, 'chart.png')]);
  });
});

describe('--heap-days', () => {
  it('a day the run never finishes is refused before the run (it was left out without a word)', async () => {
    const scenario = file('days.yaml', 'horizon: 1h\n');
    const printed: string[] = [];
    const out = join(dir, 'days-out');
    await expect(runSimulate(scenario, { out, png: false, heapDays: [1] }, (line) => printed.push(line))).rejects.toThrow(
      new UsageError('--heap-days 1: the run ends before virtual day 1 is over (its horizon is under a day)'),
    );
    await expect(runSimulate(scenario, { out, png: false, horizon: '2d', heapDays: [1, 3] }, (line) => printed.push(line))).rejects.toThrow(
      new UsageError('--heap-days 3: the run ends before virtual day 3 is over (it runs 2 whole days)'),
    );
    expect(printed).toEqual([]);
  });

  it('days within the horizon are measured', async () => {
    const scenario = file('day.yaml', 'horizon: 1d\n');
    const printed: string[] = [];
    await runSimulate(scenario, { out: join(dir, 'day-out'), png: false, heapDays: [1] }, (line) => printed.push(line));
    expect(Object.keys(JSON.parse(printed[0]!).heapMBAtDay)).toEqual(['1']);
  });
});

describe('times as spans', () => {
  it("a fault's at and durationSeconds and a node's at may be spans, as traffic's times are", () => {
    const loaded = load('nodes: [{ name: a, cpu: "4", memory: 8Gi }, { name: b, cpu: "4", memory: 8Gi, at: 1h }]\nfaults: [{ type: nodeLoss, node: b, at: 2h, durationSeconds: 90m }, { type: nodeShortage, cpu: "1", at: 30, durationSeconds: 1d }]\n');
    expect(loaded.cluster.nodes![1]!.at).toBe(3600);
    expect(loaded.cluster.faults).toEqual([
      { type: 'nodeLoss', node: 'b', at: 7200, durationSeconds: 5400 },
      { type: 'nodeShortage', cpu: '1', at: 30, durationSeconds: 86_400 },
    ]);
    // jobsim serve --scenario reads them alike.
    expect(loadScenario(file('spans.yaml', 'faults: [{ type: containerCrash, exitCode: 2, at: 1m30s }]\n')).faults).toEqual([{ type: 'containerCrash', exitCode: 2, at: 90 }]);
  });

  it('a span that is not one, or past 10 years, is refused with its key', () => {
    refused('faults: [{ type: containerCrash, exitCode: 2, at: soon }]\n', 'faults[0].at: "soon" is not a duration (30d, 12h, 90m, 1h30m, or seconds)');
    refused('faults: [{ type: containerCrash, exitCode: 2, durationSeconds: 4000d }]\n', 'faults[0]: durationSeconds must be a number of seconds from 0 to 315360000 (10 years)');
    refused('nodes: [{ name: a, cpu: "4", memory: 8Gi, at: "-1h" }]\n', 'nodes[0].at: must not be negative');
  });
});

describe('what the horizon cuts off', () => {
  const SCENARIO = `horizon: 1h
start: 2026-01-01T00:00:00Z
nodes: [{ name: a, cpu: "4", memory: 8Gi }, { name: b, cpu: "4", memory: 8Gi, at: 2h }]
faults: [{ type: nodeLoss, node: a, at: 3600 }, { type: nodeShortage, node: b, cpu: "1", at: 3h }, { type: oom }]
traffic:
  - { at: [600, 2h], jobs: 1, single: true }
  - { at: [3d], jobs: 1 }
  - { schedule: "0 5 * * *", jobs: 1 }
  - { schedule: "*/30 * * * *", jobs: 1 }
`;

  it('is said before the run, one line each (it never happens), and the run goes on', async () => {
    const lines = pastHorizon(load(SCENARIO), 3_600_000);
    expect(lines).toEqual([
      'nodes[1] (b joining) at 7200 s is past the horizon (3600 s): it does not happen',
      'faults[1] (nodeShortage of b) at 10800 s is past the horizon (3600 s): it does not happen',
      'traffic[0]: 1 of its 2 times (7200 s) past the horizon (3600 s): no request then',
      'traffic[1]: its time (259200 s) past the horizon (3600 s): no request then',
      'traffic[2]: its schedule "0 5 * * *" does not fire before the horizon (3600 s): no request',
    ]);
    // A horizon long enough says nothing.
    expect(pastHorizon(load(SCENARIO), 3 * 86_400_000)).toEqual([]);
    const warned: string[] = [];
    const printed: string[] = [];
    const scenario = file('past.yaml', SCENARIO);
    await runSimulate(scenario, { out: join(dir, 'past-out'), png: false, horizon: '2h' }, (line) => printed.push(line), (line) => warned.push(line));
    expect(warned).toEqual([
      `jobsim simulate: ${scenario}: faults[1] (nodeShortage of b) at 10800 s is past the horizon (7200 s): it does not happen`,
      `jobsim simulate: ${scenario}: traffic[1]: its time (259200 s) past the horizon (7200 s): no request then`,
      `jobsim simulate: ${scenario}: traffic[2]: its schedule "0 5 * * *" does not fire before the horizon (7200 s): no request`,
    ]);
    expect(JSON.parse(printed[0]!).jobs).toBe(2 + 4);
  });

  it('a scenario with nothing that creates jobs (a cluster for jobsim serve) runs, and says why no job ran', async () => {
    const warned: string[] = [];
    const printed: string[] = [];
    const cluster = fileURLToPath(new URL('../../examples/scenarios/flaky-cluster.yaml', import.meta.url));
    await runSimulate(cluster, { out: join(dir, 'empty-out'), png: false, horizon: '1h' }, (line) => printed.push(line), (line) => warned.push(line));
    expect(warned).toEqual([`jobsim simulate: ${cluster}: nothing in it creates jobs (no traffic: and no job component with a cron section), so no job ran; see docs/simulate.md`]);
    expect(JSON.parse(printed[0]!).jobs).toBe(0);
    // Traffic is enough to say nothing (so is a cron section: the report lists the components with theirs).
    warned.length = 0;
    await runSimulate(file('one.yaml', 'horizon: 1h\ntraffic: [{ at: [60], jobs: 1 }]\n'), { out: join(dir, 'one-out'), png: false }, () => undefined, (line) => warned.push(line));
    expect(warned).toEqual([]);
  });
});

describe('traffic to a component without an API', () => {
  const CRON_FIRST = `apiVersion: radix.equinor.com/v1
kind: RadixApplication
metadata: { name: app }
spec:
  environments: [{ name: dev }]
  jobs:
    - { name: nightly, cron: { schedules: ["0 1 * * *"], concurrency: Allow } }
    - { name: compute, schedulerPort: 8080 }
`;
  const scenario = (traffic: string, rc = CRON_FIRST) => {
    const config = file('api.radixconfig.yaml', rc);
    return file('api.yaml', `config: ${config}\nenvironment: dev\nhorizon: 1h\ntraffic:\n${traffic}`);
  };
  const run = (path: string) => simulateScenario(loadSimulation(path));

  it('a cron-only component (no schedulerPort) is refused as a target: it serves no API (it was served)', async () => {
    const path = scenario('  - { component: nightly, at: 60, jobs: 2 }\n');
    await expect(run(path)).rejects.toThrow(
      new ScenarioError(`${path}: traffic[0].component: nightly serves no API (it has no schedulerPort in ${join(dir, 'api.radixconfig.yaml')}): its cron schedules alone create its jobs`),
    );
  });

  it('traffic without a component goes to the first that serves an API, not the first listed', async () => {
    const r = await run(scenario('  - { at: 60, jobs: 2 }\n'));
    expect(r.requests).toEqual({ 'compute/batch': 1 });
    expect(Object.values(r.jobs.byComponent.compute!).reduce((a, b) => a + b, 0)).toBe(2);
    expect(reportHtml(r)).toContain('<li>2 jobs in a batch to compute at 60 s</li>');
  });

  it('with no component serving an API, traffic is refused', async () => {
    const path = scenario('  - { at: 60, jobs: 2 }\n', CRON_FIRST.replace('- { name: compute, schedulerPort: 8080 }', '- { name: other, cron: { schedules: ["0 2 * * *"], concurrency: Allow } }'));
    await expect(run(path)).rejects.toThrow(new ScenarioError(`${path}: traffic[0]: no job component of ${join(dir, 'api.radixconfig.yaml')} serves an API (none has a schedulerPort)`));
  });

  it('a single job takes no batchId (POST /jobs has none; it was dropped)', () => {
    refused('traffic: [{ at: 60, jobs: 1, single: true, batchId: nightly }]\n', 'traffic[0].batchId: is for batches: a single job (single: true) has no batch id');
  });
});
