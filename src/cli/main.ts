#!/usr/bin/env node
// jobsim's command line: serve | conformance | simulate | bench.
import { Command, InvalidArgumentError, Option } from 'commander';
import type * as ConformanceCommand from './conformance.js';
import type * as ServeCommand from './serve.js';
import type * as ServeKubeCommand from './serveKube.js';

// A command's modules (express, the simulator, the Kubernetes client, the conformance kit) load
// when that command runs, so `jobsim --help` and option errors answer without loading them.
const conformance: typeof ConformanceCommand.conformance = async (...args) => (await import('./conformance.js')).conformance(...args);
const serve: typeof ServeCommand.serve = async (...args) => (await import('./serve.js')).serve(...args);
const serveKubernetes: typeof ServeKubeCommand.serveKubernetes = async (...args) => (await import('./serveKube.js')).serveKubernetes(...args);

function int(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
    return n;
  };
}

const program = new Command();
program.name('jobsim').description('A Radix-compatible Job Manager API: simulator, production scheduler and conformance kit.');

program
  .command('serve')
  .description('Serve the Job Manager API (on the deterministic simulator by default).')
  .option('--port <port>', 'port of the job component', int('--port'), 8000)
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--seed <seed>', 'seed of the simulator (same seed + requests = same run)', '1')
  .option('--clock <mode>', 'virtual clock: real, manual or scaled:N', 'real')
  .addOption(new Option('--compat <profile>', 'compatibility profile').choices(['documented', 'radix']).default('documented'))
  .option('--component <name>', 'name of the job component', 'compute')
  .option('--body-limit <size>', 'largest request body accepted', '32mb')
  .option('--max-batch-size <n>', 'most jobs in one batch (default 10000; 500 in the radix profile)', int('--max-batch-size'))
  .option('--backoff-cap <seconds>', 'cap of the pod-failure backoff (Kubernetes: 600; its docs: 360)', int('--backoff-cap'), 600)
  .option('--workload-seconds <seconds>', 'run time of a job when WORKLOAD_SECONDS is not set', Number, 5)
  .option('--scenario <file>', 'simulator scenario (YAML: nodes, faults, simulator settings; see docs/simulator.md)')
  .option('--nodes <n>', 'number of simulated nodes (4 cpu, 16Gi each) when the scenario lists none', int('--nodes'))
  .option('--config <file>', 'radixconfig.yaml: serve every job component of spec.jobs on its schedulerPort')
  .option('--environment <name>', 'with --config: apply this environment\'s environmentConfig overrides')
  .option('--history-limit <n>', 'completed batches kept per group after one hour (reference default 10)', int('--history-limit'), 10)
  .addOption(new Option('--backend <backend>', 'where jobs run: the built-in simulator or a Kubernetes cluster').choices(['simulator', 'kubernetes']).default('simulator'))
  .option('--kubeconfig <path>', 'kubernetes: kubeconfig file (default: in-cluster config in a pod, else $KUBECONFIG or ~/.kube/config)')
  .option('--namespace <ns>', "kubernetes: namespace of the batches and jobs (default: the pod's, else the kubeconfig context's, else default)")
  .option('--kube-qps <n>', 'kubernetes: API requests per second (client-side rate limit)', Number, 20)
  .option('--kube-burst <n>', 'kubernetes: API requests allowed in a burst above --kube-qps', Number, 30)
  .option('--log-level <level>', 'fatal, error, warn, info, debug', 'info')
  .action(async (opts) => {
    const { pino } = await import('pino');
    const log = pino({ level: opts.logLevel });
    try {
      const serving = opts.backend === 'kubernetes' ? await serveKubernetes(opts, log) : await serve(opts, log);
      const shutdown = () => {
        void serving.close().then(() => process.exit(0));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    } catch (err) {
      process.stderr.write(`jobsim serve: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    }
  });

program
  .command('conformance')
  .description('Check a Job Manager API (any implementation) against the contract: schema, negative inputs, lifecycle, model-based run.')
  .option('--base-url <url>', 'base URL of the server, e.g. http://127.0.0.1:8000 (required)')
  .addOption(new Option('--profile <profile>', 'expected compatibility profile').choices(['documented', 'radix']).default('documented'))
  .option('--seed <n>', 'seed of the generated inputs (printed in every replay line)', int('--seed'))
  .option('--only <ids...>', 'run only these check ids, id prefixes or tags', [])
  .option('--skip <ids...>', 'skip these check ids, id prefixes or tags', [])
  .option('--timeout <ms>', 'time limit of one check, ms', int('--timeout'), 120_000)
  .option('--concurrency <n>', 'checks run at once (those needing the server alone run one by one)', int('--concurrency'), 4)
  .option('--header <header>', "extra request header 'Name: value' (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
  .option('--reporter <spec>', 'write a report: junit:PATH or json:PATH (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
  .option('--no-sim', 'ignore the simulator control API even if present (lifecycle checks run in real time)')
  .option('--reset-sim', 'POST /sim/v1/reset before running (erases the simulator\'s state; never done unasked)')
  .option('--fc-path <path>', 'fast-check replay path printed by a failed model-based check')
  .option('--webhook-listen <host:port>', 'receive the server\'s webhook events on HOST:PORT during the run and check them (configure the server to post there)')
  .option('--list', 'list the checks and exit')
  // exit 2, not commander's 1, for unusable options: 1 means "a check failed"
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
  .action(async (opts) => {
    process.exitCode = await conformance(opts);
  });

program
  .command('simulate')
  .description('Run a scenario file (cluster, faults, radixconfig with cron, API traffic, horizon) on the manual clock and write a report: report.json, report.html, chart.png.')
  .argument('<scenario>', 'scenario file (YAML; see docs/simulate.md)')
  .option('--out <dir>', 'folder for report.json, report.html and chart.png', 'simulation-report')
  .option('--horizon <span>', 'virtual time to run instead of the scenario\'s horizon (30d, 12h, 90m or seconds)')
  .option('--heap-days <days>', 'measure the heap after a full GC at these virtual days, e.g. 1,10,20,30', (v: string) => v.split(',').map(Number))
  .option('--no-png', 'do not render chart.png')
  .action(async (scenario: string, opts) => {
    const { runSimulate } = await import('./simulate.js');
    try {
      await runSimulate(scenario, { out: opts.out, png: opts.png, ...(opts.horizon ? { horizon: opts.horizon } : {}), ...(opts.heapDays ? { heapDays: opts.heapDays } : {}) }, (line) => process.stdout.write(line + '\n'));
    } catch (err) {
      process.stderr.write(`jobsim simulate: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    }
  });

program
  .command('bench')
  .description('Run the benchmarks of bench/ on the simulator (manual clock) and print JSON lines.')
  .addOption(new Option('--scenario <name>', 'fanout (one batch of 100,000 jobs), retries (10,000 jobs, 10% failing attempts, backoffLimit 3), create (accept latency), http (HTTP cost against raw node:http and bare Express) or all').choices(['fanout', 'retries', 'create', 'http', 'all']).default('all'))
  .option('--jobs <n>', 'jobs in the batch (default per scenario)', int('--jobs'))
  .option('--seconds <n>', 'http: length of each load run', int('--seconds'))
  .option('--seed <n>', 'seed of the simulator', int('--seed'), 1)
  .action(async (opts) => {
    const { bench } = await import('./bench.js');
    await bench(opts.scenario, { jobs: opts.jobs, seconds: opts.seconds, seed: opts.seed }, (line) => process.stdout.write(line + '\n'));
  });

await program.parseAsync(process.argv);
