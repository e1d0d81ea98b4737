// A progress line for long CLI work on a terminal: "label ... 12 s", rewritten in place on stderr
// once a second, and cleared when done. Off the terminal (pipes, CI logs) it writes nothing.

export interface Progress {
  done(): void;
}

export function progress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { done: () => undefined };
  const started = Date.now();
  const draw = () => stream.write(`\r\u001b[2K${label} ... ${Math.round((Date.now() - started) / 1000)} s`);
  draw();
  const timer = setInterval(draw, 1000);
  timer.unref();
  return {
    done: () => {
      clearInterval(timer);
      stream.write('\r\u001b[2K');
    },
  };
}
