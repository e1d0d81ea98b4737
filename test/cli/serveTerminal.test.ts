// `jobsim serve` as a user meets it: the start-up banner with the bound port (also for --port 0)
// and the dashboard, Swagger UI and metrics URLs; JSON or human-readable logs; --no-ui; usage errors
// that start with the command's name and show no Node internals.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { bannerLines } from '../../src/cli/banner.js';

const root = new URL('../../', import.meta.url).pathname;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/**
 * Runs `jobsim ARGS` as users do, from the compiled CLI (bin/jobsim.js runs dist/, which npm test
 * builds first and test/build checks is current); resolves with its output once `until` matches it
 * (or it exits).
 */
function run(args: string[], until: RegExp, timeoutMs = 60_000): Promise<{ out: string; err: string; code: number | null }> {
  const child = spawn(process.execPath, ['bin/jobsim.js', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${until} within ${timeoutMs} ms:\n${out}\n${err}`)), timeoutMs);
    const check = () => {
      if (until.test(out) || until.test(err)) {
        clearTimeout(timer);
        resolve({ out, err, code: null });
      }
    };
    child.stdout!.on('data', (d) => ((out += d), check()));
    child.stderr!.on('data', (d) => ((err += d), check()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ out, err, code });
    });
  });
}

describe('jobsim serve on a terminal and off it', { timeout: 120_000 }, () => {
  it('prints the banner with the port it bound for --port 0, as JSON off a terminal', async () => {
    const { out } = await run(['serve', '--port', '0', '--clock', 'manual'], /is ready/);
    const line = out.split('\n').find((l) => l.includes('is ready'))!;
    const entry = JSON.parse(line) as { msg: string; urls: { port: number; api: string; dashboard: string; swaggerUi: string; metrics: string }[] };
    const { port } = entry.urls[0]!;
    expect(port).toBeGreaterThan(0);
    expect(entry.urls[0]).toEqual({
      component: 'compute',
      port,
      api: `http://127.0.0.1:${port}/api/v1`,
      dashboard: `http://127.0.0.1:${port}/ui/`,
      swaggerUi: `http://127.0.0.1:${port}/swaggerui/`,
      metrics: `http://127.0.0.1:${port}/metrics`,
    });
    expect(entry.msg).toContain(`port ${port}`);
    for (const path of ['/metrics', '/swaggerui/', '/jobsim/v1/info']) expect((await fetch(`http://127.0.0.1:${port}${path}`)).status, path).toBe(200);
  });

  it('writes human-readable lines with --log-format pretty, and --no-ui leaves the page out', async () => {
    const { out } = await run(['serve', '--port', '0', '--clock', 'manual', '--no-ui', '--log-format', 'pretty'], /Metrics +http/);
    expect(out).toMatch(/INFO.*jobsim serve \(simulator backend\) is ready/);
    expect(out).not.toMatch(/^\{"level"/m);
    expect(out).not.toContain('Dashboard');
    const port = Number(/port (\d+)/.exec(out)![1]);
    expect((await fetch(`http://127.0.0.1:${port}/ui/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/jobsim/v1/info`)).status).toBe(200); // the data and watch stream stay
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
  });

  it.each([
    [['serve', '--log-format', 'xml'], /^jobsim serve: option '--log-format <format>' argument 'xml' is invalid\. Allowed choices are auto, pretty, json\./],
    [['serve', '--workload-seconds', 'soon'], /^jobsim serve: option '--workload-seconds <seconds>' argument 'soon' is invalid\. It must be a number from 0 to /],
    [['serve', '--log-level', 'loud'], /^jobsim serve: option '--log-level <level>' argument 'loud' is invalid\./],
    [['bench', '--scenario', 'huge'], /^jobsim bench: option '--scenario <name>' argument 'huge' is invalid\./],
  ])('rejects %j with a message that starts with the command', async (args, message) => {
    const { err, code } = await run(args, /(?!)/);
    // A usage error exits 2 (docs/serve.md), bench's as serve's, conformance's and simulate's.
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe('the banner', () => {
  it('writes one block per job component with IPv6 and wildcard hosts made into URLs', () => {
    const lines = bannerLines({
      backend: 'kubernetes',
      ui: false,
      listeners: [
        { component: 'compute', host: '::1', port: 8000 },
        { component: 'etl', host: '0.0.0.0', port: 9000 },
      ],
    });
    expect(lines).toEqual([
      'jobsim serve (kubernetes backend) is ready',
      '  job component compute on ::1 port 8000',
      '    API          http://[::1]:8000/api/v1',
      '    Swagger UI   http://[::1]:8000/swaggerui/',
      '    Metrics      http://[::1]:8000/metrics',
      '  job component etl on 0.0.0.0 port 9000',
      '    API          http://localhost:9000/api/v1',
      '    Swagger UI   http://localhost:9000/swaggerui/',
      '    Metrics      http://localhost:9000/metrics',
    ]);
  });
});
