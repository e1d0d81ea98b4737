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
import { fileURLToPath } from 'node:url';
import { cliArgs, codeNames, ours, runLogged } from './v8Log.mjs';

/** (map, key) transitions that led to `min` or more maps, from a V8 --log-maps log. */
export function churn(log, min = 20) {
  const lines = log.split('\n');
  const groups = new Map();
  lines.forEach((line, i) => {
    // map,Transition,time,from,to,pc,line,column,reason,key
    if (!line.startsWith('map,Transition')) return;
    const f = line.split(',');
    const key = `${f[3]} ${f.at(-1)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key: f.at(-1), to: new Set(), pc: f[5], first: i }));
    g.to.add(f[4]);
  });
  const where = codeNames(lines);
  return [...groups.values()]
    .filter((g) => g.to.size >= min)
    .map((g) => ({ key: g.key, maps: g.to.size, at: where(g.pc, g.first) }))
    .sort((a, b) => b.maps - a.maps);
}

/** Runs `node --log-maps ...args` and returns churn() of its log. */
export function runChurn(args, { min = 20, cwd } = {}) {
  return churn(runLogged('--log-maps', args, { cwd }), min);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { min, args } = cliArgs(process.argv.slice(2), 20);
  const found = runChurn(args, { min });
  for (const g of found) console.log(`${String(g.maps).padStart(7)} maps  key ${g.key}  at ${g.at}${ours(g.at) ? '  <- ours' : ''}`);
  if (found.length === 0) console.log(`no (map, key) led to ${min} or more maps`);
  process.exit(found.some((g) => ours(g.at)) ? 1 : 0);
}
