// Reading a file a user names (a radixconfig, a scenario, a latency model, a kubeconfig): only a
// regular file of sane size, and what went wrong in one line. readFileSync alone reads /dev/zero or
// a FIFO for ever (until the process runs out of memory) and says EISDIR without naming the path.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** A file that cannot be read as an input: `${path}: ${reason}`. */
export class InputFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** Largest radixconfig or scenario read: far above any real one (a 100,000-key mapping is ~1 MB). */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** The file's text (UTF-8); `maxBytes` bounds what is read, whatever the file claims to hold. */
export function readInputFile(path: string, maxBytes = MAX_INPUT_BYTES): string {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO to read would otherwise wait for a writer for ever.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new InputFileError(path, systemError(err));
  }
  try {
    // The check and the read on one descriptor: the file cannot be swapped between them.
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputFileError(path, 'is a directory, not a file');
    if (!st.isFile()) throw new InputFileError(path, 'not a regular file');
    if (st.size > maxBytes) throw new InputFileError(path, `${st.size} bytes, more than the ${maxBytes} read`);
    // One byte more than allowed: a file that grew past the limit since fstat is refused too.
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let length = 0;
    while (length < buf.length) {
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw new InputFileError(path, `more than the ${maxBytes} bytes read`);
    return buf.toString('utf8', 0, length);
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    throw new InputFileError(path, systemError(err));
  } finally {
    closeSync(fd);
  }
}

function systemError(err: unknown): string {
  switch ((err as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
