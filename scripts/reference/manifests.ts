// Prints (as a JSON List for `kubectl apply -f -`) what the reference needs in the cluster to serve
// one job component: the RadixRegistration of the app, the namespace <app>-<instance>, and a
// RadixDeployment with the job components of a radixconfig.yaml, resolved for one of its
// environments by jobsim's own config loader, as Radix's pipeline would deploy them. jobsim run with
// the same --config/--environment serves the same components, so both sides are configured alike.
//
//   tsx scripts/reference/manifests.ts --config FILE --environment ENV --instance NAME \
//       --component NAME --port N [--webhook URL|none]
import { parseArgs } from 'node:util';
import { loadRadixConfig } from '../../src/config/radixConfig.js';
import type { JobComponent } from '../../src/engine/types.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string' },
    environment: { type: 'string' },
    instance: { type: 'string' },
    component: { type: 'string' },
    port: { type: 'string' },
    webhook: { type: 'string' },
  },
});
for (const k of ['config', 'environment', 'instance', 'component', 'port'] as const) {
  if (!values[k]) throw new Error(`--${k} is required`);
}
const loaded = loadRadixConfig(values.config!, values.environment);
const app = loaded.app;
const instance = values.instance!;
const namespace = `${app}-${instance}`;
const deploymentName = `${instance}-reference`;
const port = Number(values.port);
if (!loaded.components.some((c) => c.name === values.component)) {
  throw new Error(`no enabled job component ${values.component} in ${values.config} for ${values.environment}`);
}

function deployJob(c: JobComponent): Record<string, unknown> {
  const served = c.name === values.component;
  const webhook = served && values.webhook !== undefined ? (values.webhook === 'none' ? undefined : values.webhook) : c.notifications?.webhook;
  const job: Record<string, unknown> = {
    name: c.name,
    image: c.image,
    schedulerPort: served ? port : c.schedulerPort,
    monitoring: false,
    alwaysPullImageOnDeploy: false,
    timeLimitSeconds: c.timeLimitSeconds,
    backoffLimit: c.backoffLimit,
  };
  if (c.payloadPath) job.payload = { path: c.payloadPath };
  if (c.ports) job.ports = c.ports;
  if (c.variables) job.environmentVariables = c.variables;
  if (c.resources) job.resources = c.resources;
  if (c.failurePolicy) job.failurePolicy = c.failurePolicy;
  if (c.command) job.command = c.command;
  if (c.args) job.args = c.args;
  if (c.runtime) job.runtime = c.runtime;
  if (c.node) job.node = c.node;
  if (webhook) job.notifications = { webhook };
  if (c.batchStatusRules) job.batchStatusRules = c.batchStatusRules;
  if (c.cron) job.cron = c.cron;
  return job;
}

const labels = { 'radix-app': app, 'radix-env': instance };
const list = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    {
      apiVersion: 'radix.equinor.com/v1',
      kind: 'RadixRegistration',
      metadata: { name: app },
      spec: { cloneURL: `git@github.com:example/${app}.git`, configBranch: 'main', adGroups: [], readerAdGroups: [] },
    },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } },
    {
      apiVersion: 'radix.equinor.com/v1',
      kind: 'RadixDeployment',
      metadata: { name: deploymentName, namespace, labels: { ...labels, 'radix-job-name': deploymentName } },
      spec: { appname: app, environment: instance, components: [], jobs: loaded.components.map(deployJob) },
    },
  ],
};
process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
