// A progress line for long CLI work on a terminal: "label ... 12 s", rewritten in place on stderr
// once a second, and cleared when done. Off the terminal (pipes, CI logs) it writes nothing.

export interface Progress {
  /** Says where the work is now (e.g. the virtual day of a simulation). */
  update(label: string): void;
  done(): void;
}

export function progress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  const draw = () => stream.write(`\r\u001b[2K${label} ... ${Math.round((Date.now() - started) / 1000)} s`);
  draw();
  const timer = setInterval(draw, 1000);
  timer.unref();
  return {
    update: (next) => {
      label = next;
      draw();
    },
    done: () => {
      clearInterval(timer);
      stream.write('\r\u001b[2K');
    },
  };
}

/**
 * "about 2 min left" after `done` of `total` equal steps took `elapsedMs`, or '' before the first
 * step or once all are done (the steps' own pace, nothing more clever).
 */
export function timeLeft(elapsedMs: number, done: number, total: number): string {
  if (done <= 0 || done >= total) return '';
  const s = Math.round(((elapsedMs / done) * (total - done)) / 1000);
  return s < 90 ? `about ${s} s left` : `about ${Math.round(s / 60)} min left`;
}
