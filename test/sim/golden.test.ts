// Golden scenarios: each scenario's event log must match its recorded fixture byte for byte.
// After an intended change, regenerate with `npm run golden:update` and review the diff.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenNames, outputPath, runGolden } from './golden/golden.js';

describe('golden scenarios', () => {
  const names = goldenNames();
  it('has fixtures', () => {
    expect(names.length).toBeGreaterThanOrEqual(4);
  });
  for (const name of names) {
    it(`${name}: the event log matches ${name}.events.jsonl`, async () => {
      const expected = readFileSync(outputPath(name), 'utf8');
      const actual = await runGolden(name);
      // Compare line by line first for a readable diff, then the bytes.
      expect(actual.split('\n')).toEqual(expected.split('\n'));
      expect(actual).toBe(expected);
    });
  }
});
