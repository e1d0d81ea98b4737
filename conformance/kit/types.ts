// The vocabulary of the kit: an HTTP exchange, a check, its context and its outcome.
import type { BatchStatusRule } from './batchStatus.js';
import type { Client } from './http.js';
import type { JobApi } from './jobApi.js';
import type { ProfileExpectations } from './profiles.js';
import type { TimeDriver } from './time.js';
import type { WebhookReceiver } from './webhookReceiver.js';

/** One request and its response, as shown in failure reports. */
export interface Exchange {
  method: string;
  url: string;
  requestBody?: string;
  status: number;
  contentType: string;
  /** Response body text (truncated for reports). */
  responseBody: string;
  ms: number;
}

export interface ContractProblem {
  ex: Exchange;
  problems: string[];
}

export type CapabilityName = 'sim-control' | 'virtual-clock';

export interface Capabilities {
  /** GET /sim/v1/clock answered 200 with a mode. */
  simControl: boolean;
  /** The clock mode reported by the simulator (`manual`, `real`, `scaled`), if any. */
  clockMode?: string;
  /** How many server seconds pass per wall second, when the server reports it (simulator in real/scaled mode). */
  clockScale?: number;
  /** The kit drives time itself through the control API (sim with a manual clock). */
  virtualClock: boolean;
  /** Why the virtual clock is not used (written into every report). */
  virtualClockReason?: string;
  /** URL of the kit's webhook receiver (`--webhook-listen`), when one runs. */
  webhookReceiver?: string;
}

export interface CheckContext {
  api: JobApi;
  client: Client;
  profile: ProfileExpectations;
  time: TimeDriver;
  caps: Capabilities;
  /** Seed of this check (derived from the run seed and the check id, so `--only ID --seed S` replays it). */
  seed: number;
  /** A fast-check replay path, when replaying a model-based failure. */
  fcPath?: string;
  signal: AbortSignal;
  /** The kit's webhook receiver (`--webhook-listen`), when one runs. */
  webhooks?: WebhookReceiver;
  /** The server's batchStatusRules (`--batch-status-rules`), when the kit was told them. */
  batchStatusRules?: BatchStatusRule[];
  /** Responses of this check that do not match openapi.yaml so far. */
  contractProblems(): ContractProblem[];
  /** Adds a line to the check's log (shown in reports for failures and skips). */
  note(line: string): void;
}

export interface Check {
  id: string;
  tags: string[];
  /** One sentence: what a pass guarantees. */
  guarantee: string;
  /** Must run alone on the server (it compares lists before/after, or advances the shared clock). */
  exclusive?: boolean;
  /** Lets time pass: on the virtual clock it must run alone too (time is shared by the whole server). */
  advancesClock?: boolean;
  /** Returns a reason when the check cannot run with these capabilities/profile. */
  skipIf?(caps: Capabilities, profile: ProfileExpectations): string | undefined;
  run(ctx: CheckContext): Promise<void>;
}

export type OutcomeStatus = 'passed' | 'failed' | 'skipped';

export interface FailureDetail {
  message: string;
  expected?: string;
  actual?: string;
  exchange?: Exchange;
  /** fast-check counterexample and its replay path (model-based checks). */
  counterexample?: string;
  fcPath?: string;
}

export interface Outcome {
  id: string;
  tags: string[];
  guarantee: string;
  status: OutcomeStatus;
  ms: number;
  seed: number;
  skipReason?: string;
  failure?: FailureDetail;
  notes: string[];
  /** Requests made by this check (the last few are kept for reports). */
  requests: number;
  replay?: string;
}
