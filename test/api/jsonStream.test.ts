// Large answers are streamed in pieces with the same bytes res.json sends.
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ListedAnswer, sendJson } from '../../src/api/jsonStream.js';

function app(value: unknown, stream: boolean) {
  const a = express();
  a.set('json escape', true);
  a.get('/', async (_req, res) => (stream ? sendJson(res, 200, value) : void res.json(value)));
  return a;
}

const job = (i: number) => ({ name: `b-${i}`, created: null, status: 'Waiting', message: i % 7 ? undefined : '<&>' });

describe('sendJson', () => {
  for (const [what, value] of [
    ['a batch with many jobs', { name: 'b', jobStatuses: Array.from({ length: 5_003 }, (_, i) => job(i)), batchType: 'batch', status: 'Running' }],
    ['a long list', Array.from({ length: 4_321 }, (_, i) => job(i))],
    ['a small answer', { name: 'b', jobStatuses: [job(0)] }],
  ] as const) {
    it(`sends ${what} as res.json does, byte for byte`, async () => {
      const streamed = await request(app(value, true)).get('/');
      const whole = await request(app(value, false)).get('/');
      expect(streamed.status).toBe(200);
      expect(streamed.headers['content-type']).toBe(whole.headers['content-type']);
      expect(streamed.text).toBe(whole.text);
      expect(streamed.text).toContain('\\u003c\\u0026\\u003e');
    });
  }

  for (const n of [5_003, 3]) {
    it(`sends a listed answer of ${n} items built on demand as res.json sends the whole, building each item once`, async () => {
      let built = 0;
      const items = { length: n, at: (i: number) => (built++, job(i)) };
      const listed = new ListedAnswer({ name: 'b', jobStatuses: [], batchType: 'batch' }, 'jobStatuses', items);
      const whole = { name: 'b', jobStatuses: Array.from({ length: n }, (_, i) => job(i)), batchType: 'batch' };
      const streamed = await request(app(listed, true)).get('/');
      const expected = await request(app(whole, false)).get('/');
      expect(streamed.text).toBe(expected.text);
      expect(built).toBe(n);
    });
  }
});
