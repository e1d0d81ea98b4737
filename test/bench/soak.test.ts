// A 5-second smoke run of the soak scenario (bench/soak.ts): `jobsim serve` on the simulator as a
// child process and a few clients over loopback. The 10-minute run is not part of the tests; this
// checks that the scenario drives the server through its routes without a server error, and that
// it samples the server's memory. No speed is asserted here.
import { describe, expect, it } from 'vitest';
import { soak, SOAK_DEFAULTS } from '../../bench/soak.js';

describe('soak scenario (smoke)', () => {
  it('runs clients against serve for 5 s: every request answered, no 5xx, RSS sampled', async () => {
    const r = (await soak({ ...SOAK_DEFAULTS.simulator, backend: 'simulator', minutes: 5 / 60, clients: 5, thinkMs: 50, maxBatch: 50, sampleSeconds: 2 })) as {
      requests: number;
      serverErrors: number;
      networkErrors: number;
      routes: Record<string, { n: number; status: Record<string, number> }>;
      samples: { rssMiB: number }[];
    };
    expect(r.requests).toBeGreaterThan(20);
    expect(r.serverErrors).toBe(0);
    expect(r.networkErrors).toBe(0);
    expect(r.routes['POST /api/v1/jobs']?.status['200']).toBeGreaterThan(0);
    expect(r.routes['GET /api/v1/jobs/{job}']?.status['200']).toBeGreaterThan(0);
    expect(r.samples.length).toBeGreaterThanOrEqual(2);
    for (const s of r.samples) expect(s.rssMiB).toBeGreaterThan(10);
  }, 60_000);
});
