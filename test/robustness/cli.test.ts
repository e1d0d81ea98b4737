// `jobsim serve` on the command line: a bad port is one clear usage line (exit 2), --port 0 says the
// port it got, Ctrl-C (SIGINT) stops it with one line and exit 0, and an application of cron-only
// components (no listener) stays up to tick.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function serve(args: string[]) {
  return jobsim(['serve', ...args]);
}

function jobsim(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exit, out: () => stdout, err: () => stderr };
}

describe('jobsim serve on the command line', () => {
  it('refuses an invalid port with one line naming the flag, exit 2, no Node internals', async () => {
    const runs = ['70000', '-1', 'abc', '1e3'].map((p) => ({ p, run: serve(['--port', p]) }));
    for (const { p, run } of runs) {
      expect(await run.exit, p).toBe(2);
      const lines = run.err().trimEnd().split('\n');
      expect(lines, p).toEqual([`jobsim serve: option '--port <port>' argument '${p}' is invalid. It must be an integer from 0 to 65535.`]);
      expect(run.out()).toBe('');
    }
  }, 120_000);

  it('--port 0 logs the port it was given; SIGINT prints one line and exits 0', async () => {
    const run = serve(['--port', '0', '--clock', 'manual']);
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not listening: ${run.err()}`)), 45_000);
      run.child.stdout.on('data', () => {
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)"/.exec(run.out());
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    expect(port).toBeGreaterThan(0);
    expect(run.out()).not.toContain('127.0.0.1:0');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(run.err()).toMatch(/^jobsim serve: stopped on SIGINT in \d+\.\d s: 1 requests answered \(0 while stopping\), 0 cut off; webhook events: 0 delivered while stopping, 0 undelivered\n$/);
  }, 120_000);

  it('refuses a --component radixconfig would not take, a bad --latency of any command, a simulator flag with the kubernetes backend, an empty --host and an output folder that cannot be made, with one line and exit 2', async () => {
    const runs = [
      { args: ['serve', '--component', 'a/b'], line: /^jobsim serve: option '--component <name>' argument 'a\/b' is invalid\. It must be a job component name as radixconfig takes one/ },
      { args: ['serve', '--component', 'x'.repeat(51)], line: /^jobsim serve: option '--component <name>' argument 'x{51}' is invalid/ },
      { args: ['bench', '--scenario', 'fanout', '--latency', 'bogus'], line: /^jobsim bench: --latency: not off, cluster or a readable file: bogus: no such file$/ },
      { args: ['bench', '--latency', '/dev/zero'], line: /^jobsim bench: --latency: not off, cluster or a readable file: \/dev\/zero: not a regular file$/ },
      { args: ['serve', '--latency', '/dev/zero'], line: /^jobsim serve: --latency: not off, cluster or a readable file: \/dev\/zero: not a regular file$/ },
      { args: ['bench', '--jobs', 'abc'], line: /^jobsim bench: option '--jobs <n>' argument 'abc' is invalid/ },
      { args: ['serve', '--backend', 'kubernetes', '--clock', 'manual'], line: /^jobsim serve: --clock applies to the simulator backend only, not to --backend kubernetes$/ },
      { args: ['serve', '--backend', 'kubernetes', '--scenario', 'x.yaml'], line: /^jobsim serve: --scenario applies to the simulator backend only/ },
      { args: ['serve', '--host', ''], line: /^jobsim serve: option '--host <host>' argument '' is invalid\. It must be an address such as 127\.0\.0\.1, ::1 or 0\.0\.0\.0, not empty\.$/ },
      // Node's recursive mkdir spins for ever on a path under /proc (makeFolder.ts).
      { args: ['simulate', 'examples/scenarios/nightly.yaml', '--out', '/proc/jobsim-nope'], line: /^jobsim simulate: --out \/proc\/jobsim-nope: cannot create the folder \(ENOENT: no such file or directory, mkdir '\/proc\/jobsim-nope'\)$/ },
      // Read before the run: a wrong path must not cost a simulated month first.
      { args: ['simulate', 'examples/scenarios/nightly.yaml', '--horizon', '1m', '--compare', '/nonexistent/report.json'], line: /^jobsim simulate: --compare \/nonexistent\/report\.json: no such file$/ },
      { args: ['simulate', 'examples/scenarios/nightly.yaml', '--horizon', '1m', '--compare', '/dev/zero'], line: /^jobsim simulate: --compare \/dev\/zero: not a regular file$/ },
      { args: ['conformance', '--poll-rate', 'abc'], line: /^jobsim conformance: option '--poll-rate <n>' argument 'abc' is invalid\. It must be a number above 0 and at most 1000 reads per second\.$/ },
    ].map((r) => ({ ...r, run: jobsim(r.args) }));
    for (const { args, line, run } of runs) {
      expect(await run.exit, args.join(' ')).toBe(2);
      const lines = run.err().trimEnd().split('\n');
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0], args.join(' ')).toMatch(line);
    }
    // The kit writes its usage errors where it writes its results (standard output).
    const report = jobsim(['conformance', '--base-url', 'http://127.0.0.1:1', '--reporter', 'json:/proc/jobsim-nope/r.json']);
    expect(await report.exit).toBe(2);
    expect(report.out()).toBe("jobsim conformance: --reporter json:/proc/jobsim-nope/r.json: cannot write a report there (ENOENT: no such file or directory, mkdir '/proc/jobsim-nope')\n");
  }, 120_000);

  it('refuses a file argument that is no regular file (/dev/zero was read until memory ran out), and a --horizon the scenario cannot run, with one line naming it and exit 1', async () => {
    const runs = [
      { args: ['simulate', '/dev/zero'], line: 'jobsim simulate: /dev/zero: not a regular file' },
      { args: ['simulate', tmpdir()], line: `jobsim simulate: ${tmpdir()}: is a directory, not a file` },
      { args: ['serve', '--config', '/dev/zero'], line: 'jobsim serve: /dev/zero: (file): cannot read the file: not a regular file' },
      { args: ['serve', '--scenario', '/dev/zero'], line: 'jobsim serve: /dev/zero: not a regular file' },
      { args: ['serve', '--backend', 'kubernetes', '--kubeconfig', '/dev/zero'], line: 'jobsim serve: --kubeconfig /dev/zero: not a regular file' },
      // A horizon the scenario cannot run: said alone, not after warnings of what falls past it.
      { args: ['simulate', 'examples/scenarios/nightly.yaml', '--horizon', '0'], line: 'jobsim simulate: examples/scenarios/nightly.yaml: --horizon: must be more than 0 and at most 366 days' },
    ].map((r) => ({ ...r, run: jobsim(r.args) }));
    for (const { args, line, run } of runs) {
      expect(await run.exit, args.join(' ')).toBe(1);
      expect(run.err(), args.join(' ')).toBe(`${line}\n`);
    }
  }, 120_000);

  it('a radixconfig of cron-only components keeps running and logs each tick (it once exited at once); a manual clock is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobsim-cron-only-'));
    const config = join(dir, 'radixconfig.yaml');
    writeFileSync(
      config,
      'apiVersion: radix.equinor.com/v1\nkind: RadixApplication\nmetadata: {name: myapp}\nspec:\n  environments: [{name: dev}]\n  jobs:\n    - name: c\n      cron: {schedules: ["* * * * *"], concurrency: Allow}\n',
    );
    const manual = serve(['--config', config, '--clock', 'manual']);
    expect(await manual.exit).toBe(2);
    expect(manual.err()).toContain(`jobsim serve: --clock manual: every job component of ${config} runs its cron schedules only (no schedulerPort), so nothing could move the clock`);

    // An hour a second: two ticks come within a few seconds of start-up.
    const run = serve(['--config', config, '--clock', 'scaled:3600']);
    const exited = run.exit.then((code) => ({ code }));
    const ticked = new Promise<'ticked'>((resolve) => run.child.stdout.on('data', () => (run.out().match(/cron tick of c \(\* \* \* \* \*\): created batch-c-/g)?.length ?? 0) >= 2 && resolve('ticked')));
    expect(await Promise.race([ticked, exited])).toBe('ticked');
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(run.err()).toMatch(/^jobsim serve: stopped on SIGINT/);
  }, 120_000);
});
