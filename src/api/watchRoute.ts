// GET /jobsim/v1/watch: the change feed as Server-Sent Events (docs/watch.md). Each client has a
// bounded queue: a client that reads too slowly loses its queue and gets one `resync` event, so a
// 100,000-job batch never buffers without limit on the server.
import type { Request, Response } from 'express';
import type { ChangeFeed, FeedEvent } from './changeFeed.js';

export interface WatchOptions {
  /** Events queued for a slow client before it is told to resync instead. */
  maxQueued?: number;
  /** Comment line sent this often so proxies keep the connection open. */
  heartbeatMs?: number;
}

function frame(e: FeedEvent): string {
  return `id: ${e.id}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

export function watchHandler(feed: ChangeFeed, opts: WatchOptions = {}) {
  const maxQueued = opts.maxQueued ?? 1000;
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  return (req: Request, res: Response): void => {
    const header = req.get('last-event-id');
    const query = typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined;
    const lastEventId = header ?? query;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();

    let queue: string[] = [];
    let blocked = false;
    let resyncPending = false;
    const write = (text: string) => {
      if (blocked) {
        if (queue.length >= maxQueued) {
          queue = [];
          resyncPending = true;
        } else if (!resyncPending) queue.push(text);
        return;
      }
      if (!res.write(text)) blocked = true;
    };
    res.on('drain', () => {
      blocked = false;
      if (resyncPending) {
        resyncPending = false;
        const seq = feed.lastSeq;
        write(frame({ id: feed.idOf(seq), seq, event: 'resync', data: { reason: 'client too slow: events were dropped' } }));
      }
      const pending = queue;
      queue = [];
      for (const t of pending) write(t);
    });

    // Subscribe before replaying, so nothing falls between the two.
    const unsubscribe = feed.subscribe((e) => write(frame(e)));
    write('retry: 2000\n\n');
    const missed = lastEventId ? feed.since(lastEventId) : undefined;
    const seq = feed.lastSeq;
    if (lastEventId && missed) for (const e of missed) write(frame(e));
    else if (lastEventId) write(frame({ id: feed.idOf(seq), seq, event: 'resync', data: { reason: 'cannot resume from that event id' } }));
    else write(frame({ id: feed.idOf(seq), seq, event: 'hello', data: { epoch: feed.epoch } }));

    const heartbeat = setInterval(() => write(': keep-alive\n\n'), heartbeatMs);
    heartbeat.unref();
    const forget = feed.onClose(() => res.end());
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      forget();
    };
    req.on('close', end);
    res.on('error', end);
  };
}
