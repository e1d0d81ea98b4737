// Which requests of the engine wait behind which under a client-side rate limit: both backends'
// ports (the kubernetes client's token bucket, the simulator's on the virtual clock) take lanes
// from here, so a request queues the same way on either.
import type { Kind } from './port.js';

/** `interactive`: requests that answer an API client; `background`: the reconciler's fan-out. */
export type Lane = 'interactive' | 'background';

/** The reconciler's writes (Jobs, RadixBatch status) wait behind requests that answer a client. */
export function laneOf(kind: Kind, verb: 'create' | 'update' | 'updateStatus' | 'delete'): Lane {
  return kind === 'Job' || verb === 'updateStatus' ? 'background' : 'interactive';
}
