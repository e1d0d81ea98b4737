#!/usr/bin/env node
// jobsim's command line: serve | conformance | simulate | bench.
import { Command, InvalidArgumentError, Option } from 'commander';
import { MAX_CLOCK_SCALE, parseClockMode } from '../runtime/clockDriver.js';
import { MAX_HORIZON_DAYS, MAX_NODES, MAX_SECONDS } from '../sim/limits.js';
import type * as ConformanceCommand from './conformance.js';
import { bodyLimit, componentName, dayList, decimal, integer, nonEmpty, port, UsageError } from './flags.js';
import type { ShutdownReport } from './listeners.js';
import type * as ServeCommand from './serve.js';
import type * as ServeKubeCommand from './serveKube.js';
import type * as LoggerModule from './logger.js';

// Output piped into a reader that stops early (`jobsim conformance --list | head`): done, not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

// A command's modules (express, the simulator, the Kubernetes client, the conformance kit) load
// when that command runs, so `jobsim --help` and option errors answer without loading them.
const conformance: typeof ConformanceCommand.conformance = async (...args) => (await import('./conformance.js')).conformance(...args);
const serve: typeof ServeCommand.serve = async (...args) => (await import('./serve.js')).serve(...args);
const serveKubernetes: typeof ServeKubeCommand.serveKubernetes = async (...args) => (await import('./serveKube.js')).serveKubernetes(...args);
const createLogger: (...args: Parameters<typeof LoggerModule.createLogger>) => Promise<ReturnType<typeof LoggerModule.createLogger>> = async (...args) => (await import('./logger.js')).createLogger(...args);

function clockMode(value: string): string {
  try {
    parseClockMode(value);
  } catch (err) {
    throw new InvalidArgumentError(`It must be real, manual or scaled:N (0 < N <= ${MAX_CLOCK_SCALE}).`);
  }
  return value;
}

/** `--latency` of simulate and bench (serve reads its own): loaded with the command's modules. */
async function latencyOption(value: string | undefined) {
  return (await import('./latencyOption.js')).latencyOption(value);
}

/** serve's flags that only the simulator backend reads: [option key, flag]. */
const SIMULATOR_FLAGS = [
  ['clock', '--clock'],
  ['seed', '--seed'],
  ['scenario', '--scenario'],
  ['nodes', '--nodes'],
  ['backoffCap', '--backoff-cap'],
  ['workloadSeconds', '--workload-seconds'],
] as const;

/** Longest a shutdown may wait for requests in flight and webhook deliveries. */
const MAX_GRACE_SECONDS = 3600;

/** The one line a graceful stop prints. */
function stopLine(signal: string, r: ShutdownReport): string {
  return (
    `jobsim serve: stopped on ${signal} in ${(r.tookMs / 1000).toFixed(1)} s: ${r.answered} requests answered (${r.answeredWhileStopping} while stopping), ` +
    `${r.cutOff} cut off; webhook events: ${r.webhooks.delivered} delivered while stopping, ${r.webhooks.undelivered} undelivered\n`
  );
}

/** Longest a leader-election period may be. */
const MAX_LEASE_SECONDS = 3600;

const program = new Command();
program.name('jobsim').description('A Radix-compatible Job Manager API: simulator, production scheduler and conformance kit.');
// Usage errors read like jobsim's own ("jobsim: option '--port <port>' argument ..."), not commander's "error: ...".
program.configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'jobsim: ')) });

program
  .command('serve')
  .description('Serve the Job Manager API (on the deterministic simulator by default).')
  .option('--port <port>', 'port of the job component (0: any free port, printed at start)', port, 8000)
  .option('--host <host>', 'address to bind', nonEmpty('an address such as 127.0.0.1, ::1 or 0.0.0.0'), '127.0.0.1')
  .option('--seed <seed>', 'seed of the simulator (same seed + requests = same run)', '1')
  .option('--clock <mode>', 'virtual clock: real, manual or scaled:N', clockMode, 'real')
  .addOption(new Option('--compat <profile>', 'compatibility profile').choices(['documented', 'radix']).default('documented'))
  .option('--component <name>', 'name of the job component', componentName, 'compute')
  .option('--body-limit <size>', 'largest request body accepted (at most 256mb)', bodyLimit, '32mb')
  .option('--max-batch-size <n>', 'most jobs in one batch (default 10000; 500 in the radix profile)', integer(1, 1_000_000))
  .option('--backoff-cap <seconds>', 'cap of the pod-failure backoff (Kubernetes: 600; its docs: 360)', integer(0, MAX_SECONDS), 600)
  .option('--workload-seconds <seconds>', 'run time of a job when WORKLOAD_SECONDS is not set', decimal(0, MAX_SECONDS, { unit: 'seconds' }), 5)
  .option('--scenario <file>', 'simulator scenario (YAML: nodes, faults, simulator settings; see docs/simulator.md)')
  .option('--nodes <n>', `number of simulated nodes (4 cpu, 16Gi each) when the scenario lists none (at most ${MAX_NODES})`, integer(0, MAX_NODES))
  .option('--latency <model>', "simulator: how long the control plane's steps take: off, cluster or a YAML/JSON file of parameters (default: the scenario's, else cluster; see docs/simulator-timing.md)")
  .option('--config <file>', 'radixconfig.yaml: serve every job component of spec.jobs on its schedulerPort')
  .option('--environment <name>', 'with --config: apply this environment\'s environmentConfig overrides')
  .option('--history-limit <n>', 'completed batches kept per group after one hour (reference default 10)', integer(0, 1_000_000), 10)
  .addOption(new Option('--backend <backend>', 'where jobs run: the built-in simulator or a Kubernetes cluster').choices(['simulator', 'kubernetes']).default('simulator'))
  .option('--kubeconfig <path>', 'kubernetes: kubeconfig file (default: in-cluster config in a pod, else $KUBECONFIG or ~/.kube/config)')
  .option('--namespace <ns>', "kubernetes: namespace of the batches and jobs (default: the pod's, else the kubeconfig context's, else default)")
  .option('--kube-qps <n>', 'kubernetes: API requests per second (client-side rate limit)', decimal(0, 1_000_000, { exclusiveMin: true }), 20)
  .option('--kube-burst <n>', 'kubernetes: API requests allowed in a burst above --kube-qps', integer(1, 1_000_000), 30)
  .option('--no-leader-elect', 'kubernetes: reconcile without electing a leader (only for a single replica)')
  .option('--lease-name <name>', 'kubernetes: the Lease through which replicas elect the one that reconciles', 'jobsim')
  .option('--lease-duration <seconds>', 'kubernetes: how long a replica waits after the last renewal it saw before taking the Lease over', decimal(0, MAX_LEASE_SECONDS, { exclusiveMin: true, unit: 'seconds' }), 10)
  .option('--renew-deadline <seconds>', 'kubernetes: how long the leader keeps reconciling without renewing the Lease', decimal(0, MAX_LEASE_SECONDS, { exclusiveMin: true, unit: 'seconds' }), 7)
  .option('--retry-period <seconds>', 'kubernetes: time between attempts to acquire or renew the Lease', decimal(0, MAX_LEASE_SECONDS, { exclusiveMin: true, unit: 'seconds' }), 2)
  .option(
    '--shutdown-grace-seconds <seconds>',
    'on SIGTERM or SIGINT: how long to finish requests in flight and deliver queued webhook events before exiting',
    decimal(0, MAX_GRACE_SECONDS, { unit: 'seconds' }),
    25,
  )
  .option('--ui', 'serve the dashboard at /ui/ (the default)')
  .option('--no-ui', 'do not serve the dashboard page at /ui/ (its data and watch stream under /jobsim/v1 stay)')
  .addOption(new Option('--log-level <level>', 'least severe log lines written').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'))
  .addOption(new Option('--log-format <format>', 'log lines: pretty (human-readable), json, or auto (pretty on a terminal)').choices(['auto', 'pretty', 'json']).default('auto'))
  .action(async (opts, command: Command) => {
    const log = await createLogger(opts.logLevel, opts.logFormat);
    let serving;
    try {
      if (opts.backend === 'kubernetes') {
        if (opts.latency !== undefined) throw new UsageError('--latency applies to the simulator only: a cluster takes the time it takes');
        // Given on the command line, a simulator's flag would be silently ignored.
        const given = SIMULATOR_FLAGS.find(([key]) => command.getOptionValueSource(key) === 'cli');
        if (given) throw new UsageError(`${given[1]} applies to the simulator backend only, not to --backend kubernetes`);
      }
      serving = opts.backend === 'kubernetes' ? await serveKubernetes(opts, log) : await serve(opts, log);
    } catch (err) {
      process.stderr.write(`jobsim serve: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(err instanceof UsageError ? 2 : 1);
    }
    const running = serving;
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`jobsim serve: ${signal} again: exiting without waiting\n`);
        process.exit(1);
      }
      stopping = true;
      running.shutdown(opts.shutdownGraceSeconds * 1000).then(
        (report) => {
          process.stderr.write(stopLine(signal, report));
          process.exit(0);
        },
        (err: unknown) => {
          process.stderr.write(`jobsim serve: stopping on ${signal} failed: ${err instanceof Error ? err.message : String(err)}\n`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });

program
  .command('conformance')
  .description('Check a Job Manager API (any implementation) against the contract: schema, negative inputs, lifecycle, model-based run.')
  .option('--base-url <url>', 'base URL of the server, e.g. http://127.0.0.1:8000 (required)')
  .addOption(new Option('--profile <profile>', 'expected compatibility profile').choices(['documented', 'radix']).default('documented'))
  .option('--seed <n>', 'seed of the generated inputs (printed in every replay line)', integer(0, Number.MAX_SAFE_INTEGER))
  .option('--only <ids...>', 'run only these check ids, id prefixes or tags', [])
  .option('--skip <ids...>', 'skip these check ids, id prefixes or tags', [])
  .option('--timeout <ms>', 'time limit of one check, ms', integer(1, 2_147_483_647), 120_000)
  .option('--concurrency <n>', 'checks run at once (those needing the server alone run one by one)', integer(1, 1000), 4)
  .option('--header <header>', "extra request header 'Name: value' (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
  .option('--reporter <spec>', 'write a report: junit:PATH or json:PATH (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
  .option('--no-sim', 'ignore the simulator control API even if present (lifecycle checks run in real time)')
  .option('--reset-sim', 'POST /sim/v1/reset before running (erases the simulator\'s state; never done unasked)')
  .option('--fc-path <path>', 'fast-check replay path printed by a failed model-based check')
  .option('--webhook-listen <host:port>', 'receive the server\'s webhook events on HOST:PORT during the run and check them (configure the server to post there)')
  .option('--batch-status-rules <file>', "the server's batchStatusRules: a YAML/JSON list of rules, or radixconfig.yaml#job[@environment]")
  .option('--poll-rate <n>', 'real time: polling reads per second of the whole run (default 1.5, gentle with the reference)', decimal(0, 1000, { exclusiveMin: true, unit: 'reads per second' }))
  .option('--list', 'list the checks and exit')
  .action(async (opts) => {
    process.exitCode = await conformance(opts);
  });

program
  .command('simulate')
  .description('Run a scenario file (cluster, faults, radixconfig with cron, API traffic, horizon) on the manual clock and write a report: report.json, report.html, chart.png.')
  .argument('<scenario>', 'scenario file (YAML; see docs/simulate.md)')
  .option('--out <dir>', 'folder for report.json, report.html and chart.png', 'simulation-report')
  .option('--horizon <span>', 'virtual time to run instead of the scenario\'s horizon (30d, 12h, 90m or seconds)')
  .option('--heap-days <days>', 'measure the heap after a full GC at these virtual days, e.g. 1,10,20,30', dayList(MAX_HORIZON_DAYS))
  .option('--heap-snapshots', 'with --heap-days: also write a V8 heap snapshot at each of those days into --out (heap-day-N.heapsnapshot)')
  .option('--no-png', 'do not render chart.png')
  .option('--seed <seed>', "seed of the run instead of the scenario's (the same seed gives the same report)")
  .option('--latency <model>', "how long the control plane's steps take instead of the scenario's: off, cluster or a YAML/JSON file (docs/simulator-timing.md)")
  .option('--event-log <file>', "write the simulator's event log (JSON lines) to this file as the run goes; the report then carries its sha256")
  .option('--no-faults', "run the scenario without its faults (the baseline to --compare a run with them against)")
  .option('--compare <report>', "an earlier run's report.json: its headline figures beside this run's, in the report (what-if questions); with --seeds also the folder of an earlier --seeds run (seed by seed)")
  .option('--seeds <list>', 'run the scenario once per seed (1-8, or 1,5,9), as many at a time as there are cores, and write each figure\'s spread: seeds.json, seeds.html, a report per seed in --out/seed-S')
  .action(async (scenario: string, opts) => {
    const { runSimulate } = await import('./simulate.js');
    try {
      if (opts.heapSnapshots && !opts.heapDays) throw new UsageError('--heap-snapshots needs --heap-days (the days to take them at)');
      const { MAX_SEED_LENGTH } = await import('../sim/scenario.js');
      if (opts.seed !== undefined && (opts.seed.length === 0 || opts.seed.length > MAX_SEED_LENGTH)) throw new UsageError(`--seed must be 1 to ${MAX_SEED_LENGTH} characters, as a scenario's seed`);
      const latency = await latencyOption(opts.latency);
      if (opts.seeds !== undefined) {
        // One run per seed: what belongs to a single run has no meaning across them.
        const single = ([['seed', '--seed'], ['heapDays', '--heap-days'], ['eventLog', '--event-log']] as const).find(([k]) => opts[k] !== undefined);
        if (single) throw new UsageError(`--seeds runs one report per seed: ${single[1]} is for a single run`);
        const { parseSeedList, runSeeds } = await import('./seeds.js');
        await runSeeds(
          scenario,
          {
            out: opts.out,
            seeds: parseSeedList(opts.seeds),
            png: opts.png,
            ...(opts.horizon ? { horizon: opts.horizon } : {}),
            ...(opts.latency !== undefined ? { latency: opts.latency } : {}),
            ...(opts.faults === false ? { withoutFaults: true } : {}),
            ...(opts.compare !== undefined ? { compare: opts.compare } : {}),
          },
          (line) => process.stdout.write(line + '\n'),
        );
        return;
      }
      await runSimulate(
        scenario,
        {
          out: opts.out,
          png: opts.png,
          ...(opts.horizon ? { horizon: opts.horizon } : {}),
          ...(opts.heapDays ? { heapDays: opts.heapDays } : {}),
          heapSnapshots: !!opts.heapSnapshots,
          ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
          ...(latency ? { latency } : {}),
          ...(opts.eventLog !== undefined ? { eventLog: opts.eventLog } : {}),
          ...(opts.compare !== undefined ? { compare: opts.compare } : {}),
          ...(opts.faults === false ? { withoutFaults: true } : {}),
        },
        (line) => process.stdout.write(line + '\n'),
      );
    } catch (err) {
      process.stderr.write(`jobsim simulate: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(err instanceof UsageError ? 2 : 1);
    }
  });

program
  .command('bench')
  .description('Run the benchmarks of bench/ on the simulator (manual clock) and print JSON lines.')
  .addOption(
    new Option(
      '--scenario <name>',
      'fanout (one batch of 100,000 jobs), retries (10,000 jobs, 10% failing attempts, backoffLimit 3), create (accept latency), http (HTTP cost against raw node:http and bare Express), all (these four), soak (clients against serve on the simulator) or soak-kube (against serve --backend kubernetes on the local control plane)',
    )
      .choices(['fanout', 'retries', 'create', 'http', 'all', 'soak', 'soak-kube'])
      .default('all'),
  )
  .option('--jobs <n>', 'jobs in the batch (default per scenario)', integer(1, 10_000_000))
  .option('--seconds <n>', 'http: length of each load run', integer(1, 86_400))
  .option('--seed <n>', 'seed of the simulator and of the soak clients', integer(0, Number.MAX_SAFE_INTEGER), 1)
  .option('--latency <model>', 'fanout and retries: latency model of the simulated cluster: off (default: the recorded figures were taken so), cluster or a file')
  .option('--minutes <n>', 'soak: how long the clients run (default 10; soak-kube 2)', decimal(0, 10_080, { exclusiveMin: true, unit: 'minutes' }))
  .option('--clients <n>', 'soak: concurrent clients (default 50; soak-kube 10)', integer(1, 10_000))
  .option('--clock <mode>', "soak: the simulator's clock (default scaled:60)", clockMode)
  .option('--history-limit <n>', "soak: the server's --history-limit (default 10)", integer(0, 1_000_000))
  .option('--max-batch <n>', 'soak: largest batch a client creates (default 1000; soak-kube 50)', integer(1, 10_000))
  .option('--think-ms <n>', "soak: a client's mean pause between requests (default 200; soak-kube 500)", integer(0, 3_600_000))
  .option('--kube-qps <n>', "soak-kube: the server's --kube-qps (default 50)", decimal(0, 1_000_000, { exclusiveMin: true }))
  .option('--kube-burst <n>', "soak-kube: the server's --kube-burst (default 100)", integer(1, 1_000_000))
  .action(async (opts) => {
    const { bench } = await import('./bench.js');
    let latency;
    try {
      latency = await latencyOption(opts.latency);
    } catch (err) {
      process.stderr.write(`jobsim bench: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(err instanceof UsageError ? 2 : 1);
    }
    await bench(opts.scenario, { ...opts, ...(latency ? { latency } : { latency: undefined }) }, (line) => process.stdout.write(line + '\n'));
  });

// Each command's usage errors start with its name, as its other errors do ("jobsim serve: ..."), and
// exit 2, not commander's 1: 1 means the command itself failed (a check, a run, a port taken).
for (const command of program.commands) {
  command.configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, `jobsim ${command.name()}: `)) });
  command.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
}

await program.parseAsync(process.argv);
