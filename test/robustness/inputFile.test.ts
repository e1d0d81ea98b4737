// Files a user names (radixconfig, scenario, latency model, kubeconfig) are read only when they are
// regular files of sane size, and a failure names the file in one line: /dev/zero or a FIFO used to
// be read until the process ran out of memory, and a folder gave EISDIR without its path.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError, readInputFile } from '../../src/common/inputFile.js';
import { loadRadixConfig } from '../../src/config/radixConfig.js';
import { loadScenario } from '../../src/sim/scenario.js';
import { loadSimulation } from '../../src/runtime/simulate.js';

const dir = mkdtempSync(join(tmpdir(), 'jobsim-input-'));

const refusal = (read: () => unknown): string => {
  try {
    read();
  } catch (err) {
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('expected the file to be refused');
};

describe('readInputFile', () => {
  it('reads a regular file as UTF-8', () => {
    const path = join(dir, 'ok.yaml');
    writeFileSync(path, 'name: æøå\n');
    expect(readInputFile(path)).toBe('name: æøå\n');
    writeFileSync(path, '');
    expect(readInputFile(path)).toBe('');
  });

  it('refuses what is not a regular file of sane size, naming it', () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, 'x'.repeat(101));
    const cases: [string, number | undefined, string][] = [
      [join(dir, 'missing.yaml'), undefined, 'no such file'],
      [dir, undefined, 'is a directory, not a file'],
      ['/dev/zero', undefined, 'not a regular file'],
      [big, 100, '101 bytes, more than the 100 read'],
    ];
    for (const [path, max, reason] of cases) {
      let caught: unknown;
      try {
        readInputFile(path, max);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(InputFileError);
      expect(caught).toMatchObject({ path, reason, message: `${path}: ${reason}` });
    }
    expect(readInputFile(big, 101)).toHaveLength(101);
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO without waiting for a writer (opening it to read blocked for ever)', () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(() => readInputFile(fifo))).toBe(`${fifo}: not a regular file`);
  });

  it.skipIf(process.getuid?.() === 0)('says permission denied for a file it may not read', () => {
    const locked = join(dir, 'locked.yaml');
    writeFileSync(locked, 'a: 1\n');
    chmodSync(locked, 0o000);
    expect(refusal(() => readInputFile(locked))).toBe(`${locked}: permission denied`);
  });
});

describe('the readers of user files', () => {
  it('refuse /dev/zero and a folder in one line naming them', () => {
    expect(refusal(() => loadRadixConfig('/dev/zero'))).toBe('/dev/zero: (file): cannot read the file: not a regular file');
    expect(refusal(() => loadRadixConfig(dir))).toBe(`${dir}: (file): cannot read the file: is a directory, not a file`);
    expect(refusal(() => loadScenario('/dev/zero'))).toBe('/dev/zero: not a regular file');
    expect(refusal(() => loadScenario(dir))).toBe(`${dir}: is a directory, not a file`);
    expect(refusal(() => loadSimulation('/dev/zero'))).toBe('/dev/zero: not a regular file');
    expect(refusal(() => loadSimulation(join(dir, 'missing.yaml')))).toBe(`${join(dir, 'missing.yaml')}: no such file`);
  });
});
