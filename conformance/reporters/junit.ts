// The JUnit XML report: one testsuite, one testcase per check; failures carry the request, the
// response, what was expected and the replay command; skips carry their reason.
import type { RunResult } from '../kit/runner.js';
import { failureText } from './text.js';

const esc = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export function junitReport(result: RunResult): string {
  const count = (s: string) => result.outcomes.filter((o) => o.status === s).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="jobsim conformance" tests="${result.outcomes.length}" failures="${count('failed')}" skipped="${count('skipped')}" time="${(result.ms / 1000).toFixed(3)}">`,
    `  <testsuite name="conformance (${esc(result.profile)})" tests="${result.outcomes.length}" failures="${count('failed')}" skipped="${count('skipped')}" time="${(result.ms / 1000).toFixed(3)}">`,
    '    <properties>',
    `      <property name="baseUrl" value="${esc(result.baseUrl)}"/>`,
    `      <property name="profile" value="${esc(result.profile)}"/>`,
    `      <property name="seed" value="${result.seed}"/>`,
    `      <property name="virtualClock" value="${result.caps.virtualClock}"/>`,
    ...(result.caps.virtualClockReason ? [`      <property name="virtualClockReason" value="${esc(result.caps.virtualClockReason)}"/>`] : []),
    '    </properties>',
  ];
  for (const o of result.outcomes) {
    const head = `    <testcase classname="conformance.${esc(o.tags[0] ?? 'check')}" name="${esc(o.id)}" time="${(o.ms / 1000).toFixed(3)}"`;
    if (o.status === 'passed') lines.push(`${head}/>`);
    else if (o.status === 'skipped') lines.push(`${head}>`, `      <skipped message="${esc(o.skipReason ?? '')}"/>`, '    </testcase>');
    else lines.push(`${head}>`, `      <failure message="${esc(o.failure?.message ?? 'failed')}">${esc(failureText(o))}</failure>`, '    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
