// The watch stream (GET /jobsim/v1/watch, Server-Sent Events). EventSource reconnects by itself
// and sends the last event id back, so the server replays what was missed or says `resync`.
import type { BatchChange, ClockEvent, SimLogEvent } from './api.ts';

export interface WatchHandlers {
  /** A fresh stream (`hello`) or lost events (`resync`): read the current state again. */
  reload(): void;
  batch(change: BatchChange): void;
  batchDeleted(name: string): void;
  sim(log: SimLogEvent): void;
  clock(clock: ClockEvent): void;
  connected(live: boolean): void;
}

export function watch(h: WatchHandlers): () => void {
  const es = new EventSource('/jobsim/v1/watch');
  const on = <T>(type: string, fn: (data: T) => void) =>
    es.addEventListener(type, (e) => fn(JSON.parse((e as MessageEvent<string>).data) as T));
  on('hello', () => h.reload());
  on('resync', () => h.reload());
  on<BatchChange>('batch', (d) => h.batch(d));
  on<{ name: string }>('batchDeleted', (d) => h.batchDeleted(d.name));
  on<SimLogEvent>('sim', (d) => h.sim(d));
  on<ClockEvent>('clock', (d) => h.clock(d));
  es.onopen = () => h.connected(true);
  es.onerror = () => h.connected(false);
  return () => es.close();
}
