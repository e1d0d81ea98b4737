#!/usr/bin/env node
// Finds property accesses V8 cannot cache: an inline cache (IC) already megamorphic that misses
// again and again on one and the same map. A megamorphic IC looks its handler up in V8's stub cache;
// a handler that cannot be cached there (as for `{ ...current, status, metadata }` in the store's
// status write on Node 20) sends every such access to the runtime, a call each time. Such a site is
// a bug of the code's shape, not of the data: one map, thousands of misses.
//
// Usage: node bench/icMisses.mjs [--min N] -- SCRIPT [ARGS...]
//   runs `node --log-ic SCRIPT ARGS` and lists each IC site (kind, key, line and column) that
//   missed N or more times (default 100) on one map while megamorphic, with its function; exit 1
//   when one is in the project's own code. test/repo/icMisses.test.ts runs it on created jobs.
import { fileURLToPath } from 'node:url';
import { cliArgs, codeNames, ours, runLogged } from './v8Log.mjs';

/** IC sites that missed `min` or more times on one map while megamorphic, from a V8 --log-ic log. */
export function misses(log, min = 100) {
  const lines = log.split('\n');
  const sites = new Map();
  lines.forEach((line, i) => {
    // LoadIC,pc,time,line,column,old_state,new_state,map,key,modifier,slow_reason (StoreIC, KeyedLoadIC, ... alike)
    if (!/^[A-Za-z]+IC,/.test(line)) return;
    const f = line.split(',');
    if (f[5] !== 'N' || f[6] !== 'N') return;
    const id = `${f[0]} ${f[8]} ${f[3]}:${f[4]} ${f[1]} ${f[7]}`;
    let s = sites.get(id);
    if (!s) sites.set(id, (s = { ic: f[0], key: f[8], line: Number(f[3]), column: Number(f[4]), pc: f[1], first: i, misses: 0 }));
    s.misses++;
  });
  const where = codeNames(lines);
  // One entry per place in the source (a function's optimized and unoptimized code are two pcs).
  const byPlace = new Map();
  for (const s of sites.values()) {
    if (s.misses < min) continue;
    const at = where(s.pc, s.first);
    const key = `${s.ic} ${s.key} ${at} ${s.line}:${s.column}`;
    const g = byPlace.get(key);
    if (g) g.misses += s.misses;
    else byPlace.set(key, { ic: s.ic, key: s.key, misses: s.misses, at, line: s.line, column: s.column });
  }
  return [...byPlace.values()].sort((a, b) => b.misses - a.misses);
}

/** Runs `node --log-ic ...args` and returns misses() of its log. */
export function runMisses(args, { min = 100, cwd } = {}) {
  return misses(runLogged('--log-ic', args, { cwd }), min);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { min, args } = cliArgs(process.argv.slice(2), 100);
  const found = runMisses(args, { min });
  for (const s of found) console.log(`${String(s.misses).padStart(7)} misses  ${s.ic} ${s.key}  at ${s.at} (line ${s.line}:${s.column})${ours(s.at) ? '  <- ours' : ''}`);
  if (found.length === 0) console.log(`no IC site missed ${min} or more times on one map`);
  process.exit(found.some((s) => ours(s.at)) ? 1 : 0);
}
