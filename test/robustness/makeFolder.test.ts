// Output folders a user names (`jobsim simulate --out`, `jobsim conformance --reporter KIND:PATH`):
// made level by level, so a path Node's recursive mkdir spins on for ever (under /proc, through a
// dangling symlink) is refused at once with the level that failed.
import { existsSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolder } from '../../src/common/makeFolder.js';

const dir = mkdtempSync(join(tmpdir(), 'jobsim-folder-'));

const refusal = (path: string): string => {
  try {
    makeFolder(path);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`expected ${path} to be refused`);
};

describe('makeFolder', () => {
  it('makes a folder and its missing parents, and takes one that exists', () => {
    const deep = join(dir, 'a', 'b', 'c');
    makeFolder(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeFolder(deep);
    makeFolder(dir);
    makeFolder('/');
  });

  it('refuses a level that is a file', () => {
    const file = join(dir, 'report.json');
    writeFileSync(file, '{}');
    expect(refusal(file)).toBe(`ENOTDIR: ${file} is a file, not a folder`);
    expect(refusal(join(file, 'x'))).toBe(`ENOTDIR: ${file} is a file, not a folder`);
  });

  it('refuses a path through a dangling symlink at once (Node recursive mkdir spins on it)', () => {
    const dangling = join(dir, 'dangling');
    symlinkSync(join(dir, 'nowhere'), dangling);
    expect(refusal(join(dangling, 'out'))).toMatch(/^ENOENT: no such file or directory, stat '.*dangling'$/);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });

  it.skipIf(!existsSync('/proc/self'))('refuses a path under /proc at once (Node recursive mkdir spins on it)', () => {
    expect(refusal('/proc/jobsim-nope')).toBe("ENOENT: no such file or directory, mkdir '/proc/jobsim-nope'");
    expect(refusal('/proc/jobsim-nope/a/b')).toBe("ENOENT: no such file or directory, mkdir '/proc/jobsim-nope'");
  });
});
