// POST /sim/v1/clock/pause and /resume: a clock that follows the wall clock stops (and reads
// manual) until resumed; advancing still works while paused; on a manual clock both do nothing.
import { describe, expect, it } from 'vitest';
import { expectContract, startHarness } from '../support/harness.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pausing the virtual clock', () => {
  it('stops a scaled clock until resumed, and advancing still works meanwhile', async () => {
    const h = await startHarness({ clock: 'scaled:1000' });
    try {
      const paused = await h.http.post('/sim/v1/clock/pause');
      expectContract('post', '/sim/v1/clock/pause', paused);
      expect(paused.body).toMatchObject({ mode: 'manual', scale: 0 });
      await wait(50); // 50 virtual seconds if it still ran
      const still = await h.http.get('/sim/v1/clock');
      expect(still.body.now).toBe(paused.body.now);
      const advanced = await h.http.post('/sim/v1/clock/advance').send({ seconds: 30 });
      expect(Date.parse(advanced.body.now) - Date.parse(paused.body.now)).toBe(30_000);

      const resumed = await h.http.post('/sim/v1/clock/resume');
      expectContract('post', '/sim/v1/clock/resume', resumed);
      expect(resumed.body).toMatchObject({ mode: 'scaled', scale: 1000 });
      await wait(50);
      const moving = await h.http.get('/sim/v1/clock');
      expect(Date.parse(moving.body.now)).toBeGreaterThan(Date.parse(advanced.body.now));
    } finally {
      h.stop();
    }
  });

  it('does nothing on a manual clock', async () => {
    const h = await startHarness({ clock: 'manual' });
    try {
      const before = await h.http.get('/sim/v1/clock');
      expect((await h.http.post('/sim/v1/clock/pause')).body).toEqual(before.body);
      expect((await h.http.post('/sim/v1/clock/resume')).body).toEqual(before.body);
    } finally {
      h.stop();
    }
  });
});
