import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { JOB_CONFIG_FIELDS } from '../../src/api/generated/jobConfigSchema.js';
import { RADIX_APPLICATION_SCHEMA } from '../../src/config/radixConfigSchema.js';
import { ConfigError } from '../../src/config/yamlSource.js';
import { loadRadixConfig, parseRadixConfig } from '../../src/config/radixConfig.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/radixconfig.yaml', import.meta.url));

const HEADER = `apiVersion: radix.equinor.com/v1
kind: RadixApplication
metadata:
  name: app
spec:
  environments:
    - name: dev
  jobs:
`;

function fails(text: string, environment?: string): ConfigError {
  try {
    parseRadixConfig('radixconfig.yaml', text, environment);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('radixconfig.yaml: the shipped example', () => {
  it('has compute on 8000 and etl on 9000 with defaults and dev overrides applied', () => {
    const cfg = loadRadixConfig(EXAMPLE, 'dev');
    expect(cfg.app).toBe('myapp');
    expect(cfg.components.map((c) => [c.name, c.schedulerPort])).toEqual([
      ['compute', 8000],
      ['etl', 9000],
    ]);
    const compute = cfg.components[0]!;
    expect(compute.payloadPath).toBe('/compute/args');
    expect(compute.variables).toEqual({ LOG_LEVEL: 'debug', WORKLOAD_SECONDS: '10' });
    expect(compute.resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } });
    expect(compute.notifications?.webhook).toBe('http://127.0.0.1:8088/job-events');
    expect(compute.batchStatusRules).toHaveLength(3);
    expect(compute.timeLimitSeconds).toBe(3600);
    expect(compute.backoffLimit).toBe(2);
    const etl = cfg.components[1]!;
    expect(etl.image).toBe('ghcr.io/example/etl:dev-latest');
    expect(etl.args).toEqual([]);
    expect(etl.timeLimitSeconds).toBe(43200);
    expect(etl.backoffLimit).toBe(0);
    expect(etl.payloadPath).toBeUndefined();
  });

  it('applies prod overrides: time limit, backoff, image tag, runtime', () => {
    const cfg = loadRadixConfig(EXAMPLE, 'prod');
    expect(cfg.components[0]!.timeLimitSeconds).toBe(43200);
    expect(cfg.components[0]!.backoffLimit).toBe(5);
    expect(cfg.components[0]!.notifications?.webhook).toBe('http://backend:8080/job-events');
    expect(cfg.components[1]!.image).toBe('ghcr.io/example/etl:1.4.2');
    expect(cfg.components[1]!.args).toEqual(['--mode', 'full']);
    expect(cfg.components[1]!.runtime).toEqual({ nodeType: 'memory-optimized-2-v1' });
  });

  it('without --environment uses the common settings only', () => {
    const cfg = loadRadixConfig(EXAMPLE);
    expect(cfg.components[0]!.variables?.LOG_LEVEL).toBe('info');
    expect(cfg.components[1]!.image).toBe('ghcr.io/example/etl:latest');
  });
});

describe('radixconfig.yaml: errors name the file, the path and the problem', () => {
  it('a YAML syntax error gives line and column', () => {
    const err = fails(`${HEADER}    - name: compute\n      schedulerPort: [8000\n`);
    expect(err.message).toMatch(/^radixconfig\.yaml:\d+:\d+: \(syntax\): /);
  });

  it('a wrong type points at the value', () => {
    const err = fails(`${HEADER}    - name: compute\n      schedulerPort: eight\n`);
    expect(err.message).toBe('radixconfig.yaml:10:22: spec.jobs[0].schedulerPort: must be integer');
  });

  it('runAsUser: the environment\'s, else the job\'s; at least 1', () => {
    const text = `${HEADER}    - name: compute\n      schedulerPort: 8000\n      runAsUser: 1000\n      environmentConfig:\n        - environment: dev\n          runAsUser: 2000\n`;
    expect(parseRadixConfig('radixconfig.yaml', text, 'dev').components[0]!.runAsUser).toBe(2000);
    expect(parseRadixConfig('radixconfig.yaml', text, undefined).components[0]!.runAsUser).toBe(1000);
    expect(fails(`${HEADER}    - name: compute\n      schedulerPort: 8000\n      runAsUser: 0\n`).message).toContain('spec.jobs[0].runAsUser: must be >= 1');
  });

  it('an unknown key points at the key', () => {
    const err = fails(`${HEADER}    - name: compute\n      schedulerPort: 8000\n      timeLimitSecond: 10\n`);
    expect(err.message).toBe('radixconfig.yaml:11:7: spec.jobs[0].timeLimitSecond: unknown property "timeLimitSecond"');
  });

  it('a missing schedulerPort, an invalid quantity and a bad rule are all reported', () => {
    const err = fails(
      `${HEADER}    - name: compute\n      resources:\n        limits:\n          memory: 32Mx\n      batchStatusRules:\n        - condition: Some\n          operator: In\n          jobStatuses: [Failed]\n          batchStatus: Failed\n`,
    );
    expect(err.message).toContain('spec.jobs[0]: missing required property "schedulerPort"');
    expect(err.message).toContain('spec.jobs[0].batchStatusRules[0].condition: must be one of "All", "Any"');
    const quantity = fails(`${HEADER}    - name: compute\n      schedulerPort: 8000\n      resources:\n        limits:\n          memory: 32Mx\n`);
    expect(quantity.message).toBe('radixconfig.yaml:13:19: spec.jobs[0].resources.limits.memory: "32Mx" is not a valid Kubernetes quantity (e.g. "300m", "1", "16Mi", "2Gi")');
  });

  it('duplicate ports, unknown environments and an unknown --environment are refused', () => {
    const dup = fails(`${HEADER}    - name: a\n      schedulerPort: 8000\n    - name: b\n      schedulerPort: 8000\n`);
    expect(dup.message).toContain('spec.jobs[1].schedulerPort: schedulerPort 8000 is already used by job "a"');
    const env = fails(`${HEADER}    - name: a\n      schedulerPort: 8000\n      environmentConfig:\n        - environment: qa\n`);
    expect(env.message).toContain('spec.jobs[0].environmentConfig[0].environment: environment "qa" is not defined in spec.environments (dev)');
    // Keyed lists (the CRD's listType=map): an environment, or a job's environmentConfig entry, twice.
    const twice = fails(HEADER.replace('    - name: dev\n', '    - name: dev\n    - name: dev\n') + `    - name: a\n      schedulerPort: 8000\n`);
    expect(twice.message).toBe('radixconfig.yaml:8:13: spec.environments[1].name: environment name "dev" is already used by spec.environments[0]');
    const ec = fails(`${HEADER}    - name: a\n      schedulerPort: 8000\n      environmentConfig:\n        - environment: dev\n        - environment: dev\n`);
    expect(ec.message).toContain('spec.jobs[0].environmentConfig[1].environment: environment "dev" is already configured by spec.jobs[0].environmentConfig[0]');
    const flag = fails(`${HEADER}    - name: a\n      schedulerPort: 8000\n`, 'prod');
    expect(flag.message).toContain('--environment "prod" is not one of the environments defined here (dev)');
  });

  it('not a RadixApplication', () => {
    const err = fails('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    expect(err.message).toContain('kind: must be "RadixApplication"');
    expect(err.message).toContain('(document): missing required property "spec"');
  });

  it('a missing file names the file', () => {
    expect(() => loadRadixConfig('/nonexistent/radixconfig.yaml')).toThrow(/^\/nonexistent\/radixconfig\.yaml: \(file\): cannot read the file/);
  });
});

describe("radixconfig.yaml: a job's settings come from openapi.yaml", () => {
  const spec = parse(readFileSync(fileURLToPath(new URL('../../openapi.yaml', import.meta.url)), 'utf8')) as {
    components: { schemas: { RadixJobComponentConfig: { properties: Record<string, unknown> } } };
  };
  const apiFields = Object.keys(spec.components.schemas.RadixJobComponentConfig.properties);
  const jobProperties = (RADIX_APPLICATION_SCHEMA.properties.spec.properties.jobs.items as { properties: Record<string, unknown> }).properties;

  it('every field of RadixJobComponentConfig is a setting of a job component (none restated, none missing)', () => {
    expect(apiFields.length).toBeGreaterThan(10);
    expect(Object.keys(JOB_CONFIG_FIELDS)).toEqual(apiFields);
    for (const field of apiFields) expect(jobProperties[field], field).toBeDefined();
  });

  it("takes the API's bounds and enums, with radixconfig's own differences (closed objects, YAML scalars)", () => {
    const job = (settings: string) => `${HEADER}    - name: compute\n      schedulerPort: 8000\n${settings}`;
    // From openapi.yaml: the enum of a failure policy's action, the int32 bound of backoffLimit.
    expect(fails(job('      failurePolicy:\n        rules:\n          - action: Explode\n            onExitCodes: {operator: In, values: [1]}\n')).message).toMatch(/action/);
    expect(fails(job('      backoffLimit: 2147483648\n')).message).toMatch(/backoffLimit/);
    // radixconfig's differences: a misspelt key inside a setting is reported; YAML numbers are quantities.
    expect(fails(job('      runtime:\n        archtecture: arm64\n')).message).toMatch(/archtecture/);
    const cfg = parseRadixConfig('radixconfig.yaml', job('      safeToRestart: true\n      resources:\n        limits: {cpu: 1}\n'), undefined);
    expect(cfg.components[0]!.resources).toEqual({ limits: { cpu: '1' } });
  });
});
