// The simulator's clock: where it stands, and moving it (pause, advance, next event, until idle).
import { useState } from 'preact/hooks';
import { api, type ClockEvent } from './api.ts';
import { clockTime } from './format.ts';

export function SimControls({ clock }: { clock: ClockEvent | undefined }) {
  const [seconds, setSeconds] = useState('10');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = (fn: () => Promise<unknown>) => async () => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const manual = clock?.mode === 'manual';
  return (
    <div class="simctl" data-testid="sim-controls">
      <span class="clock" title={clock?.now}>
        <b data-testid="clock-now">{clock ? clockTime(clock.now) : '…'}</b> <span class="muted">{clock?.mode}</span>{' '}
        <span class="muted">{clock ? `${clock.pendingEvents} pending` : ''}</span>
      </span>
      {manual ? (
        <button disabled={busy} onClick={run(api.sim.resume)} title="follow the wall clock again (real and scaled clocks)">
          Resume
        </button>
      ) : (
        <button disabled={busy} onClick={run(api.sim.pause)} data-testid="clock-pause">
          Pause
        </button>
      )}
      <input size={4} value={seconds} onInput={(e) => setSeconds((e.target as HTMLInputElement).value)} aria-label="seconds to advance" data-testid="advance-seconds" />
      <button disabled={busy} onClick={run(() => api.sim.advance(Number(seconds)))} data-testid="clock-advance">
        +{seconds || 0} s
      </button>
      <button disabled={busy || !clock?.nextEventAt} onClick={run(api.sim.nextEvent)} title={clock?.nextEventAt ? `next event at ${clockTime(clock.nextEventAt)}` : 'nothing scheduled'}>
        Next event
      </button>
      <button disabled={busy} onClick={run(api.sim.untilIdle)} data-testid="clock-idle">
        Run until idle
      </button>
      {error && <span class="error">{error}</span>}
    </div>
  );
}
