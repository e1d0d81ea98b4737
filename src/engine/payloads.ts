// Payloads are stored in Secrets, packed in job order into Secrets of at most 512 KiB as the
// reference does, and mounted into the job's container as the file `payload`.
import type { Secret } from '../cluster/types.js';
import { LABEL_APP, LABEL_BATCH_NAME, LABEL_COMPONENT, LABEL_JOB_TYPE } from '../cluster/radixBatch.js';

export const MAX_PAYLOAD_SECRET_SIZE = 1024 * 512;
const SECRET_OVERHEAD = 600;
const ENTRY_OVERHEAD = 128;
export const LABEL_SECRET_TYPE = 'radix-secret-type';

export interface PayloadEntry {
  index: number;
  jobName: string;
  payload: string;
}

export interface PackedSecret {
  name: string;
  entries: PayloadEntry[];
}

function base64Length(bytes: number): number {
  // Unpadded base64 length.
  return Math.ceil((bytes * 4) / 3);
}

/** Size estimate of one payload inside a Secret. */
export function payloadSize(entry: PayloadEntry): number {
  return base64Length(Buffer.byteLength(entry.payload, 'utf8')) + entry.jobName.length + ENTRY_OVERHEAD;
}

export function maxPayloadBytes(jobNameLength = 8): number {
  const room = MAX_PAYLOAD_SECRET_SIZE - SECRET_OVERHEAD - ENTRY_OVERHEAD - jobNameLength;
  return Math.floor((room * 3) / 4);
}

/**
 * Which payloads are refused as too large: every one that cannot fit a Secret on its own (`every`),
 * or only one that does not fit the first Secret while it is still empty (`first-secret`: the
 * reference checks the size only then; a payload that overflows a Secret already holding others
 * gets a new Secret of its own, whatever its size, and the API server judges that Secret).
 */
export type PayloadSizeCheck = 'every' | 'first-secret';

/** Packs payloads into Secrets; returns the payloads refused as too large (see PayloadSizeCheck). */
export function packPayloads(batch: string, entries: PayloadEntry[], check: PayloadSizeCheck = 'every'): { secrets: PackedSecret[]; tooLarge: PayloadEntry[] } {
  const secrets: PackedSecret[] = [];
  const tooLarge: PayloadEntry[] = [];
  let current: PackedSecret | undefined;
  let used = 0;
  for (const entry of entries) {
    const size = payloadSize(entry);
    if (SECRET_OVERHEAD + size > MAX_PAYLOAD_SECRET_SIZE && (check === 'every' || !current)) {
      tooLarge.push(entry);
      if (check === 'first-secret') break;
      continue;
    }
    if (!current || SECRET_OVERHEAD + used + size > MAX_PAYLOAD_SECRET_SIZE) {
      current = { name: `${batch}-payloads-${secrets.length}`, entries: [] };
      secrets.push(current);
      used = 0;
    }
    current.entries.push(entry);
    used += size;
  }
  return { secrets, tooLarge };
}

export function payloadSecret(packed: PackedSecret, app: string, component: string, batch: string): Secret {
  const data: Record<string, string> = {};
  for (const e of packed.entries) data[e.jobName] = Buffer.from(e.payload, 'utf8').toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name: packed.name,
      labels: {
        [LABEL_APP]: app,
        [LABEL_COMPONENT]: component,
        [LABEL_BATCH_NAME]: batch,
        [LABEL_JOB_TYPE]: 'job-scheduler',
        [LABEL_SECRET_TYPE]: 'scheduler-job-payload',
      },
    },
    data,
  };
}
