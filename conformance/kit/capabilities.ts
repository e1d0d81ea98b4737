// Before any check: is this a Job Manager API at all, and does it offer the simulator's control API?
import { HttpError, type Client } from './http.js';
import type { Capabilities } from './types.js';

export class CannotRun extends Error {
  override name = 'CannotRun';
}

export interface ProbeOptions {
  /** Ignore the control API even if present (run everything in real time). */
  noSim?: boolean;
}

export async function probe(client: Client, opts: ProbeOptions = {}): Promise<Capabilities> {
  for (const path of ['/api/v1/jobs', '/api/v1/batches']) {
    let res;
    try {
      res = await client.request('GET', path);
    } catch (err) {
      throw new CannotRun(`cannot reach ${client.baseUrl}: ${err instanceof HttpError ? err.message : String(err)}`);
    }
    if (res.status !== 200 || !(Array.isArray(res.body) || (res.body === null && res.text.trim() === 'null'))) {
      throw new CannotRun(
        `${client.baseUrl} does not look like a Job Manager API: GET ${path} answered ${res.status} ${res.ex.contentType} ` +
          `${res.text.slice(0, 200)} (expected 200 with a JSON array or null)`,
      );
    }
  }
  if (opts.noSim) return { simControl: false, virtualClock: false, virtualClockReason: '--no-sim: the simulator control API is ignored; lifecycle checks use real time' };
  let clock;
  try {
    clock = await client.request<{ mode?: unknown; scale?: unknown }>('GET', '/sim/v1/clock');
  } catch {
    clock = undefined;
  }
  const mode = clock?.status === 200 && typeof clock.body?.mode === 'string' ? clock.body.mode : undefined;
  if (!mode) return { simControl: false, virtualClock: false, virtualClockReason: 'no simulator control API (GET /sim/v1/clock did not answer 200 with a mode); lifecycle checks use real time' };
  if (mode !== 'manual') {
    const scale = typeof clock?.body?.scale === 'number' && clock.body.scale > 0 ? clock.body.scale : undefined;
    return {
      simControl: true,
      clockMode: mode,
      ...(scale ? { clockScale: scale } : {}),
      virtualClock: false,
      virtualClockReason:
        `the simulator's clock runs in "${mode}" mode; the kit drives time only on a manual clock (start the server with --clock manual), ` +
        `so lifecycle checks poll in real time${scale ? `, reading time from GET /sim/v1/clock (${scale} server seconds per wall second)` : ''}`,
    };
  }
  return { simControl: true, clockMode: mode, virtualClock: true };
}
