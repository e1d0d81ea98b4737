// The repository explains itself: no file points at documents outside it (design notes, notes on
// the reference and their section numbers, a sibling checkout), and every relative link of every
// Markdown file leads to a file that exists, and to a heading that exists.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, repoFiles } from './repoFiles.js';

// Built from pieces so that this file does not match itself.
const OUTSIDE = [
  new RegExp('DESIGN' + '\\.md'),
  new RegExp('\u00a7'), // the section sign: a section number of notes that are not in the repository
  new RegExp('shared' + '/reference'),
  new RegExp('behaviour (notes|doc)\\b', 'i'),
  new RegExp('/work' + '/'),
];
const TEXT = /\.(md|ts|mjs|js|json|yaml|yml|sh|go)$|(^|\/)(Dockerfile|run)$/;

function isInside(path: string): boolean {
  const rel = relative(ROOT, path);
  return !rel.startsWith('..') && !rel.startsWith('/');
}

/** Problems of one text file: outside references, and `../shared` paths that leave the repository. */
function outsideReferences(path: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const pattern of OUTSIDE) if (pattern.test(line)) found.push(`${path}:${i + 1}: ${line.trim()}`);
    for (const m of line.matchAll(/(?:\.\.\/)+shared\b/g)) {
      if (!isInside(resolve(ROOT, dirname(path), m[0]))) found.push(`${path}:${i + 1}: ${m[0]} leaves the repository`);
    }
  });
  return found;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of withoutCode(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1\s*$/gm, '');
}

/** Relative links of a Markdown file that lead nowhere. */
function brokenLinks(path: string, markdown: string): string[] {
  const broken: string[] = [];
  for (const m of withoutCode(markdown).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    const [file, anchor] = target.split('#', 2) as [string, string | undefined];
    const full = file === '' ? join(ROOT, path) : resolve(ROOT, dirname(path), decodeURI(file));
    if (!isInside(full)) broken.push(`${path}: ${target} leaves the repository`);
    else if (!existsSync(full)) broken.push(`${path}: ${target} does not exist`);
    else if (anchor !== undefined && full.endsWith('.md') && statSync(full).isFile() && !anchors(readFileSync(full, 'utf8')).has(anchor)) {
      broken.push(`${path}: ${target} names no heading of ${relative(ROOT, full)}`);
    }
  }
  return broken;
}

describe('the repository explains itself', () => {
  const files = repoFiles().filter((p) => TEXT.test(p) && p !== 'package-lock.json');

  it('no file points at documents outside the repository', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((p) => outsideReferences(p, readFileSync(join(ROOT, p), 'utf8')))).toEqual([]);
  });

  it('every relative link in a Markdown file leads to a file and heading that exist', () => {
    const markdown = files.filter((p) => p.endsWith('.md'));
    expect(markdown).toContain('README.md');
    expect(markdown).toContain('ARCHITECTURE.md');
    expect(markdown.flatMap((p) => brokenLinks(p, readFileSync(join(ROOT, p), 'utf8')))).toEqual([]);
  });

  it('the checks fail on what they look for', () => {
    expect(outsideReferences('src/x.ts', `// see ${'DESIGN'}.md`)).toHaveLength(1);
    expect(outsideReferences('src/x.ts', '// reference \u00a74.5')).toHaveLength(1);
    expect(outsideReferences('src/x.ts', `// ../../${'shared'}/reference/notes.md`)).toHaveLength(2);
    expect(outsideReferences('test/cluster/x.ts', "import { a } from '../shared/backend.js';")).toEqual([]);
    expect(brokenLinks('README.md', '[a](docs/no-such-page.md)')).toHaveLength(1);
    expect(brokenLinks('README.md', '[a](ARCHITECTURE.md#no-such-heading)')).toHaveLength(1);
    expect(brokenLinks('README.md', '[a](ARCHITECTURE.md#code-map) [b](https://example.com/x.md)')).toEqual([]);
    expect(brokenLinks('docs/x.md', '[a](../../outside.md)')).toHaveLength(1);
  });

  it('README.md is a front door: short, with the quick start as it is', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
    expect(readme).toContain('```sh\nnpm ci && npm start\nnpm test\n```');
  });
});
