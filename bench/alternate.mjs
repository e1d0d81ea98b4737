#!/usr/bin/env node
// Two builds of jobsim (or one build under two sets of node flags) run on one scenario in turns,
// and compared: their wall times and their report bytes. This 2-core machine shares its host, and
// the host's hour moves a run by 10-40% (bench/README.md), so two builds are told apart only by runs
// taken in the same minutes, one after the other. The turns go A B, B A, A B, ... so that a drift
// of the host over the rounds weighs on both sides alike. A change that means to leave the
// simulation as it is must give the same report.json bytes on both sides.
//
//   npm run build && cp -r dist /tmp/before            # the build to compare against
//   ...change src/..., npm run build
//   node bench/alternate.mjs --a /tmp/before --b dist --runs 4 --horizon 2d
//   node bench/alternate.mjs --b-flags=--max-semi-space-size=32 --runs 4   # flags, one build
//   node bench/alternate.mjs --b-args="--latency off" --allow-different    # what the model costs
//
// --a DIR, --b DIR: a compiled dist/ each (default: dist for both). --a-flags=FLAGS, --b-flags=FLAGS
// (with `=`, as the value starts with a dash; several flags in one quoted value): node flags for that
// side, after --max-semi-space-size=64 (as `npm start` and the month's figures run; a later flag
// wins). --a-args=ARGS, --b-args=ARGS: more `jobsim simulate` arguments for that side. --scenario
// FILE (default examples/scenarios/month.yaml), --horizon SPAN (default 2d), --runs N rounds
// (default 4), --allow-different (a change that means to alter the simulation), --json (one JSON
// object instead of lines).
// Prints each run (side, wall ms, the first 8 hex digits of report.json's sha256) and per side the
// median, least and most wall time, and B's median against A's. Exits 1 when the two sides' reports
// differ (unless --allow-different) or one side's reports differ between its own runs (never
// allowed: that would be a determinism bug), 2 on a usage error or a run that fails.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The order of the sides in round `round` (0-based): A B, then B A, and so on. */
export function turns(round) {
  return round % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Sums up runs ({ side, wallMs, sha256 }): per side the median, least and most wall time and the
 * distinct report hashes, B's median over A's, and whether all reports were the same bytes.
 */
export function summarize(runs) {
  const sides = {};
  for (const side of ['a', 'b']) {
    const mine = runs.filter((r) => r.side === side);
    if (mine.length === 0) continue;
    const walls = mine.map((r) => r.wallMs);
    sides[side] = { runs: mine.length, medianMs: median(walls), minMs: Math.min(...walls), maxMs: Math.max(...walls), reports: [...new Set(mine.map((r) => r.sha256))] };
  }
  const { a, b } = sides;
  return {
    sides,
    bOverA: a && b ? Math.round((b.medianMs / a.medianMs) * 1000) / 1000 : undefined,
    // One side's runs disagreeing is a determinism bug whatever was changed.
    eachSideDeterministic: Object.values(sides).every((s) => s.reports.length === 1),
    sameReports: new Set(runs.map((r) => r.sha256)).size === 1,
  };
}

/**
 * Runs `jobsim simulate` once from the compiled `dist`, with node `flags` and extra simulate `args`:
 * its wall time, job count and report hash.
 */
export function runOnce({ dist, flags, args: extra = [], scenario, horizon }) {
  const out = mkdtempSync(join(tmpdir(), 'jobsim-alternate-'));
  try {
    const args = ['--max-semi-space-size=64', ...flags, join(dist, 'src/cli/main.js'), 'simulate', scenario, '--horizon', horizon, '--no-png', ...extra, '--out', out];
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').pop()}`);
    // The run's summary is the last line of its output: { wallMs, jobs, ... }.
    const summary = JSON.parse(r.stdout.trim().split('\n').pop());
    const sha256 = createHash('sha256').update(readFileSync(join(out, 'report.json'))).digest('hex');
    return { wallMs: summary.wallMs, jobs: summary.jobs, sha256 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const words = (s) => (s ?? '').split(/\s+/).filter(Boolean);

const USAGE = 'usage: node bench/alternate.mjs [--a DIR] [--b DIR] [--a-flags=FLAGS] [--b-flags=FLAGS] [--a-args=ARGS] [--b-args=ARGS] [--scenario FILE] [--horizon SPAN] [--runs N] [--allow-different] [--json]';

const OPTIONS = {
  a: { type: 'string', default: 'dist' },
  b: { type: 'string', default: 'dist' },
  'a-flags': { type: 'string' },
  'b-flags': { type: 'string' },
  'a-args': { type: 'string' },
  'b-args': { type: 'string' },
  scenario: { type: 'string', default: 'examples/scenarios/month.yaml' },
  horizon: { type: 'string', default: '2d' },
  runs: { type: 'string', default: '4' },
  'allow-different': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
};

function main(argv) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS }));
  } catch (err) {
    console.error(`alternate.mjs: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n${USAGE}`);
    return 2;
  }
  const rounds = Number(values.runs);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 100) {
    console.error('alternate.mjs: --runs must be a whole number from 1 to 100');
    return 2;
  }
  const side = {
    a: { dist: resolve(ROOT, values.a), flags: words(values['a-flags']), args: words(values['a-args']) },
    b: { dist: resolve(ROOT, values.b), flags: words(values['b-flags']), args: words(values['b-args']) },
  };
  const runs = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const s of turns(round)) {
        const r = runOnce({ ...side[s], scenario: values.scenario, horizon: values.horizon });
        runs.push({ side: s, ...r });
        if (!values.json) console.log(`${s.toUpperCase()} ${r.wallMs} ms ${r.sha256.slice(0, 8)} (${r.jobs} jobs)`);
      }
    }
  } catch (err) {
    console.error(`alternate.mjs: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const sum = summarize(runs);
  if (values.json) console.log(JSON.stringify({ a: side.a, b: side.b, scenario: values.scenario, horizon: values.horizon, runs, ...sum }, null, 2));
  else {
    for (const [s, v] of Object.entries(sum.sides)) {
      console.log(`${s.toUpperCase()}: median ${v.medianMs} ms (${v.minMs}-${v.maxMs}), ${v.runs} runs, report ${v.reports.map((h) => h.slice(0, 8)).join(' / ')}`);
    }
    console.log(`B/A: ${sum.bOverA}; reports ${sum.sameReports ? 'the same bytes' : 'differ'}`);
  }
  if (!sum.eachSideDeterministic) {
    console.error('alternate.mjs: one side gave different reports in its own runs: the simulation is not deterministic');
    return 1;
  }
  if (!sum.sameReports && !values['allow-different']) {
    console.error('alternate.mjs: the two sides gave different reports (--allow-different when that is meant)');
    return 1;
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) process.exitCode = main(process.argv.slice(2));
