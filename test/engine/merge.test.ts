// The reference's merge tables (handler_test.go: Test_MergeJobDescriptionWithDefaultJobDescription,
// Test_MergeRuntime, Test_MergeEnvVars), ported case by case against mergeJobConfig.
import { describe, expect, it } from 'vitest';
import { mergeJobConfig } from '../../src/engine/merge.js';
import type { JobConfig } from '../../src/engine/types.js';

type Case = [name: string, defaults: JobConfig, job: JobConfig, expected: JobConfig];

const rule = (action: 'FailJob' | 'Count', operator: 'In' | 'NotIn', values: number[]) => ({ action, onExitCodes: { operator, values } });

const MERGE_CASES: Case[] = [
  [
    'Resources merged from job and default spec',
    { resources: { limits: { cpu: '20m', memory: '20M' }, requests: { cpu: '10m' } } },
    { resources: { limits: { memory: '21M' }, requests: { memory: '10M', cpu: '11m' } } },
    { resources: { limits: { cpu: '20m', memory: '21M' }, requests: { cpu: '11m', memory: '10M' } } },
  ],
  ['Resources from job spec only', {}, { resources: { limits: { memory: '20M' }, requests: { memory: '10M' } } }, { resources: { limits: { memory: '20M' }, requests: { memory: '10M' } } }],
  ['Resources from default spec only', { resources: { limits: { memory: '20M' }, requests: { memory: '10M' } } }, {}, { resources: { limits: { memory: '20M' }, requests: { memory: '10M' } } }],
  ['BackoffLimit from job spec', { backoffLimit: 2000 }, { backoffLimit: 1000 }, { backoffLimit: 1000 }],
  ['BackoffLimit from default spec', { backoffLimit: 2000 }, {}, { backoffLimit: 2000 }],
  ['TimeLimitSeconds from job spec', { timeLimitSeconds: 2000 }, { timeLimitSeconds: 1000 }, { timeLimitSeconds: 1000 }],
  ['TimeLimitSeconds from default spec', { timeLimitSeconds: 2000 }, {}, { timeLimitSeconds: 2000 }],
  [
    'FailurePolicy from job spec only',
    { failurePolicy: { rules: [rule('Count', 'In', [1, 2, 3])] } },
    { failurePolicy: { rules: [rule('FailJob', 'NotIn', [0, 1])] } },
    { failurePolicy: { rules: [rule('FailJob', 'NotIn', [0, 1])] } },
  ],
  ['FailurePolicy from default spec', { failurePolicy: { rules: [rule('Count', 'In', [1, 2, 3])] } }, {}, { failurePolicy: { rules: [rule('Count', 'In', [1, 2, 3])] } }],
  ['Image from job spec', { image: 'my-default-image:latest' }, { image: 'my-job-image:latest' }, { image: 'my-job-image:latest' }],
  ['No default image, image from job spec', {}, { image: 'my-job-image:latest' }, { image: 'my-job-image:latest' }],
  ['Image from default spec', { image: 'my-default-image:latest' }, {}, { image: 'my-default-image:latest' }],
  ['Command and Args from job spec', {}, { command: ['sh', '-c'], args: ['echo hello'] }, { command: ['sh', '-c'], args: ['echo hello'] }],
  ['Command and Args from default spec', { command: ['sh', '-c'], args: ['echo hello'] }, {}, { command: ['sh', '-c'], args: ['echo hello'] }],
  ['job command and args are not set', {}, {}, {}],
  ['job single command is set', {}, { command: ['bash'] }, { command: ['bash'] }],
  ['job command with arguments is set', {}, { command: ['sh', '-c', 'echo hello'] }, { command: ['sh', '-c', 'echo hello'] }],
  ['job command is set and args are set', {}, { command: ['sh', '-c'], args: ['echo hello'] }, { command: ['sh', '-c'], args: ['echo hello'] }],
  ['job only args are set', {}, { args: ['--verbose', '--output=json'] }, { args: ['--verbose', '--output=json'] }],
  [
    'job and component command and args are set, job takes precedence',
    { command: ['comp-cmd'], args: ['comp-arg1', 'comp-arg2'] },
    { command: ['job-cmd'], args: ['job-arg1', 'job-arg2'] },
    { command: ['job-cmd'], args: ['job-arg1', 'job-arg2'] },
  ],
  ['job command set, component args set, job command takes precedence, args from component', { args: ['comp-arg1', 'comp-arg2'] }, { command: ['job-cmd'] }, { command: ['job-cmd'], args: ['comp-arg1', 'comp-arg2'] }],
  ['job args set, component command set, job args take precedence, command from component', { command: ['comp-cmd'] }, { args: ['job-arg1', 'job-arg2'] }, { command: ['comp-cmd'], args: ['job-arg1', 'job-arg2'] }],
  ['only component command and args set', { command: ['comp-cmd'], args: ['comp-arg1', 'comp-arg2'] }, {}, { command: ['comp-cmd'], args: ['comp-arg1', 'comp-arg2'] }],
  [
    'job command set, component command and args set, job command takes precedence, args from component',
    { command: ['comp-cmd'], args: ['comp-arg1', 'comp-arg2'] },
    { command: ['job-cmd'] },
    { command: ['job-cmd'], args: ['comp-arg1', 'comp-arg2'] },
  ],
  [
    'job args set, component command and args set, job args take precedence, command from component',
    { command: ['comp-cmd'], args: ['comp-arg1', 'comp-arg2'] },
    { args: ['job-arg1', 'job-arg2'] },
    { command: ['comp-cmd'], args: ['job-arg1', 'job-arg2'] },
  ],
  ['job command is empty array, default is set and should be empty', { command: ['default-cmd'] }, { command: [] }, { command: [] }],
  ['job args is empty array, default is set and should be empty', { args: ['default-arg1', 'default-arg2'] }, { args: [] }, { args: [] }],
  ['job command and args are empty arrays, default is set and should be empty', { command: ['default-cmd'], args: ['default-arg1', 'default-arg2'] }, { command: [], args: [] }, { command: [], args: [] }],
  ['job runAsUser is set, component runAsUser is set, job should take precedence', { runAsUser: 1002 }, { runAsUser: 1003 }, { runAsUser: 1003 }],
  ['job runAsUser is nil, component runAsUser is set, component should be used', { runAsUser: 1002 }, {}, { runAsUser: 1002 }],
];

const RUNTIME_CASES: Case[] = [
  ['clear job Architecture when empty job runtime', { runtime: { architecture: 'amd64' } }, { runtime: {} }, { runtime: {} }],
  ['clear job NodeType when empty job runtime', { runtime: { nodeType: 'some-node-type' } }, { runtime: {} }, { runtime: {} }],
  ['preserves existing NodeType', { runtime: { architecture: 'amd64' } }, { runtime: { nodeType: 'gpu-nodes' } }, { runtime: { nodeType: 'gpu-nodes' } }],
  ['preserves existing Architecture if NodeType not set', { runtime: {} }, { runtime: { architecture: 'arm64' } }, { runtime: { architecture: 'arm64' } }],
  ['preserves job Architecture if NodeType not set', { runtime: { architecture: 'amd64' } }, { runtime: { architecture: 'arm64' } }, { runtime: { architecture: 'arm64' } }],
  ['preserves job Architecture when there is no default runtime', {}, { runtime: { architecture: 'arm64' } }, { runtime: { architecture: 'arm64' } }],
  ['sets job Architecture by default runtime', { runtime: { architecture: 'arm64' } }, {}, { runtime: { architecture: 'arm64' } }],
  ['no job Architecture if no default runtime and job runtime', { runtime: { architecture: 'arm64' } }, {}, { runtime: { architecture: 'arm64' } }],
  ['clears Architecture if both present after merge', { runtime: { architecture: 'amd64' } }, { runtime: { nodeType: 'edge-nodes' } }, { runtime: { nodeType: 'edge-nodes' } }],
  ['clears default Architecture and NodeType if empty Runtime in job', { runtime: { architecture: 'amd64' } }, { runtime: {} }, { runtime: {} }],
  ['keeps default Architecture if nil Runtime in job', { runtime: { architecture: 'arm64' } }, {}, { runtime: { architecture: 'arm64' } }],
  ['keeps default NodeType if nil Runtime in job', { runtime: { nodeType: 'some-node-type' } }, {}, { runtime: { nodeType: 'some-node-type' } }],
  ['keeps job Architecture if nil default Runtime', {}, { runtime: { architecture: 'arm64' } }, { runtime: { architecture: 'arm64' } }],
  ['keeps job NodeType if nil default Runtime', {}, { runtime: { nodeType: 'some-node-type' } }, { runtime: { nodeType: 'some-node-type' } }],
  ['keeps nil job Runtime if nil default and job Runtime', {}, {}, {}],
];

const ENV_CASES: Case[] = [
  ['no default env-vars, no job env-vars', {}, {}, {}],
  ['no default env-vars, job env-vars', {}, { variables: { VAR1: 'value1', VAR2: 'value2' } }, { variables: { VAR1: 'value1', VAR2: 'value2' } }],
  ['default env-vars, no job env-vars', { variables: { VAR1: 'value1', VAR2: 'value2' } }, {}, { variables: { VAR1: 'value1', VAR2: 'value2' } }],
  ['default env-vars, job env-vars', { variables: { VAR1: 'value1', VAR2: 'value2' } }, { variables: { VAR2: 'value22', VAR3: 'value3' } }, { variables: { VAR1: 'value1', VAR2: 'value22', VAR3: 'value3' } }],
];

for (const [title, cases, count] of [
  ['Test_MergeJobDescriptionWithDefaultJobDescription', MERGE_CASES, 30],
  ['Test_MergeRuntime', RUNTIME_CASES, 15],
  ['Test_MergeEnvVars', ENV_CASES, 4],
] as const) {
  describe(title, () => {
    it(`has the reference's ${count} cases`, () => expect(cases).toHaveLength(count));
    for (const zeroDoesNotOverride of [true, false]) {
      it.each(cases)(`%s (${zeroDoesNotOverride ? 'radix' : 'documented'})`, (_name, defaults, job, expected) => {
        const input = structuredClone(job);
        expect(mergeJobConfig(defaults, job, { zeroDoesNotOverride })).toEqual(expected);
        expect(job).toEqual(input);
      });
    }
  });
}

describe('the mergo zero-value quirk of the reference', () => {
  it('radix: a zero backoffLimit in the job does not override a non-zero default', () => {
    expect(mergeJobConfig({ backoffLimit: 5 }, { backoffLimit: 0 }, { zeroDoesNotOverride: true })).toEqual({ backoffLimit: 5 });
  });
  it('documented: the job\'s zero wins, as written', () => {
    expect(mergeJobConfig({ backoffLimit: 5 }, { backoffLimit: 0 }, { zeroDoesNotOverride: false })).toEqual({ backoffLimit: 0 });
  });
  it('safeToRestart false in the job wins in both', () => {
    for (const zeroDoesNotOverride of [true, false]) expect(mergeJobConfig({ safeToRestart: true }, { safeToRestart: false }, { zeroDoesNotOverride })).toEqual({ safeToRestart: false });
  });
  it('an empty failurePolicy rule list replaces the default', () => {
    expect(mergeJobConfig({ failurePolicy: { rules: [rule('Count', 'In', [1])] } }, { failurePolicy: { rules: [] } }, { zeroDoesNotOverride: true })).toEqual({ failurePolicy: { rules: [] } });
  });
  it('an empty string does not override a default image', () => {
    expect(mergeJobConfig({ image: 'a:1', imageTagName: 't' }, { image: '', imageTagName: '' }, { zeroDoesNotOverride: false })).toEqual({ image: 'a:1', imageTagName: 't' });
  });
});
