// radixconfig.yaml `cron` sections: read, validated as the reference's schema and cron parser
// would, with file:line:col in every error.
import { describe, expect, it } from 'vitest';
import { parseRadixConfig } from '../../src/config/radixConfig.js';
import { ConfigError } from '../../src/config/yamlSource.js';

const HEADER = `apiVersion: radix.equinor.com/v1
kind: RadixApplication
metadata:
  name: app
spec:
  environments:
    - name: dev
    - name: prod
  jobs:
`;

function fails(text: string, environment?: string): string {
  try {
    parseRadixConfig('radixconfig.yaml', text, environment);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const job = (cron: string, extra = '      schedulerPort: 8000\n') => `${HEADER}    - name: compute\n${extra}      cron:\n${cron}`;

describe('radixconfig.yaml: cron', () => {
  it('is read onto the job component; an environment\'s cron replaces the common one whole', () => {
    const text = job(
      `        timeZone: Europe/Oslo\n        schedules: ["0 2 * * *", "@hourly"]\n        concurrency: Forbid\n      environmentConfig:\n        - environment: prod\n          cron:\n            schedules: ["*/5 * * * *"]\n            concurrency: Replace\n`,
    );
    expect(parseRadixConfig('r.yaml', text, 'dev').components[0]!.cron).toEqual({ timeZone: 'Europe/Oslo', schedules: ['0 2 * * *', '@hourly'], concurrency: 'Forbid' });
    expect(parseRadixConfig('r.yaml', text, 'prod').components[0]!.cron).toEqual({ schedules: ['*/5 * * * *'], concurrency: 'Replace' });
  });

  it('a cron-only job component needs no schedulerPort (no API is served for it)', () => {
    const cfg = parseRadixConfig('r.yaml', job(`        schedules: ["* * * * *"]\n        concurrency: Allow\n`, ''));
    expect(cfg.components[0]!.schedulerPort).toBeUndefined();
    expect(cfg.components[0]!.cron?.schedules).toEqual(['* * * * *']);
  });

  it('without schedulerPort and cron the component is refused; so is one with cron only in another environment', () => {
    expect(fails(`${HEADER}    - name: compute\n      image: x\n`)).toBe('radixconfig.yaml:10:7: spec.jobs[0]: missing required property "schedulerPort"');
    const onlyProd = `${HEADER}    - name: compute\n      environmentConfig:\n        - environment: prod\n          cron:\n            schedules: ["* * * * *"]\n            concurrency: Allow\n`;
    expect(parseRadixConfig('r.yaml', onlyProd, 'prod').components[0]!.cron).toBeDefined();
    expect(fails(onlyProd, 'dev')).toBe('radixconfig.yaml:10:7: spec.jobs[0]: job "compute" has neither schedulerPort nor cron in environment "dev": it would serve nothing');
  });

  it.each([
    [`        schedules: ["* * * * *"]\n`, 'radixconfig.yaml:13:9: spec.jobs[0].cron: missing required property "concurrency"'],
    [`        schedules: ["* * * * *"]\n        concurrency: Sometimes\n`, 'radixconfig.yaml:14:22: spec.jobs[0].cron.concurrency: must be one of "Allow", "Forbid", "Replace"'],
    [`        concurrency: Allow\n`, 'radixconfig.yaml:13:9: spec.jobs[0].cron: missing required property "schedules"'],
    [`        schedules: []\n        concurrency: Allow\n`, 'radixconfig.yaml:13:20: spec.jobs[0].cron.schedules: must NOT have fewer than 1 items'],
    [`        schedules: ["* * * * *", "* * * * *"]\n        concurrency: Allow\n`, 'radixconfig.yaml:13:20: spec.jobs[0].cron.schedules: must NOT have duplicate items (items ## 1 and 0 are identical)'],
    [`        schedules: [""]\n        concurrency: Allow\n`, 'radixconfig.yaml:13:21: spec.jobs[0].cron.schedules[0]: must NOT have fewer than 1 characters'],
    [`        timeZone: ""\n        schedules: ["* * * * *"]\n        concurrency: Allow\n`, 'radixconfig.yaml:13:19: spec.jobs[0].cron.timeZone: must NOT have fewer than 1 characters'],
    [`        schedules: ["* * * * *"]\n        concurrency: Allow\n        timezone: UTC\n`, 'radixconfig.yaml:15:9: spec.jobs[0].cron.timezone: unknown property "timezone"'],
  ])('schema: %j', (cron, message) => {
    expect(fails(job(cron))).toBe(message);
  });

  it('more than 20 schedules are refused', () => {
    const many = Array.from({ length: 21 }, (_, i) => `"${i} * * * *"`).join(', ');
    expect(fails(job(`        schedules: [${many}]\n        concurrency: Allow\n`))).toContain('spec.jobs[0].cron.schedules: must NOT have more than 20 items');
  });

  it('a schedule the cron parser refuses and an unknown time zone point at the value', () => {
    const message = fails(job(`        timeZone: Mars/Olympus_Mons\n        schedules:\n          - "0 2 * * *"\n          - "61 * * * *"\n          - "@fortnightly"\n        concurrency: Allow\n`));
    expect(message).toContain('radixconfig.yaml:13:19: spec.jobs[0].cron.timeZone: unknown time zone "Mars/Olympus_Mons"');
    expect(message).toContain('radixconfig.yaml:16:13: spec.jobs[0].cron.schedules[1]: "61 * * * *" is not a valid cron schedule: end of range (61) above maximum (59): 61');
    expect(message).toContain('radixconfig.yaml:17:13: spec.jobs[0].cron.schedules[2]: "@fortnightly" is not a valid cron schedule: unrecognized descriptor: @fortnightly');
    expect(message).not.toContain('schedules[0]');
  });

  it('a blank timeZone means UTC, as the reference trims it', () => {
    const cfg = parseRadixConfig('r.yaml', job(`        timeZone: "  "\n        schedules: ["0 2 * * *"]\n        concurrency: Allow\n`));
    expect(cfg.components[0]!.cron?.timeZone).toBe('  ');
  });
});
