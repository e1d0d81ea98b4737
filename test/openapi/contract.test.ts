import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import {
  OPENAPI_PATH,
  check,
  componentSchemaNames,
  findOperation,
  findResponse,
  listOperations,
  loadOpenApi,
  matchPath,
  requestBodyValidator,
  responseValidator,
  schemaValidator,
  type MediaTypeObject,
} from './schema.js';

const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/documentation/', import.meta.url));

interface FixtureEntry {
  file: string;
  kind: 'request' | 'response';
  operationId: string;
  method: string;
  path: string;
  status?: number;
  schema: string;
  line: number;
  section: string;
  elided: boolean;
}
const manifest = JSON.parse(readFileSync(`${FIXTURES_DIR}manifest.json`, 'utf8')) as { fixtures: FixtureEntry[] };
const readFixture = (file: string): unknown => JSON.parse(readFileSync(`${FIXTURES_DIR}${file}`, 'utf8'));

const JOB_MANAGER_OPERATIONS: Array<[string, string, string]> = [
  ['createJob', 'post', '/api/v1/jobs'],
  ['getJobs', 'get', '/api/v1/jobs'],
  ['getJob', 'get', '/api/v1/jobs/{jobName}'],
  ['deleteJob', 'delete', '/api/v1/jobs/{jobName}'],
  ['stopJob', 'post', '/api/v1/jobs/{jobName}/stop'],
  ['stopAllJobs', 'post', '/api/v1/jobs/stop'],
  ['createBatch', 'post', '/api/v1/batches'],
  ['getBatches', 'get', '/api/v1/batches'],
  ['getBatch', 'get', '/api/v1/batches/{batchName}'],
  ['getBatchJob', 'get', '/api/v1/batches/{batchName}/jobs/{jobName}'],
  ['deleteBatch', 'delete', '/api/v1/batches/{batchName}'],
  ['stopBatch', 'post', '/api/v1/batches/{batchName}/stop'],
  ['stopAllBatches', 'post', '/api/v1/batches/stop'],
  ['stopBatchJob', 'post', '/api/v1/batches/{batchName}/jobs/{jobName}/stop'],
];
const SIM_OPERATIONS: Array<[string, string, string]> = [
  ['getClock', 'get', '/sim/v1/clock'],
  ['advanceClock', 'post', '/sim/v1/clock/advance'],
  ['runUntilIdle', 'post', '/sim/v1/clock/run-until-idle'],
  ['pauseClock', 'post', '/sim/v1/clock/pause'],
  ['resumeClock', 'post', '/sim/v1/clock/resume'],
  ['getEvents', 'get', '/sim/v1/events'],
  ['resetSim', 'post', '/sim/v1/reset'],
  ['listSimNodes', 'get', '/sim/v1/nodes'],
  ['addSimNode', 'post', '/sim/v1/nodes'],
  ['deleteSimNode', 'delete', '/sim/v1/nodes/{name}'],
  ['cordonSimNode', 'post', '/sim/v1/nodes/{name}/cordon'],
  ['uncordonSimNode', 'post', '/sim/v1/nodes/{name}/uncordon'],
  ['listSimFaults', 'get', '/sim/v1/faults'],
  ['injectSimFault', 'post', '/sim/v1/faults'],
  ['deleteSimFault', 'delete', '/sim/v1/faults/{id}'],
];

describe('openapi.yaml document', () => {
  it('is a valid OpenAPI 3.1 document (swagger-parser)', async () => {
    const api = (await SwaggerParser.validate(OPENAPI_PATH)) as { openapi: string };
    expect(api.openapi).toBe('3.1.0');
  });

  it('has the 14 Job Manager operations with the reference operationIds', () => {
    for (const [operationId, method, path] of JOB_MANAGER_OPERATIONS) {
      expect(findOperation(method, path).operationId, `${method.toUpperCase()} ${path}`).toBe(operationId);
    }
    const jobManager = listOperations().filter((o) => o.path.startsWith('/api/v1/'));
    expect(jobManager.map((o) => o.operationId).sort()).toEqual(JOB_MANAGER_OPERATIONS.map(([id]) => id).sort());
  });

  it('has GET /healthz answering {status: "ok"}', () => {
    const v = responseValidator('get', '/healthz', 200);
    expect(v({ status: 'ok' })).toBe(true);
    expect(v({ status: 'down' })).toBe(false);
  });

  it('has the simulator control routes, tagged sim and marked x-jobsim-backend: sim', () => {
    for (const [operationId, method, path] of SIM_OPERATIONS) {
      const op = findOperation(method, path);
      expect(op.operationId).toBe(operationId);
      expect(op.operation.tags).toEqual(['sim']);
      expect(op.operation['x-jobsim-backend']).toBe('sim');
    }
    const simOps = listOperations().filter((o) => o.path.startsWith('/sim/'));
    expect(simOps.length).toBe(SIM_OPERATIONS.length);
  });

  it('has unique operationIds, and a summary and description on every operation', () => {
    const ops = listOperations();
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of ops) {
      expect(o.operationId, `${o.method} ${o.path}`).not.toBe('');
      expect(o.operation.summary, o.operationId).toBeTruthy();
      expect(o.operation.description, o.operationId).toBeTruthy();
    }
  });

  it('answers every Job Manager success with 200 and every error with an ErrorStatus', () => {
    for (const o of listOperations()) {
      const codes = Object.keys(o.operation.responses);
      expect(codes, o.operationId).toContain('200');
      expect(codes.filter((c) => c.startsWith('2')), o.operationId).toEqual(['200']);
      expect(codes, o.operationId).toContain('default');
      for (const code of codes.filter((c) => c !== '200')) {
        const { response } = findResponse(o.method, o.path, code === 'default' ? 599 : code);
        const schema = response.content?.['application/json']?.schema;
        expect(schema, `${o.operationId} ${code}`).toEqual({ $ref: '#/components/schemas/ErrorStatus' });
      }
    }
  });

  it('compiles every component schema with Ajv (strict mode)', () => {
    for (const name of componentSchemaNames()) {
      expect(() => schemaValidator(name), name).not.toThrow();
    }
  });

  it('resolves concrete paths to templates, literal segments first', () => {
    expect(matchPath('/api/v1/jobs/stop')).toBe('/api/v1/jobs/stop');
    expect(matchPath('/api/v1/jobs/batch-a-b')).toBe('/api/v1/jobs/{jobName}');
    expect(matchPath('/api/v1/batches/stop')).toBe('/api/v1/batches/stop');
    expect(matchPath('/api/v1/batches/b1/jobs/j1/stop?x=1')).toBe('/api/v1/batches/{batchName}/jobs/{jobName}/stop');
    expect(matchPath('/api/v1/nope')).toBeUndefined();
    expect(findResponse('get', '/api/v1/jobs/x', 404).statusKey).toBe('404');
    expect(findResponse('get', '/api/v1/jobs/x', 405).statusKey).toBe('default');
  });
});

describe('examples embedded in openapi.yaml', () => {
  const cases: Array<[string, () => void]> = [];
  const doc = loadOpenApi();
  const exampleValues = (media: MediaTypeObject): Array<[string, unknown]> => {
    const out: Array<[string, unknown]> = [];
    if ('example' in media) out.push(['example', media.example]);
    for (const [name, ex] of Object.entries(media.examples ?? {})) {
      const resolved = ex.$ref
        ? doc.components.examples?.[ex.$ref.replace('#/components/examples/', '')]
        : (ex as { value?: unknown });
      out.push([name, resolved?.value]);
    }
    return out;
  };
  for (const o of listOperations()) {
    const body = o.operation.requestBody as { content?: Record<string, MediaTypeObject> } | undefined;
    for (const [mediaType, media] of Object.entries(body?.content ?? {})) {
      for (const [name, value] of exampleValues(media)) {
        cases.push([
          `${o.operationId} request ${mediaType} example "${name}"`,
          () => {
            const r = check(requestBodyValidator(o.method, o.path, mediaType), value);
            expect(r.valid, r.errors).toBe(true);
          },
        ]);
      }
    }
    for (const code of Object.keys(o.operation.responses)) {
      const { response } = findResponse(o.method, o.path, code === 'default' ? 599 : code);
      for (const [mediaType, media] of Object.entries(response.content ?? {})) {
        for (const [name, value] of exampleValues(media)) {
          cases.push([
            `${o.operationId} ${code} ${mediaType} example "${name}"`,
            () => {
              const r = check(responseValidator(o.method, o.path, code === 'default' ? 599 : code, mediaType), value);
              expect(r.valid, r.errors).toBe(true);
            },
          ]);
        }
      }
    }
  }
  it('there are examples to check', () => {
    expect(cases.length).toBeGreaterThan(30);
  });
  it.each(cases)('%s matches its schema', (_name, run) => run());
});

describe('documentation fixtures (test/fixtures/documentation)', () => {
  it('the manifest lists every fixture file exactly once', () => {
    const files = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json') && f !== 'manifest.json');
    expect(manifest.fixtures.map((f) => f.file).sort()).toEqual(files.sort());
  });

  it.each(manifest.fixtures.map((f) => [f.file, f] as const))('%s matches its schema', (_file, f) => {
    const data = readFixture(f.file);
    const byName = check(schemaValidator(f.schema), data);
    expect(byName.valid, `${f.file} vs ${f.schema}:\n${byName.errors}`).toBe(true);

    const op = findOperation(f.method, f.path);
    expect(op.operationId).toBe(f.operationId);
    const byOperation =
      f.kind === 'request'
        ? check(requestBodyValidator(f.method, f.path), data)
        : check(responseValidator(f.method, f.path, f.status ?? 200), data);
    expect(byOperation.valid, `${f.file} vs ${f.kind} of ${f.operationId}:\n${byOperation.errors}`).toBe(true);
  });

  it.each(manifest.fixtures.map((f) => [f.file, f] as const))('%s is an example of its operation', (_file, f) => {
    const op = findOperation(f.method, f.path);
    const media =
      f.kind === 'request'
        ? (op.operation.requestBody as { content: Record<string, MediaTypeObject> }).content['application/json']
        : findResponse(f.method, f.path, f.status ?? 200).response.content?.['application/json'];
    const values = Object.values(media?.examples ?? {}).map((e) => (e as { value?: unknown }).value);
    expect(values.some((v) => isDeepStrictEqual(v, readFixture(f.file)))).toBe(true);
  });
});

describe('request schemas', () => {
  const job = () => schemaValidator('JobScheduleDescription');
  const batch = () => schemaValidator('BatchScheduleDescription');

  it('accept an empty description and unknown top-level properties (ignored, as in the reference)', () => {
    expect(job()({})).toBe(true);
    expect(job()({ payload: 'x', someFutureField: { a: 1 } })).toBe(true);
    expect(batch()({ jobScheduleDescriptions: [{}], extra: true })).toBe(true);
  });

  it.each<[string, unknown]>([
    ['timeLimitSeconds as a string', { timeLimitSeconds: '10' }],
    ['timeLimitSeconds 1.5', { timeLimitSeconds: 1.5 }],
    ['timeLimitSeconds 0', { timeLimitSeconds: 0 }],
    ['backoffLimit -1', { backoffLimit: -1 }],
    ['runAsUser 0', { runAsUser: 0 }],
    ['payload as an object', { payload: {} }],
    ['command as a string', { command: 'ls' }],
    ['a non-string resource quantity', { resources: { limits: { cpu: 1 } } }],
    ['a non-string variable', { variables: { A: 1 } }],
    ['an unknown architecture', { runtime: { architecture: 'x86' } }],
    ['an invalid nodeType', { runtime: { nodeType: 'Memory_Optimized' } }],
    ['a nodeType over 120 characters', { runtime: { nodeType: 'a'.repeat(121) } }],
    ['an unknown failurePolicy action', { failurePolicy: { rules: [{ action: 'Retry', onExitCodes: { operator: 'In', values: [1] } }] } }],
    ['duplicate exit codes', { failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1, 1] } }] } }],
    ['no exit codes', { failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [] } }] } }],
    ['a negative exit code', { failurePolicy: { rules: [{ action: 'Count', onExitCodes: { operator: 'NotIn', values: [-1] } }] } }],
    ['21 failurePolicy rules', { failurePolicy: { rules: Array.from({ length: 21 }, (_, i) => ({ action: 'Ignore', onExitCodes: { operator: 'In', values: [i + 1] } })) } }],
    ['a JSON array instead of an object', [{ payload: 'x' }]],
  ])('JobScheduleDescription rejects %s', (_name, body) => {
    expect(job()(body)).toBe(false);
  });

  it('BatchScheduleDescription requires a non-empty jobScheduleDescriptions and checks its items', () => {
    expect(batch()({})).toBe(false);
    expect(batch()({ jobScheduleDescriptions: [] })).toBe(false);
    expect(batch()({ jobScheduleDescriptions: [{ timeLimitSeconds: '10' }] })).toBe(false);
    expect(batch()({ defaultRadixJobComponentConfig: { backoffLimit: -1 }, jobScheduleDescriptions: [{}] })).toBe(false);
  });

  it('AdvanceClockRequest takes exactly one of seconds, toNextEvent, untilIdle', () => {
    const v = schemaValidator('AdvanceClockRequest');
    expect(v({ seconds: 1.5 })).toBe(true);
    expect(v({ seconds: 0 })).toBe(true);
    expect(v({ toNextEvent: true })).toBe(true);
    expect(v({ untilIdle: true })).toBe(true);
    expect(v({})).toBe(false);
    expect(v({ seconds: -1 })).toBe(false);
    expect(v({ seconds: 5, untilIdle: true })).toBe(false);
    expect(v({ toNextEvent: true, untilIdle: true })).toBe(false);
    expect(v({ toNextEvent: false })).toBe(false);
    expect(v({ seconds: 5, bogus: 1 })).toBe(false);
  });
});

describe('response schemas accept both compatibility profiles', () => {
  const radixJob = {
    jobId: 'my-job-1',
    name: 'batch-computeq8w2kx9a-20260821092649-k3j9x0ab-p2m8c7zq',
    created: null,
    started: null,
    ended: null,
    status: 'Waiting',
    updated: null,
    DeploymentName: '',
  };

  it('timestamps: RFC 3339, "" or null, nothing else', () => {
    const v = schemaValidator('Timestamp');
    for (const ok of ['2026-08-21T09:26:49Z', '2026-08-21T09:26:49.123456789Z', '2022-03-02T17:06:47+01:00', '', null]) {
      expect(v(ok), String(ok)).toBe(true);
    }
    for (const bad of ['2026-08-21', 'yesterday', 0, '2026-08-21T09:26:49']) {
      expect(v(bad), String(bad)).toBe(false);
    }
  });

  it('lists: [] (documented) and null (radix)', () => {
    for (const path of ['/api/v1/jobs', '/api/v1/batches']) {
      expect(responseValidator('get', path, 200)([])).toBe(true);
      expect(responseValidator('get', path, 200)(null)).toBe(true);
      expect(responseValidator('get', path, 200)({})).toBe(false);
    }
  });

  it('JobStatus: radix shape with nulls and DeploymentName; no unknown keys', () => {
    const v = schemaValidator('JobStatus');
    expect(check(v, radixJob).errors).toBe('');
    expect(v({ ...radixJob, status: 'Completed' })).toBe(false);
    expect(v({ ...radixJob, exitCode: 0 })).toBe(false);
    expect(v({ name: 'x' })).toBe(false);
  });

  it('BatchStatus: radix create response and batch-only statuses', () => {
    const v = schemaValidator('BatchStatus');
    const batch = {
      name: 'batch-computeq8w2kx9a-20260821092649-k3j9x0ab',
      created: '2026-08-21T09:26:49Z',
      started: null,
      ended: null,
      status: 'Completed',
      updated: null,
      DeploymentName: 'compute-dev-abc',
      jobStatuses: [radixJob],
      batchType: 'batch',
    };
    expect(check(v, batch).errors).toBe('');
    expect(v({ ...batch, batchType: 'cron' })).toBe(false);
  });

  it('Status and ErrorStatus', () => {
    const ok = schemaValidator('Status');
    const err = schemaValidator('ErrorStatus');
    expect(ok({ status: 'Success', message: 'job x was successfully stopped', code: 200 })).toBe(true);
    expect(ok({ status: 'Failure', message: 'x', code: 200 })).toBe(false);
    expect(err({ status: 'Failure', message: 'not found', reason: 'InternalError', code: 500 })).toBe(true);
    expect(err({ status: 'Failure', message: 'x', code: 404 })).toBe(false);
    expect(err({ status: 'Failure', message: 'x', reason: 'Gone', code: 410 })).toBe(false);
  });

  it('PodStatus requires name, replicaStatus and exitCode', () => {
    const v = schemaValidator('PodStatus');
    expect(v({ name: 'p', replicaStatus: { status: 'Pending' }, exitCode: 0 })).toBe(true);
    expect(v({ name: 'p', replicaStatus: { status: 'Pending' } })).toBe(false);
    expect(v({ name: 'p', replicaStatus: { status: 'Failing' }, exitCode: 1 })).toBe(false);
  });

  it('ClockState and EventLog', () => {
    const clock = schemaValidator('ClockState');
    expect(clock({ now: '2026-01-01T00:00:00Z', mode: 'scaled', scale: 60, pendingEvents: 0, nextEventAt: null })).toBe(true);
    expect(clock({ now: '2026-01-01T00:00:00Z', mode: 'fast', scale: 60, pendingEvents: 0, nextEventAt: null })).toBe(false);
    const log = schemaValidator('EventLog');
    expect(log({ count: 0, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', events: [] })).toBe(true);
    expect(log({ count: 0, sha256: 'xyz', events: [] })).toBe(false);
  });
});
