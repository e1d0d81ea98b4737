// The heap diagnostic reaches into private fields of the simulator and the engine: when one is
// renamed or removed, it must fail here rather than in the next person's hands.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('bench/heapBreakdown.ts', () => {
  for (const mode of ['finished', 'first-instant']) {
    it(`runs every step on a small batch (${mode})`, async () => {
      const args = ['--import', 'tsx', 'bench/heapBreakdown.ts', '200', ...(mode === 'first-instant' ? ['first-instant'] : [])];
      const { stdout } = await run(process.execPath, args, { timeout: 60_000 });
      const lines = stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^total per job \d+$/);
      for (const step of ['log chunks', 'Job controller tracking', 'scheduler waiting queue', 'Pods (store)', 'Jobs (store)', 'RadixBatch (store+cache)']) {
        expect(lines.some((l) => l.startsWith(step))).toBe(true);
      }
      expect(lines.at(-1)).toMatch(/^rest -?\d+$/);
    }, 60_000);
  }
});
