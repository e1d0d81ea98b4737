// The compiled CLI (dist/, built by scripts/build.mjs; npm test builds it first) is what `npx jobsim`,
// `npm start` and the container run: it must be current, must run, and must find the files it
// reads beside its modules (openapi.yaml) from dist/ as the sources find them from the repository.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'dist');
const BIN = join(ROOT, 'bin/jobsim.js');
const run = promisify(execFile);

function builtFrom(): Record<string, string> {
  const info = join(DIST, 'build-info.json');
  if (!existsSync(info)) throw new Error('dist/ is not built: run `npm run build`');
  return (JSON.parse(readFileSync(info, 'utf8')) as { sources: Record<string, string> }).sources;
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(dir, f));
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function getJson(port: number, path: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false, timeout: 2000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', reject);
  });
}

describe('the compiled CLI in dist/', () => {
  it('was built from the sources as they are now', () => {
    const sources = builtFrom();
    expect(Object.keys(sources)).toContain('src/cli/main.ts');
    const stale = Object.entries(sources)
      .filter(([path, hash]) => !existsSync(join(ROOT, path)) || createHash('sha256').update(readFileSync(join(ROOT, path))).digest('hex') !== hash)
      .map(([path]) => path);
    expect(stale, 'dist/ is stale: run `npm run build`').toEqual([]);
  });

  it('answers --help through bin/jobsim.js', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help'], { timeout: 30_000 });
    expect(stdout).toMatch(/^Usage: jobsim /);
    for (const command of ['serve', 'conformance', 'bench']) expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('is what `npx jobsim` runs, through the bin workspace npm links into node_modules/.bin', async () => {
    // A bin declared by the root package would send npx through npm's self-install of the project
    // (its whole tree loaded on every call, ~0.2 s); the bin/ workspace's link is run directly.
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin?: unknown; workspaces?: string[] };
    expect(root.bin).toBeUndefined();
    expect(root.workspaces).toContain('bin');
    expect(realpathSync(join(ROOT, 'node_modules/.bin/jobsim'))).toBe(realpathSync(BIN));
    const { stdout } = await run('npx', ['jobsim', '--help'], { cwd: ROOT, timeout: 60_000 });
    expect(stdout).toMatch(/^Usage: jobsim /);
  });

  it('finds every file it names relative to a module', () => {
    const named = jsFiles(DIST).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g)].map((m) => ({
        file,
        target: fileURLToPath(new URL(m[2]!, `file://${file}`)),
      })),
    );
    expect(named.map((n) => n.target)).toContain(join(DIST, 'openapi.yaml'));
    expect(named.filter((n) => !existsSync(n.target))).toEqual([]);
  });

  it('runs the modules the CLI starts as processes by path (the http benchmark\'s servers)', async () => {
    const child = spawn(process.execPath, [join(DIST, 'bench/httpTargets.js'), 'raw'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (c: Buffer) => resolve(c.toString().split('\n')[0]!));
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      expect(JSON.parse(line)).toEqual({ port: expect.any(Number) });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 30_000);

  it("runs `simulate --seeds` through bin/jobsim.js: each seed a run of dist/'s CLI", async () => {
    const out = join(tmpdir(), `jobsim-build-seeds-${process.pid}`);
    try {
      const { stdout } = await run(process.execPath, [BIN, 'simulate', join(ROOT, 'examples/scenarios/nightly.yaml'), '--horizon', '10m', '--seeds', '1-2', '--no-png', '--out', out], { timeout: 60_000 });
      expect(JSON.parse(stdout)).toMatchObject({ seeds: 2 });
      const summary = JSON.parse(readFileSync(join(out, 'seeds.json'), 'utf8')) as { seeds: string[]; reports: string[] };
      expect(summary.seeds).toEqual(['1', '2']);
      for (const dir of summary.reports) expect(JSON.parse(readFileSync(join(out, dir, 'report.json'), 'utf8')).scenario.seed).toBe(Number(dir.slice('seed-'.length)));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 90_000);

  it('serves the simulator: validated routes answer (openapi.yaml is read from dist/)', async () => {
    const port = await freePort();
    const server = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', String(port), '--clock', 'manual', '--log-level', 'warn'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    server.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise((r) => server.once('exit', r));
    try {
      let healthy = false;
      for (let i = 0; i < 300 && !healthy && server.exitCode === null; i++) {
        healthy = await getJson(port, '/healthz').then((r) => r.status === 200, () => false);
        if (!healthy) await new Promise((r) => setTimeout(r, 50));
      }
      expect(healthy, `no /healthz answer; stderr: ${stderr}`).toBe(true);
      // The request validator loads openapi.yaml on the first request it checks.
      expect(await getJson(port, '/api/v1/jobs')).toEqual({ status: 200, body: [] });
      expect((await getJson(port, '/api/v1/jobs/no-such-job')).status).toBe(404);
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
