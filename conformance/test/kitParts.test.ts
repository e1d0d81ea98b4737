// The kit's parts that judge without a server: batch statuses under batchStatusRules (as the reference
// evaluates them), reading the rules, what either profile allows, and the run-wide poll pacer.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allowedBatchStatuses, loadBatchStatusRules, type BatchStatusRule } from '../kit/batchStatus.js';
import type { JobStatus } from '../kit/jobApi.js';
import { anyProfile, PROFILES } from '../kit/profiles.js';
import { PollPacer } from '../kit/time.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/radixconfig.yaml', import.meta.url));
/** The rules of examples/radixconfig.yaml's `compute`, which the reference fixture serves. */
const RULES: BatchStatusRule[] = [
  { condition: 'Any', operator: 'In', jobStatuses: ['Failed'], batchStatus: 'Failed' },
  { condition: 'All', operator: 'In', jobStatuses: ['Succeeded', 'Stopped'], batchStatus: 'Succeeded' },
  { condition: 'Any', operator: 'In', jobStatuses: ['Active', 'Running'], batchStatus: 'Running' },
];
const job = (status: string, ended = ['Succeeded', 'Failed', 'Stopped'].includes(status)): JobStatus => ({ name: 'j', status, ended: ended ? '2026-01-01T00:00:00Z' : null });

describe('batch statuses under batchStatusRules', () => {
  it('without rules, either profile\'s derivation', () => {
    expect(allowedBatchStatuses([job('Succeeded'), job('Failed')], undefined, anyProfile.batchStatusFor)).toEqual({ allowed: ['Failed', 'Completed'], ruled: false });
    expect(allowedBatchStatuses([job('Running'), job('Waiting')], undefined, PROFILES.radix.batchStatusFor).allowed).toEqual(['Waiting', 'Active']);
  });

  it('the first matching rule decides, over the phases a reading allows', () => {
    expect(allowedBatchStatuses([job('Succeeded'), job('Failed')], RULES, anyProfile.batchStatusFor)).toEqual({ allowed: ['Failed'], ruled: true });
    expect(allowedBatchStatuses([job('Succeeded'), job('Running')], RULES, anyProfile.batchStatusFor)).toEqual({ allowed: ['Running'], ruled: true });
    // a stopped job read Failed (its pod killed, exit code 143) may be in phase Stopped: rule 2 then, not rule 1
    const killed = { ...job('Failed'), podStatuses: [{ name: 'p', replicaStatus: { status: 'Failed' }, exitCode: 143 }] };
    expect(allowedBatchStatuses([job('Succeeded'), killed], RULES, anyProfile.batchStatusFor).allowed.sort()).toEqual(['Failed', 'Succeeded']);
    // a job still going reads Failed between attempts: any phase, and not over for the derivation
    const between = allowedBatchStatuses([job('Succeeded'), job('Failed', false)], RULES, anyProfile.batchStatusFor);
    expect(between.allowed.sort()).toEqual(['Active', 'Failed', 'Running', 'Stopping', 'Waiting']);
    expect(allowedBatchStatuses([job('Succeeded'), job('Failed', false)], undefined, anyProfile.batchStatusFor).allowed).not.toContain('Completed');
    // Stopping stands for Waiting/Active/Running: rule 3, or no rule (Waiting) and the derivation
    expect(allowedBatchStatuses([job('Stopping'), job('Succeeded')], RULES, PROFILES.radix.batchStatusFor)).toEqual({ allowed: ['Waiting', 'Active', 'Running'], ruled: false });
  });

  it('while every job reads Waiting, the rules may be evaluated over no jobs (an All rule holds)', () => {
    const { allowed, ruled } = allowedBatchStatuses([job('Waiting'), job('Waiting')], RULES, PROFILES.radix.batchStatusFor);
    expect(allowed.sort()).toEqual(['Active', 'Succeeded', 'Waiting']);
    expect(ruled).toBe(false);
  });

  it('reads the rules from a list or from a radixconfig.yaml job component', () => {
    expect(loadBatchStatusRules(`${EXAMPLE}#compute`)).toEqual(RULES);
    expect(loadBatchStatusRules(`${EXAMPLE}#compute@dev`)).toEqual(RULES);
    expect(loadBatchStatusRules(`${EXAMPLE}#etl`)).toEqual([]);
    expect(() => loadBatchStatusRules(`${EXAMPLE}#nosuch`)).toThrow(/no job component "nosuch"/);
    // An environment the file does not define once gave the job's own rules without a word.
    expect(() => loadBatchStatusRules(`${EXAMPLE}#compute@nosuchenv`)).toThrow(/defines no environment "nosuchenv" under spec\.environments \(dev/);
    expect(() => loadBatchStatusRules(EXAMPLE)).toThrow(/expected a list of rules/);
    expect(() => loadBatchStatusRules('/nonexistent/rules.yaml')).toThrow(/--batch-status-rules/);
  });
});

describe('what either profile allows', () => {
  it('the reference\'s Failed between attempts, and documented transitions', () => {
    expect(anyProfile.transitionAllowed('Failed', 'Running', true)).toBe(true);
    expect(anyProfile.transitionAllowed('Failed', 'Running', false)).toBe(false);
    expect(anyProfile.transitionAllowed('Failed', 'Waiting', true)).toBe(false);
    expect(anyProfile.transitionAllowed('Stopping', 'Failed', false)).toBe(true);
    expect(anyProfile.transitionAllowed('Succeeded', 'Running', true)).toBe(false);
    expect(anyProfile.transitionAllowed('Running', 'Waiting', true)).toBe(false);
  });

  it('either stop message and the reference\'s own 500s', () => {
    expect(anyProfile.stopMessage('a.b').test('job a.b successfully stopped')).toBe(true);
    expect(anyProfile.stopMessage('a.b').test('job a.b was successfully stopped')).toBe(true);
    expect(anyProfile.stopMessage('a.b').test('job axb successfully stopped')).toBe(false);
    expect(anyProfile.referenceServerError('invalid resource name "a%b": [may not contain \'%\']')).toBe(true);
    expect(anyProfile.referenceServerError('job x is not a valid job name')).toBe(true);
    expect(anyProfile.referenceServerError('resource name may not be empty')).toBe(true);
    expect(anyProfile.referenceServerError('invalid resource name "..": [may not be \'..\']')).toBe(true);
    expect(anyProfile.referenceServerError('Cannot read properties of undefined')).toBe(false);
  });
});

describe('the poll pacer', () => {
  it('spaces turns at least 1/rate apart across callers', async () => {
    const pacer = new PollPacer(20);
    const started = performance.now();
    await Promise.all([pacer.turn(), pacer.turn(), pacer.turn(), pacer.turn()]);
    // four turns at 20/s: the last one at least 150 ms after the first
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(() => new PollPacer(0)).toThrow(/positive/);
  });
});
