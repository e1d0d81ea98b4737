// Plain-text rendering of one outcome's failure: shared by the console and JUnit reporters.
import type { Outcome } from '../kit/types.js';

export function failureText(o: Outcome): string {
  const f = o.failure;
  if (!f) return '';
  const out = [`guarantee: ${o.guarantee}`, `problem:   ${f.message}`];
  if (f.expected) out.push(`expected:  ${f.expected}`);
  if (f.actual) out.push(`actual:    ${indent(f.actual)}`);
  if (f.exchange) {
    const ex = f.exchange;
    out.push(`request:   ${ex.method} ${ex.url}`);
    if (ex.requestBody !== undefined) out.push(`           ${indent(ex.requestBody)}`);
    out.push(ex.status ? `response:  HTTP ${ex.status} ${ex.contentType}` : 'response:  (none)');
    if (ex.responseBody) out.push(`           ${indent(ex.responseBody)}`);
  }
  if (f.counterexample) out.push(`counterexample: ${indent(f.counterexample)}`);
  if (o.notes.length) out.push(...o.notes.map((n) => `note:      ${n}`));
  if (o.replay) out.push(`replay:    ${o.replay}`);
  return out.join('\n');
}

function indent(s: string): string {
  return s.replace(/\n/g, '\n           ');
}
