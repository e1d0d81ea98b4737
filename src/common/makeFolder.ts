// Making a folder a user names (`--out`, a report's folder) and the folders above it. Node's own
// `mkdirSync(path, {recursive: true})` never returns when mkdir answers ENOENT under a parent that
// exists (a path under /proc, a dangling symlink): it makes the parent (EEXIST), tries the child
// again (ENOENT) and spins at full CPU for ever. This walks down once, one mkdir per level.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Makes `path` and its missing parents; throws the first error a level gives, as mkdir words it. */
export function makeFolder(path: string): void {
  const levels: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    levels.unshift(p);
    if (dirname(p) === p) break;
  }
  // The root needs no making; every other level is made or must already be a folder.
  for (const level of levels.slice(1)) {
    try {
      mkdirSync(level);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Follows a symlink: a dangling one throws ENOENT here, a file is not a folder.
      if (!statSync(level).isDirectory()) {
        throw Object.assign(new Error(`ENOTDIR: ${level} is a file, not a folder`), { code: 'ENOTDIR' });
      }
    }
  }
}
