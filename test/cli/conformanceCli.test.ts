// `jobsim conformance` options checked before a run: a selector that matches no check (a typo once
// ran "0 checks" and exited 0, green in CI), --list filtered by --only/--skip, and a report path that
// cannot be written (a folder once crashed with a stack trace after the whole run).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformance, type ConformanceOptions } from '../../src/cli/conformance.js';

const BASE: ConformanceOptions = { baseUrl: 'http://127.0.0.1:1', profile: 'documented', only: [], skip: [], timeout: 1000, concurrency: 1, header: [], reporter: [], sim: true };

async function run(o: Partial<ConformanceOptions>): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await conformance({ ...BASE, ...o }, (s) => (out += s));
  return { code, out };
}

describe('jobsim conformance options', () => {
  it('refuses a --only or --skip selector that matches no check id, prefix or tag', async () => {
    expect(await run({ only: ['lifecycle', 'nosuchcheck'] })).toEqual({ code: 2, out: 'jobsim conformance: --only nosuchcheck: matches no check id, id prefix or tag (see --list)\n' });
    expect(await run({ skip: ['schemaa'] })).toEqual({ code: 2, out: 'jobsim conformance: --skip schemaa: matches no check id, id prefix or tag (see --list)\n' });
  });

  it('refuses a --base-url that is not a URL, or has a query or fragment (paths are appended to it)', async () => {
    expect(await run({ baseUrl: 'not a url' })).toEqual({ code: 2, out: 'jobsim conformance: --base-url not a url is not a URL (e.g. http://127.0.0.1:8000)\n' });
    expect(await run({ baseUrl: 'http://127.0.0.1:8000/?x=1#f' })).toEqual({ code: 2, out: "jobsim conformance: --base-url http://127.0.0.1:8000/?x=1#f has a query or fragment; give the server's base path only\n" });
  });

  it('--list lists what --only and --skip select, the schema check over every response included', async () => {
    const all = await run({ list: true });
    const ids = (text: string) => text.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.split(' ')[0]);
    expect(ids(all.out)).toContain('schema.every-response');
    const lifecycle = ids((await run({ list: true, only: ['lifecycle'], skip: ['profile'] })).out);
    expect(lifecycle.length).toBeGreaterThan(0);
    expect(lifecycle.length).toBeLessThan(ids(all.out).length);
    expect(lifecycle.every((id) => !id!.startsWith('profile.'))).toBe(true);
    expect(ids((await run({ list: true, only: ['schema'] })).out)).toContain('schema.every-response');
  });

  it('refuses a report path it cannot write before running; makes a missing folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobsim-kit-'));
    expect(await run({ reporter: [`json:${dir}`] })).toEqual({ code: 2, out: `jobsim conformance: --reporter json:${dir}: cannot write a report there (it is a folder)\n` });
    // Nothing is reachable at port 1: the run stops after the check of the path, with the folder made.
    const file = join(dir, 'deeper', 'report.xml');
    const r = await run({ reporter: [`junit:${file}`] });
    expect(r.out).toMatch(/could not run/);
    expect(() => readFileSync(join(dir, 'deeper'))).toThrow(/EISDIR/);
  });
});
