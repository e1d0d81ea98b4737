// `jobsim conformance`: runs the conformance kit against a base URL and writes the reports.
// Exit codes: 0 all passed, 1 a check failed, 2 could not run (unreachable, not this API, bad options).
import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeFolder } from '../common/makeFolder.js';
import { ALL_CHECKS } from '../../conformance/checks/index.js';
import { loadBatchStatusRules, type BatchStatusRule } from '../../conformance/kit/batchStatus.js';
import { CannotRun } from '../../conformance/kit/capabilities.js';
import { HttpError } from '../../conformance/kit/http.js';
import { profileExpectations } from '../../conformance/kit/profiles.js';
import { EVERY_RESPONSE_ID, runChecks } from '../../conformance/kit/runner.js';
import { select, unmatched } from '../../conformance/kit/select.js';
import { parseListen } from '../../conformance/kit/webhookReceiver.js';
import { consoleReporter } from '../../conformance/reporters/console.js';
import { jsonReport } from '../../conformance/reporters/json.js';
import { junitReport } from '../../conformance/reporters/junit.js';

export interface ConformanceOptions {
  baseUrl?: string;
  profile: string;
  seed?: number;
  only: string[];
  skip: string[];
  timeout: number;
  concurrency: number;
  header: string[];
  reporter: string[];
  sim: boolean;
  resetSim?: boolean;
  fcPath?: string;
  list?: boolean;
  /** HOST:PORT: run the kit's webhook receiver there for the run (enables the `webhook` checks). */
  webhookListen?: string;
  /** The server's batchStatusRules: a YAML/JSON list, or radixconfig.yaml#job[@environment]. */
  batchStatusRules?: string;
  /** Polling reads per second of the whole run in real time. */
  pollRate?: number;
}

export function parseHeaders(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i <= 0) throw new Error(`--header "${line}" is not "Name: value"`);
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

export function parseReporters(specs: string[]): { kind: 'junit' | 'json'; path: string }[] {
  return specs.map((spec) => {
    const m = /^(junit|json):(.+)$/.exec(spec);
    if (!m) throw new Error(`--reporter "${spec}" is not junit:PATH or json:PATH`);
    return { kind: m[1] as 'junit' | 'json', path: m[2]! };
  });
}

/** A report's path, checked before a run of minutes: its folder made, and not a folder itself. */
function checkWritable({ kind, path }: { kind: string; path: string }): void {
  try {
    makeFolder(dirname(path));
    if (existsSync(path) && statSync(path).isDirectory()) throw new Error('it is a folder');
    accessSync(dirname(path), constants.W_OK);
  } catch (err) {
    throw new Error(`--reporter ${kind}:${path}: cannot write a report there (${(err as Error).message})`);
  }
}

/** Runs the kit; returns the process exit code. */
export async function conformance(opts: ConformanceOptions, write: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  // Every check a selector may name, the schema check over every response included.
  const listed = [...ALL_CHECKS, { id: EVERY_RESPONSE_ID, tags: ['schema'], guarantee: 'Every response of the run matches openapi.yaml.' }];
  for (const [flag, selectors] of [['--only', opts.only], ['--skip', opts.skip]] as const) {
    const typos = unmatched(listed, selectors);
    if (typos.length > 0) {
      write(`jobsim conformance: ${flag} ${typos.join(' ')}: matches no check id, id prefix or tag (see --list)\n`);
      return 2;
    }
  }
  if (opts.list) {
    for (const c of select(listed, opts.only, opts.skip)) write(`${c.id}  [${c.tags.join(', ')}]\n    ${c.guarantee}\n`);
    return 0;
  }
  let headers: Record<string, string>;
  let reporters: ReturnType<typeof parseReporters>;
  let rules: BatchStatusRule[] | undefined;
  const baseUrl = opts.baseUrl ?? '';
  try {
    if (!baseUrl) throw new Error('--base-url is required (e.g. --base-url http://127.0.0.1:8000)');
    headers = parseHeaders(opts.header);
    reporters = parseReporters(opts.reporter);
    for (const r of reporters) checkWritable(r);
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new Error(`--base-url ${baseUrl} is not a URL (e.g. http://127.0.0.1:8000)`);
    }
    if (!/^https?:$/.test(url.protocol)) throw new Error(`--base-url ${baseUrl} is not an http(s) URL`);
    // Paths are appended to it: a query or fragment would end up before them.
    if (url.search || url.hash) throw new Error(`--base-url ${baseUrl} has a query or fragment; give the server's base path only`);
    if (opts.webhookListen !== undefined) parseListen(opts.webhookListen);
    if (opts.batchStatusRules !== undefined) rules = loadBatchStatusRules(opts.batchStatusRules);
    if (opts.pollRate !== undefined && !(opts.pollRate > 0)) throw new Error(`--poll-rate ${opts.pollRate} is not a positive number of reads per second`);
  } catch (err) {
    write(`jobsim conformance: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  const profile = profileExpectations(opts.profile);
  const con = consoleReporter(write, process.stdout.isTTY === true);
  let result;
  try {
    result = await runChecks(ALL_CHECKS, {
      baseUrl,
      headers,
      profile,
      seed,
      only: opts.only,
      skip: opts.skip,
      timeoutMs: opts.timeout,
      concurrency: opts.concurrency,
      noSim: !opts.sim,
      resetSim: opts.resetSim ?? false,
      ...(opts.fcPath ? { fcPath: opts.fcPath } : {}),
      ...(opts.webhookListen ? { webhookListen: opts.webhookListen } : {}),
      ...(rules && opts.batchStatusRules ? { batchStatusRules: rules, batchStatusRulesSpec: opts.batchStatusRules } : {}),
      ...(opts.pollRate !== undefined ? { pollRate: opts.pollRate } : {}),
      onStart: (info) => con.start(info, baseUrl, profile.name, seed),
      onOutcome: (o) => con.outcome(o),
    });
  } catch (err) {
    if (err instanceof CannotRun || err instanceof HttpError || isListenError(err)) {
      write(`jobsim conformance: could not run: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  con.summary(result);
  for (const r of reporters) {
    try {
      writeFileSync(r.path, r.kind === 'junit' ? junitReport(result) : jsonReport(result));
    } catch (err) {
      write(`jobsim conformance: --reporter ${r.kind}:${r.path}: cannot write the report (${(err as Error).message})\n`);
      return 2;
    }
    write(`${r.kind} report: ${r.path}\n`);
  }
  return result.outcomes.some((o) => o.status === 'failed') ? 1 : 0;
}

/** The webhook receiver could not listen (address in use, not a local address...). */
function isListenError(err: unknown): err is Error {
  const code = (err as { code?: unknown }).code;
  return err instanceof Error && (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES' || code === 'ENOTFOUND');
}
