// ARCHITECTURE.md is checked, not just read: its dependency table is the rule every import must
// follow, and its code map must name every folder of the repository.
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, repoFiles, repoFolders } from './repoFiles.js';

const doc = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');

/** The rows of the first table after a heading: its cells, without the header and separator rows. */
function tableAfter(heading: string): string[][] {
  const lines = doc.slice(doc.indexOf(`\n${heading}\n`)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(lines[i]!.split('|').slice(1, -1).map((c) => c.trim()));
  return rows;
}

const codePaths = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** folder -> what it may import (folders end with '/'), from the "Dependency rules" table. */
const rules = new Map(tableAfter('## Dependency rules').map((row) => [codePaths(row[0]!)[0]!, codePaths(row[2]!)]));

const isTest = (path: string) => path.endsWith('.test.ts') || path.startsWith('test/') || path.startsWith('conformance/test/');
const layerOf = (path: string) => [...rules.keys()].filter((folder) => path.startsWith(folder)).sort((a, b) => b.length - a.length)[0];

/** Relative import specifiers of a module (static, dynamic, re-exports), as repository paths. */
function importsOf(path: string): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const specs = [...text.matchAll(/\bfrom\s+['"](\.[^'"]*)['"]|\bimport\s*\(\s*['"](\.[^'"]*)['"]\s*\)|\bimport\s+['"](\.[^'"]*)['"]/g)].map((m) => (m[1] ?? m[2] ?? m[3])!);
  return specs.map((s) => normalize(join(dirname(path), s)).replace(/\.js$/, '.ts'));
}

/** The imports of a module (by path) that its folder's row does not allow. */
function violations(path: string, targets: string[]): string[] {
  const layer = layerOf(path);
  if (!layer) return [`${path}: its folder is not in the table`];
  return targets
    .filter((t) => !t.startsWith(layer) && !rules.get(layer)!.some((a) => (a.endsWith('/') ? t.startsWith(a) : t === a)))
    .map((t) => `${path} imports ${t}`);
}

describe('ARCHITECTURE.md', () => {
  it('has a dependency table covering src/, conformance/, bench/ and scripts/', () => {
    for (const folder of ['src/engine/', 'src/sim/', 'src/api/', 'src/cli/', 'conformance/kit/', 'bench/']) expect(rules.has(folder), folder).toBe(true);
  });

  it('every import follows the dependency table', () => {
    const modules = repoFiles().filter((p) => /\.(ts|mjs)$/.test(p) && /^(src|conformance|bench|scripts)\//.test(p) && !isTest(p));
    expect(modules.length).toBeGreaterThan(100);
    expect(modules.flatMap((path) => violations(path, importsOf(path)))).toEqual([]);
  });

  it('the check refuses what the table does not allow', () => {
    expect(violations('src/engine/jobManager.ts', ['src/engine/views.ts', 'src/cluster/types.ts'])).toEqual([]);
    expect(violations('src/engine/jobManager.ts', ['src/sim/simulator.ts'])).toHaveLength(1);
    expect(violations('src/sim/store.ts', ['src/cluster/port.ts'])).toEqual([]);
    expect(violations('src/sim/store.ts', ['src/engine/jobManager.ts'])).toHaveLength(1);
    expect(violations('src/kubernetes/kubePort.ts', ['src/engine/types.ts'])).toHaveLength(1);
    expect(violations('conformance/kit/http.ts', ['src/api/app.ts'])).toHaveLength(1);
  });

  it('the simulator and the kubernetes adapter import nothing from the engine (the port lives in src/cluster/)', () => {
    for (const adapter of ['src/sim/', 'src/kubernetes/', 'src/cluster/']) {
      const allowed = rules.get(adapter);
      expect(allowed, adapter).toBeDefined();
      expect(allowed!.filter((a) => a.startsWith('src/engine/')), adapter).toEqual([]);
    }
  });

  it("the kit's self-tests reach jobsim over HTTP only: they import nothing from src/ (a helper in test/support/ starts the server)", () => {
    const selfTests = repoFiles().filter((p) => p.startsWith('conformance/test/') && p.endsWith('.ts'));
    expect(selfTests.length).toBeGreaterThan(3);
    expect(selfTests.flatMap((path) => importsOf(path).filter((t) => t.startsWith('src/')).map((t) => `${path} imports ${t}`))).toEqual([]);
  });

  it("no code branches on a profile's name: every difference is a field of the profile", () => {
    const byName = /\bname\s*[!=]==?\s*['"](radix|documented)['"]|['"](radix|documented)['"]\s*[!=]==?\s*[\w.]*name\b/;
    const sources = repoFiles().filter((p) => p.startsWith('src/') && p.endsWith('.ts') && !isTest(p));
    expect(sources.filter((path) => byName.test(readFileSync(join(ROOT, path), 'utf8')))).toEqual([]);
    expect(byName.test("if (this.profile.name === 'radix') x();")).toBe(true);
  });

  it('the code map names every folder', () => {
    const map = new Set(tableAfter('## Code map').flatMap((row) => codePaths(row[0]!)));
    expect(repoFolders().filter((f) => !map.has(f))).toEqual([]);
  });
});
