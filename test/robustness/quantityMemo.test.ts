// Parsed quantities are remembered by text (a simulation reads the same few on every pod): the
// answer for a text is the same read after read, malformed ones included, past the table's bound.
import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../src/cluster/quantity.js';

describe('parseQuantity, remembered', () => {
  it('answers the same for a text read again, before and after 1,024 other texts filled the table', () => {
    const texts = ['500m', '1', '64Gi', '1e3', ' 1', 'lots', '-2'];
    const first = texts.map(parseQuantity);
    expect(first).toEqual([0.5, 1, 64 * 2 ** 30, 1000, undefined, undefined, -2]);
    expect(texts.map(parseQuantity)).toEqual(first);
    for (let i = 0; i < 3000; i++) expect(parseQuantity(`${i}m`)).toBeCloseTo(i / 1000, 9);
    expect(texts.map(parseQuantity)).toEqual(first);
  });
});
