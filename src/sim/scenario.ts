// Scenario files: a YAML description of the cluster (nodes, each optionally joining later), the
// faults to inject (each optionally at a virtual time) and simulator settings. A scenario turns
// into simulator configuration; nothing here runs anything.
import { LineCounter } from 'yaml';
import { InputFileError, readInputFile } from '../common/inputFile.js';
import { documentValue, parseYamlDocuments } from '../common/yamlDocuments.js';
import type { NodeConfig, SimConfig } from './config.js';
import { FaultError, validateFault, type FaultRequest } from './faults.js';
import { isBoundedSeconds, MAX_CLIENT_QPS, MAX_EVENTS, MAX_NODES, MAX_SECONDS } from './limits.js';
import { LatencyError, validateLatency, type LatencyModel } from './latency.js';
import { NodeError, validateNodeConfig } from './nodes.js';
import { parseSpan, SIMULATION_KEYS, type SimulationKey } from './simulation.js';

export class ScenarioError extends Error {}

/** Simulator settings a scenario may set. */
const SETTINGS = ['defaultWorkloadSeconds', 'podStartupSeconds', 'backoffBaseSeconds', 'backoffCapSeconds', 'eventTtlSeconds', 'maxEvents', 'clientQps', 'clientBurst'] as const;
type Setting = (typeof SETTINGS)[number];

/** The longest seed string a scenario (or `jobsim simulate --seed`) may give. */
export const MAX_SEED_LENGTH = 1024;

export interface Scenario {
  seed?: number | string;
  simulator?: Partial<Pick<SimConfig, Setting>>;
  nodes?: NodeConfig[];
  faults?: FaultRequest[];
  /** The latency model: off, cluster or steps over a base (latency.ts). */
  latency?: LatencyModel;
}

function fail(where: string, err: unknown): never {
  throw new ScenarioError(`${where}: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * A scenario file's times may be spans (`2h`, `1d`, `90m`), as a simulation's `traffic` times and
 * horizon are: `keys` of a fault or node given so become seconds, and are then checked as numbers.
 */
function withSeconds(v: unknown, keys: readonly string[], where: string): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  if (!keys.some((k) => typeof o[k] === 'string')) return v;
  const out = { ...o };
  for (const k of keys) if (typeof o[k] === 'string') out[k] = parseSpan(`${where}.${k}`, o[k]) / 1000;
  return out;
}

/** The keys of a scenario that describe the simulated cluster: what `jobsim serve --scenario` uses. */
export const CLUSTER_KEYS = ['seed', 'simulator', 'nodes', 'faults', 'latency'] as const;

/** Checks a parsed scenario document. */
export function validateScenario(doc: unknown): Scenario {
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) fail('scenario', 'must be a mapping');
  const d = doc as Record<string, unknown>;
  // The keys of a simulation (jobsim simulate: simulation.ts) are accepted and left to it.
  const keys: readonly string[] = [...CLUSTER_KEYS, ...SIMULATION_KEYS];
  for (const key of Object.keys(d)) if (!keys.includes(key)) fail('scenario', `unknown key ${key} (${keys.join(', ')})`);
  const out: Scenario = {};
  if (d.seed !== undefined) {
    // As `jobsim simulate --seed`: an empty string is refused there, so here too.
    if (!(typeof d.seed === 'number' && Number.isFinite(d.seed)) && !(typeof d.seed === 'string' && d.seed.length >= 1 && d.seed.length <= MAX_SEED_LENGTH)) {
      fail('seed', `must be a number, or a string of 1 to ${MAX_SEED_LENGTH} characters`);
    }
    // YAML has already rounded a longer number to a double, which other seeds round to as well.
    if (typeof d.seed === 'number' && !Number.isSafeInteger(d.seed)) {
      fail('seed', `${d.seed} is not an exact integer as YAML reads it (past 2^53, or with a fraction): quote it to use it as a string seed`);
    }
    out.seed = d.seed;
  }
  if (d.simulator !== undefined) {
    if (typeof d.simulator !== 'object' || d.simulator === null || Array.isArray(d.simulator)) fail('simulator', `must be a mapping (${SETTINGS.join(', ')})`);
    const sim: Partial<Record<Setting, number>> = {};
    for (const [key, value] of Object.entries(d.simulator)) {
      if (!SETTINGS.includes(key as Setting)) fail('simulator', `unknown setting ${key} (${SETTINGS.join(', ')})`);
      if (key === 'maxEvents') {
        if (!(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_EVENTS)) fail(`simulator.${key}`, `must be an integer from 0 to ${MAX_EVENTS}`);
      } else if (key === 'clientQps') {
        if (!(typeof value === 'number' && value > 0 && value <= MAX_CLIENT_QPS)) fail(`simulator.${key}`, `must be a number of requests a second, more than 0 and at most ${MAX_CLIENT_QPS}`);
      } else if (key === 'clientBurst') {
        if (!(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_CLIENT_QPS)) fail(`simulator.${key}`, `must be an integer from 1 to ${MAX_CLIENT_QPS}`);
      } else if (!isBoundedSeconds(value)) fail(`simulator.${key}`, `must be a number of seconds from 0 to ${MAX_SECONDS} (10 years)`);
      sim[key as Setting] = value as number;
    }
    if (sim.clientBurst !== undefined && sim.clientQps === undefined) fail('simulator.clientBurst', 'needs clientQps (the rate the burst is saved up at)');
    out.simulator = sim;
  }
  if (d.nodes !== undefined) {
    if (!Array.isArray(d.nodes)) fail('nodes', 'must be a list');
    if (d.nodes.length > MAX_NODES) fail('nodes', `${d.nodes.length} nodes; at most ${MAX_NODES} (the most Kubernetes supports)`);
    const names = new Set<string>();
    out.nodes = d.nodes.map((n, i) => {
      try {
        const node = validateNodeConfig(withSeconds(n, ['at'], `nodes[${i}]`));
        if (names.has(node.name)) throw new NodeError(400, `node ${node.name} appears twice`);
        names.add(node.name);
        if (node.at !== undefined && !isBoundedSeconds(node.at)) throw new NodeError(400, `at must be a number of seconds from 0 to ${MAX_SECONDS} (10 years)`);
        return node;
      } catch (err) {
        if (err instanceof NodeError) fail(`nodes[${i}]`, err);
        throw err;
      }
    });
  }
  if (d.latency !== undefined) {
    try {
      out.latency = validateLatency(d.latency);
    } catch (err) {
      if (err instanceof LatencyError) fail('scenario', err);
      throw err;
    }
  }
  if (d.faults !== undefined) {
    if (!Array.isArray(d.faults)) fail('faults', 'must be a list');
    out.faults = d.faults.map((f, i) => {
      try {
        return validateFault(withSeconds(f, ['at', 'durationSeconds'], `faults[${i}]`));
      } catch (err) {
        if (err instanceof FaultError) fail(`faults[${i}]`, err);
        throw err;
      }
    });
  }
  return out;
}

/**
 * Node faults that would do nothing at all: a nodeLoss before its node joins, or at the start
 * naming a node the scenario does not have, as the control API refuses a loss of a node that is
 * not there; and, with `closed` (jobsim simulate: the scenario's nodes are all the run will have,
 * where a server also takes nodes from its API), any nodeLoss or nodeShortage naming a node the
 * scenario does not have. A typo in "what if node-3 is lost at 02:00" must not answer another
 * question without a word. (A shortage of a node still to come waits for it: nodes.ts.)
 */
export function checkFaultNodes(scenario: Scenario, closed: boolean): void {
  const joins = new Map((scenario.nodes ?? []).map((n) => [n.name, Math.max(0, n.at ?? 0)]));
  scenario.faults?.forEach((f, i) => {
    if ((f.type !== 'nodeLoss' && f.type !== 'nodeShortage') || f.node === undefined) return;
    const at = Math.max(0, f.at ?? 0);
    const joinsAt = joins.get(f.node);
    if (joinsAt === undefined && (closed || (f.type === 'nodeLoss' && at === 0))) {
      fail(`faults[${i}]`, `${f.type} names node ${f.node}, which is not one of the scenario's nodes (${nodeNames([...joins.keys()])})`);
    }
    if (f.type === 'nodeLoss' && joinsAt !== undefined && at < joinsAt) fail(`faults[${i}]`, `nodeLoss of node ${f.node} at ${at} s, before the node joins at ${joinsAt} s: there is no node to lose then`);
  });
}

/** A few node names for a message. */
function nodeNames(names: string[]): string {
  if (names.length === 0) return 'it has none';
  return names.length <= 10 ? names.join(', ') : `${names.slice(0, 10).join(', ')}, ... ${names.length} in all`;
}

/**
 * The one YAML document of a scenario's text (null when there is none), its errors on one line
 * (the yaml package's own messages carry a multi-line code frame).
 */
export function scenarioDocument(text: string): unknown {
  const lines = new LineCounter();
  const docs = parseYamlDocuments(text, { lineCounter: lines });
  if (docs.length === 0) return null;
  if (docs.length > 1) throw new ScenarioError('several YAML documents; a scenario is one');
  const read = documentValue(docs[0]!, lines);
  if ('error' in read) throw new ScenarioError(read.error);
  return read.value;
}

export function parseScenario(text: string): Scenario {
  return validateScenario(scenarioDocument(text));
}

/**
 * A scenario file for `jobsim serve`. `unused` is told the keys of a simulation the file has
 * (`name` aside): serve accepts them, so that one file serves both commands, but does not use them,
 * and a server that left `config:` or `traffic:` aside without a word would pass for one that ran them.
 */
export function loadScenario(path: string, unused?: (keys: SimulationKey[]) => void): Scenario {
  let text: string;
  try {
    text = readInputFile(path);
  } catch (err) {
    if (err instanceof InputFileError) throw new ScenarioError(err.message);
    throw err;
  }
  try {
    const doc = scenarioDocument(text);
    const scenario = validateScenario(doc);
    const keys = doc && typeof doc === 'object' ? SIMULATION_KEYS.filter((k) => k !== 'name' && k in (doc as object)) : [];
    if (keys.length > 0) unused?.(keys);
    // A server's nodes may also come from its API: only faults that can find no node are refused.
    checkFaultNodes(scenario, false);
    return scenario;
  } catch (err) {
    fail(path, err);
  }
}

/** Simulator configuration from a scenario, on top of `base`. */
export function scenarioConfig(scenario: Scenario, base: Partial<SimConfig> = {}): Partial<SimConfig> {
  return {
    ...base,
    ...scenario.simulator,
    ...(scenario.seed !== undefined ? { seed: scenario.seed } : {}),
    ...(scenario.nodes ? { nodes: scenario.nodes } : {}),
    ...(scenario.latency ? { latency: scenario.latency } : {}),
    ...(scenario.faults ? { faults: [...(base.faults ?? []), ...scenario.faults] } : {}),
  };
}
