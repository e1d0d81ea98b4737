// Golden scenarios, in the style of kwok's stage testdata: `<name>.scenario.yaml` (a scenario file
// plus the Jobs to create, each at a virtual time) -> `<name>.events.jsonl` (the expected event log).
// Regenerate with `npm run golden:update` (tsx test/sim/golden/update.ts) and review the diff.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { scenarioConfig, validateScenario } from '../../../src/sim/scenario.js';
import { createJob, newSim, type JobOptions } from '../support.js';

export const GOLDEN_DIR = dirname(fileURLToPath(import.meta.url));

export function goldenNames(): string[] {
  return readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.scenario.yaml'))
    .map((f) => f.slice(0, -'.scenario.yaml'.length))
    .sort();
}

export const outputPath = (name: string) => join(GOLDEN_DIR, `${name}.events.jsonl`);

/** Runs a golden scenario until idle and returns its event log as JSON lines. */
export async function runGolden(name: string): Promise<string> {
  const doc = parse(readFileSync(join(GOLDEN_DIR, `${name}.scenario.yaml`), 'utf8')) as Record<string, unknown>;
  const { jobs = [], ...scenario } = doc as { jobs?: (JobOptions & { name: string; at?: number })[] };
  const sim = newSim({ ...scenarioConfig(validateScenario(scenario)), eventLogRetain: Number.POSITIVE_INFINITY });
  for (const { name: jobName, at = 0, ...options } of [...jobs].sort((a, b) => (a.at ?? 0) - (b.at ?? 0))) {
    await sim.runUntil(sim.config.startTime + at * 1000);
    createJob(sim, jobName, options);
  }
  await sim.runUntilIdle();
  return sim.log.linesSince(0).join('\n') + '\n';
}
