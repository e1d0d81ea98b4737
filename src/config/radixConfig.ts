// Reads the job components of a RadixApplication (radixconfig.yaml): schema validation with exact
// locations, semantic checks, then environment overrides applied (see environment.ts).
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { CronSpecError, parseSchedule } from '../common/cronSchedule.js';
import { timeZoneProblem } from '../common/cronZone.js';
import { InputFileError, readInputFile } from '../common/inputFile.js';
import { isValidQuantity } from '../cluster/quantity.js';
import type { JobComponent } from '../engine/types.js';
import { resolveJob, type RadixJobSpec } from './environment.js';
import { RADIX_APPLICATION_SCHEMA } from './radixConfigSchema.js';
import { ConfigError, YamlSource, type Problem, type Segment } from './yamlSource.js';

export interface RadixApplicationSpec {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { environments?: { name: string }[]; jobs: RadixJobSpec[] };
}

export interface LoadedConfig {
  file: string;
  app: string;
  environment: string | undefined;
  /** Enabled job components with the environment's overrides applied. */
  components: JobComponent[];
}

/** Compiled on first use: a command that reads no radixconfig.yaml (`--help`, the default component) does not pay for it. */
let compiled: ValidateFunction | undefined;
const validator = (): ValidateFunction => (compiled ??= new Ajv2020({ allErrors: true, strict: false }).compile(RADIX_APPLICATION_SCHEMA));

function segmentsOf(instancePath: string): Segment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(e: ErrorObject): { message: string; key?: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return { message: `unknown property "${String(p.additionalProperty)}"`, key: String(p.additionalProperty) };
    case 'required':
      return { message: `missing required property "${String(p.missingProperty)}"` };
    case 'enum':
      return { message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { message: `must be ${JSON.stringify(p.allowedValue)}` };
    default:
      return { message: e.message ?? 'is invalid' };
  }
}

/** Schema errors, most specific first, without the noise of alternative branches. */
function schemaProblems(source: YamlSource, errors: ErrorObject[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const e of errors) {
    // "must match then schema" only repeats the required-property error it comes with.
    if (e.keyword === 'if') continue;
    const { message, key } = describe(e);
    const problem = source.problem(segmentsOf(e.instancePath), message, key);
    const id = `${problem.path}|${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(problem);
  }
  return out;
}

/** Checks the schema cannot express: unique names and ports, known environments, quantities. */
function semanticProblems(source: YamlSource, ra: RadixApplicationSpec, environment: string | undefined, environmentFrom: string): Problem[] {
  const out: Problem[] = [];
  const envs = ra.spec.environments?.map((e) => e.name);
  // Lists keyed by a field (the RadixApplication CRD's listType=map): the API server refuses a key twice.
  const envIndex = new Map<string, number>();
  envs?.forEach((name, i) => {
    const first = envIndex.get(name);
    if (first !== undefined) out.push(source.problem(['spec', 'environments', i, 'name'], `environment name "${name}" is already used by spec.environments[${first}]`));
    else envIndex.set(name, i);
  });
  const names = new Map<string, number>();
  const ports = new Map<number, string>();
  ra.spec.jobs.forEach((job, i) => {
    const at: Segment[] = ['spec', 'jobs', i];
    if (names.has(job.name)) out.push(source.problem([...at, 'name'], `job name "${job.name}" is already used by spec.jobs[${names.get(job.name)}]`));
    names.set(job.name, i);
    if (job.schedulerPort !== undefined) {
      const other = ports.get(job.schedulerPort);
      if (other !== undefined) out.push(source.problem([...at, 'schedulerPort'], `schedulerPort ${job.schedulerPort} is already used by job "${other}"`));
      ports.set(job.schedulerPort, job.name);
    }
    const settings: { at: Segment[]; s: RadixJobSpec | NonNullable<RadixJobSpec['environmentConfig']>[number] }[] = [{ at, s: job }];
    const configured = new Map<string, number>();
    job.environmentConfig?.forEach((ec, j) => {
      const ecAt = [...at, 'environmentConfig', j];
      settings.push({ at: ecAt, s: ec });
      const first = configured.get(ec.environment);
      if (first !== undefined) out.push(source.problem([...ecAt, 'environment'], `environment "${ec.environment}" is already configured by spec.jobs[${i}].environmentConfig[${first}]`));
      else configured.set(ec.environment, j);
      if (envs && !envIndex.has(ec.environment)) {
        out.push(source.problem([...ecAt, 'environment'], `environment "${ec.environment}" is not defined in spec.environments (${envs.join(', ')})`));
      }
    });
    for (const { at: where, s } of settings) {
      for (const kind of ['limits', 'requests'] as const) {
        for (const [name, value] of Object.entries(s.resources?.[kind] ?? {})) {
          if (!isValidQuantity(String(value))) {
            out.push(source.problem([...where, 'resources', kind, name], `"${String(value)}" is not a valid Kubernetes quantity (e.g. "300m", "1", "16Mi", "2Gi")`));
          }
        }
      }
      s.failurePolicy?.rules.forEach((rule, r) => {
        if (rule.onExitCodes.operator === 'In' && rule.onExitCodes.values.includes(0)) {
          out.push(source.problem([...where, 'failurePolicy', 'rules', r, 'onExitCodes', 'values'], 'exit code 0 cannot be used with the In operator'));
        }
      });
      out.push(...cronProblems(source, [...where, 'cron'], s.cron));
      const webhook = s.notifications?.webhook;
      if (webhook) {
        try {
          new URL(webhook);
        } catch {
          out.push(source.problem([...where, 'notifications', 'webhook'], `"${webhook}" is not a valid URL`));
        }
      }
    }
  });
  if (environment !== undefined && envs && !envIndex.has(environment)) {
    out.push(source.problem(['spec', 'environments'], `${environmentFrom} "${environment}" is not one of the environments defined here (${envs.join(', ')})`));
  }
  return out;
}

/**
 * What the reference's job-scheduler would refuse at start (it exits): a schedule its cron parser
 * (robfig/cron v3's standard parser) rejects, or a time zone Go cannot load.
 */
function cronProblems(source: YamlSource, at: Segment[], cron: RadixJobSpec['cron']): Problem[] {
  if (!cron) return [];
  const out: Problem[] = [];
  const zone = cron.timeZone?.trim() ?? '';
  const zoneProblem = zone ? timeZoneProblem(zone) : undefined;
  if (zoneProblem) out.push(source.problem([...at, 'timeZone'], zoneProblem));
  cron.schedules.forEach((spec, i) => {
    try {
      parseSchedule(spec, zoneProblem ? 'UTC' : zone);
    } catch (err) {
      if (!(err instanceof CronSpecError)) throw err;
      out.push(source.problem([...at, 'schedules', i], `"${spec}" is not a valid cron schedule: ${err.message} (five fields: minute hour day-of-month month day-of-week, or @hourly, @daily, @every 1h, ...)`));
    }
  });
  return out;
}

/**
 * Parses and validates radixconfig text; throws ConfigError naming file, path and problem.
 * `environmentFrom` names where `environment` came from in a message (a flag, a scenario's key).
 */
export function parseRadixConfig(file: string, text: string, environment?: string, environmentFrom = '--environment'): LoadedConfig {
  const source = YamlSource.parse(file, text);
  let data: unknown;
  try {
    data = source.toJS();
  } catch (err) {
    // The yaml package refuses an alias bomb (or an unresolved alias) only when converting.
    throw new ConfigError(file, [{ path: '(document)', message: (err as Error).message.split('\n')[0]! }]);
  }
  const validate = validator();
  if (!validate(data)) throw new ConfigError(file, schemaProblems(source, validate.errors ?? []));
  const ra = data as unknown as RadixApplicationSpec;
  const problems = semanticProblems(source, ra, environment, environmentFrom);
  if (problems.length > 0) throw new ConfigError(file, problems);
  const components = ra.spec.jobs.map((job) => resolveJob(job, environment)).filter((c): c is JobComponent => c !== undefined);
  // cron set only in another environment's environmentConfig: this one has neither API nor schedules.
  const idle = components.filter((c) => c.schedulerPort === undefined && !c.cron);
  if (idle.length > 0) {
    throw new ConfigError(
      file,
      idle.map((c) =>
        source.problem(['spec', 'jobs', ra.spec.jobs.findIndex((j) => j.name === c.name)], `job "${c.name}" has neither schedulerPort nor cron${environment ? ` in environment "${environment}"` : ''}: it would serve nothing`),
      ),
    );
  }
  if (components.length === 0) {
    throw new ConfigError(file, [source.problem(['spec', 'jobs'], `no job component is enabled${environment ? ` in environment "${environment}"` : ''}`)]);
  }
  return { file, app: ra.metadata.name, environment, components };
}

export function loadRadixConfig(file: string, environment?: string, environmentFrom?: string): LoadedConfig {
  let text: string;
  try {
    text = readInputFile(file);
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    throw new ConfigError(file, [{ path: '(file)', message: `cannot read the file: ${err.reason}` }]);
  }
  return parseRadixConfig(file, text, environment, environmentFrom);
}
