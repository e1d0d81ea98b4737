// scripts/with-node.sh (runs a command on another Node version): what it refuses before it asks the
// registry for anything. Fetching a Node is left to a maintainer's run (docs/benchmarks.md): the
// suite does not reach for the network.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/with-node.sh', import.meta.url));

function run(...args: string[]) {
  const r = spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8', env: { ...process.env, JOBSIM_NODE_DIR: '/nonexistent-jobsim-node-dir' } });
  return { status: r.status, stderr: r.stderr };
}

describe('scripts/with-node.sh', () => {
  it('without a version and a command it prints its usage (exit 2)', () => {
    for (const args of [[], ['24']]) {
      const r = run(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^usage: scripts\/with-node\.sh MAJOR\|VERSION COMMAND/);
    }
  });

  it('refuses what is not a version number (exit 2), before fetching anything', () => {
    for (const bad of ['latest', '24.x', '../24', '24;rm', '']) {
      const r = run(bad, 'node', '--version');
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toContain(`with-node.sh: ${bad} is not a Node version (24, 22.23 or 24.22.3)`);
      expect(r.stderr).not.toContain('fetching');
    }
  });
});
