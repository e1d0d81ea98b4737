// The repository's own files as git sees them (tracked, plus new files not ignored), for the tests
// that check the repository itself.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Paths relative to the root, '/'-separated; deleted but not yet committed files are left out. */
export function repoFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\0').filter((p) => p !== '' && existsSync(`${ROOT}/${p}`));
}

/** Every folder that directly holds a file, as 'path/' ('./' for the root). */
export function repoFolders(): string[] {
  return [...new Set(repoFiles().map((p) => (dirname(p) === '.' ? './' : `${dirname(p)}/`)))].sort();
}
