// Console output: one progress line per finished check, then failures in full and a summary.
import type { RunResult } from '../kit/runner.js';
import type { Capabilities, Outcome } from '../kit/types.js';
import { failureText } from './text.js';

export interface ConsoleReporter {
  start(info: { caps: Capabilities; total: number }, baseUrl: string, profile: string, seed: number): void;
  outcome(o: Outcome): void;
  summary(result: RunResult): void;
}

export function consoleReporter(write: (s: string) => void, color = false): ConsoleReporter {
  const paint = (code: number, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  let done = 0;
  let total = 0;
  return {
    start({ caps, total: t }, baseUrl, profile, seed) {
      total = t;
      write(`jobsim conformance: ${baseUrl}, profile ${profile}, seed ${seed}\n`);
      write(`  time: ${caps.virtualClock ? 'virtual (simulator control API, manual clock): exact timing checks' : `real (${caps.virtualClockReason})`}\n`);
      write(`  webhooks: ${caps.webhookReceiver ? `receiving on ${caps.webhookReceiver} (the server must post its events there)` : 'not checked (no --webhook-listen)'}\n`);
      write(`  ${t} checks\n\n`);
    },
    outcome(o) {
      done++;
      const mark = o.status === 'passed' ? paint(32, 'PASS') : o.status === 'failed' ? paint(31, 'FAIL') : paint(33, 'SKIP');
      const extra = o.status === 'skipped' ? ` (${o.skipReason})` : o.status === 'failed' ? ` ${o.failure?.message ?? ''}` : '';
      write(`  [${String(done).padStart(String(total).length)}/${total}] ${mark} ${o.id} ${paint(2, `${o.ms} ms`)}${extra}\n`);
    },
    summary(result) {
      const failed = result.outcomes.filter((o) => o.status === 'failed');
      for (const o of failed) write(`\n${paint(31, `FAIL ${o.id}`)}\n${failureText(o)}\n`);
      const skipped = result.outcomes.filter((o) => o.status === 'skipped');
      if (skipped.length) {
        write('\nskipped:\n');
        for (const o of skipped) write(`  ${o.id}: ${o.skipReason}\n`);
      }
      const n = (s: string) => result.outcomes.filter((o) => o.status === s).length;
      write(`\n${n('passed')} passed, ${n('failed')} failed, ${n('skipped')} skipped${result.notSelected ? `, ${result.notSelected} not selected` : ''} in ${(result.ms / 1000).toFixed(1)} s\n`);
    },
  };
}
