// What bench/mapChurn.mjs and bench/icMisses.mjs share: running a Node script under one of V8's
// logs, naming the function behind a code address in such a log, reading their command lines, and
// telling jobsim's own code from Node's and the libraries'.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `node FLAG ...args` with V8's log in a temporary file and returns the log's text. */
export function runLogged(flag, args, { cwd } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'jobsim-v8log-'));
  try {
    const logfile = join(dir, 'v8.log');
    const r = spawnSync(process.execPath, [flag, `--logfile=${logfile}`, '--no-logfile-per-isolate', ...args], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}`);
    return readFileSync(logfile, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The code objects a log's lines create; the function answers the name of the one covering a
 * code address (`0x...`) that was created last before line `before` (V8 reuses the addresses of
 * code it let go), or '?'.
 */
export function codeNames(lines) {
  const codes = [];
  lines.forEach((line, i) => {
    // code-creation,JS,kind,time,start,size,name...
    if (!line.startsWith('code-creation,')) return;
    const f = line.split(',');
    codes.push({ line: i, start: BigInt(f[4]), end: BigInt(f[4]) + BigInt(f[5]), name: f[6] });
  });
  return (pc, before = Number.POSITIVE_INFINITY) => {
    if (!/^0x[0-9a-f]+$/i.test(pc)) return '?';
    const p = BigInt(pc);
    for (let i = codes.length - 1; i >= 0; i--) {
      const c = codes[i];
      if (c.line < before && p >= c.start && p < c.end) return c.name;
    }
    return '?';
  };
}

/** `[--min N] -- SCRIPT ARGS` (or `SCRIPT ARGS`): the threshold and node's arguments. */
export function cliArgs(argv, defaultMin) {
  const sep = argv.indexOf('--');
  const opts = sep === -1 ? [] : argv.slice(0, sep);
  return { min: opts[0] === '--min' ? Number(opts[1]) : defaultMin, args: sep === -1 ? argv : argv.slice(sep + 1) };
}

/** V8's major version: Node 20 runs V8 11, whose spread copies the two checks were written for. */
export const v8Major = Number(process.versions.v8.split('.')[0]);

/** Whether a place is in the project's own code (compiled or sources), not Node's or a library's. */
export const ours = (at) => /\/(dist\/)?(src|bench|conformance)\//.test(at) && !at.includes('node_modules');
