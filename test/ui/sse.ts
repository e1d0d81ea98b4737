// A small Server-Sent Events reader for tests: frames as {id, event, data}, read with a deadline.

export interface SseFrame {
  id?: string;
  event: string;
  data: any;
}

export interface SseStream {
  /** Frames until `until` returns true for one (included), or the deadline. */
  read(until: (f: SseFrame) => boolean, timeoutMs?: number): Promise<SseFrame[]>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`${url}: ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const pending: SseFrame[] = [];
  const parse = () => {
    let i: number;
    while ((i = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      const frame: SseFrame = { event: 'message', data: undefined };
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) frame.id = line.slice(4);
        else if (line.startsWith('event: ')) frame.event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (!data) continue; // retry: and comment lines
      frame.data = JSON.parse(data);
      pending.push(frame);
    }
  };
  return {
    async read(until, timeoutMs = 10_000) {
      const out: SseFrame[] = [];
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (pending.length) {
          const f = pending.shift()!;
          out.push(f);
          if (until(f)) return out;
        }
        const left = deadline - Date.now();
        if (left <= 0) return out;
        const chunk = await Promise.race([reader.read(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), left))]);
        if (chunk === 'timeout') return out;
        if (chunk.done) return out;
        buffer += chunk.value;
        parse();
      }
    },
    close: () => controller.abort(),
  };
}
