// Profiles are data: every difference between `documented` and `radix` is a field of the profile
// (src/engine/profile.ts) or a strategy object it holds. This test fails when code outside
// profile.ts branches on a profile's name (reading `profile.name` for anything but logs and
// reports, or comparing anything with the names).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/engine/profile.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** Reads of a profile's name that only report it (logs, the conformance run's banner, the dashboard's data). */
const REPORTING = [/log\.\w+\(\{[^}]*profile: profile\.name/, /con\.start\(info, baseUrl, profile\.name/, /^\s*profile: \w+\.profile\.name,\s*$/];

/** The lines of `text` (file `rel`) that branch on a profile's name, as "rel:line: text". */
export function nameBranches(rel: string, text: string): string[] {
  if (rel === join('src', 'engine', 'profile.ts')) return [];
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    const readsName = /\bprofile\s*\??\.\s*name\b|\bprofile\[['"]name['"]\]/.test(code) && !REPORTING.some((r) => r.test(code));
    const comparesName = /[!=]==?\s*['"](documented|radix)['"]|['"](documented|radix)['"]\s*[!=]==?|case\s+['"](documented|radix)['"]/.test(code);
    if (readsName || comparesName) out.push(`${rel}:${i + 1}: ${line.trim()}`);
  });
  return out;
}

describe('profiles are data', () => {
  it('no code outside profile.ts branches on a profile name', () => {
    expect(sources(SRC).flatMap((file) => nameBranches(relative(ROOT, file), readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('the check catches branches on the name, and lets reports of it through', () => {
    const text = [
      "if (this.profile.name === 'radix') return;",
      "log.info({ component: component.name, url, profile: profile.name }, 'listening');",
      "const strict = mode === 'documented';",
      "switch (x) { case 'radix': break; }",
      "const zero = opts.profile?.name;",
    ].join('\n');
    expect(nameBranches('src/engine/x.ts', text).map((l) => l.split(':')[1])).toEqual(['1', '3', '4', '5']);
    expect(nameBranches(join('src', 'engine', 'profile.ts'), text)).toEqual([]);
  });

  it('both profiles have the same fields, and differ in more than their names', () => {
    const { documented, radix } = PROFILES;
    expect(Object.keys(radix).sort()).toEqual(Object.keys(documented).sort());
    const differing = Object.keys(documented).filter((k) => k !== 'name' && documented[k as keyof typeof documented] !== radix[k as keyof typeof radix]);
    expect(differing.length).toBeGreaterThan(20);
  });
});
