#!/usr/bin/env node
// Finds object shapes made over and over: places where V8 gives each new object a hidden class
// (map) of its own, as it does on Node 20 for a spread copy given a key its source lacks
// (src/common/shapes.ts). Such objects cost a map and a descriptor array each and make every
// later read of them a megamorphic miss: on the create path they cost a quarter of the throughput.
//
// Usage: node bench/mapChurn.mjs [--min N] -- SCRIPT [ARGS...]
//   runs `node --log-maps SCRIPT ARGS` and lists each (map, added key) that led to N or more
//   different maps (default 20), with the function that added the key; exit 1 when one is in
//   the project's own code. test/repo/mapChurn.test.ts runs it on the create path and a simulation.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** (map, key) transitions that led to `min` or more maps, from a V8 --log-maps log. */
export function churn(log, min = 20) {
  const codes = [];
  const groups = new Map();
  for (const line of log.split('\n')) {
    const f = line.split(',');
    // code-creation,JS,kind,time,start,size,name...
    if (line.startsWith('code-creation,JS')) codes.push({ start: BigInt(f[4]), end: BigInt(f[4]) + BigInt(f[5]), name: f.slice(6).join(',') });
    // map,Transition,time,from,to,pc,line,column,reason,key
    else if (line.startsWith('map,Transition')) {
      const key = `${f[3]} ${f.at(-1)}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { key: f.at(-1), to: new Set(), pc: f[5] }));
      g.to.add(f[4]);
    }
  }
  const where = (pc) => {
    if (!/^0x[0-9a-f]+$/i.test(pc)) return '?';
    const p = BigInt(pc);
    return codes.find((c) => p >= c.start && p < c.end)?.name.split(',')[0] ?? '?';
  };
  return [...groups.values()]
    .filter((g) => g.to.size >= min)
    .map((g) => ({ key: g.key, maps: g.to.size, at: where(g.pc) }))
    .sort((a, b) => b.maps - a.maps);
}

/** Runs `node --log-maps ...args` and returns churn() of its log. */
export function runChurn(args, { min = 20, cwd } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'jobsim-maps-'));
  try {
    const logfile = join(dir, 'maps.log');
    const r = spawnSync(process.execPath, ['--log-maps', `--logfile=${logfile}`, '--no-logfile-per-isolate', ...args], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}`);
    return churn(readFileSync(logfile, 'utf8'), min);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether a place is in the project's own code (compiled or sources), not Node's or a library's. */
export const ours = (at) => /\/(dist\/)?(src|bench|conformance)\//.test(at) && !at.includes('node_modules');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const sep = argv.indexOf('--');
  const opts = sep === -1 ? [] : argv.slice(0, sep);
  const args = sep === -1 ? argv : argv.slice(sep + 1);
  const min = opts[0] === '--min' ? Number(opts[1]) : 20;
  const found = runChurn(args, { min });
  for (const g of found) console.log(`${String(g.maps).padStart(7)} maps  key ${g.key}  at ${g.at}${ours(g.at) ? '  <- ours' : ''}`);
  if (found.length === 0) console.log(`no (map, key) led to ${min} or more maps`);
  process.exit(found.some((g) => ours(g.at)) ? 1 : 0);
}
