// The event log: the simulator's (every scheduling, container and fault event) or, on a real
// cluster, the namespace's Kubernetes Events. New simulator lines arrive on the watch stream.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, type EventRow } from './api.ts';
import { clockTime } from './format.ts';

const KEEP = 2000;

export function EventsView({ live, tick }: { live: EventRow[]; tick: number }) {
  const [loaded, setLoaded] = useState<EventRow[]>([]);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string>();
  useEffect(() => {
    api
      .events(500)
      .then((r) => (setLoaded(r.events), setError(undefined)))
      .catch((err: Error) => setError(err.message));
  }, [tick]);
  const rows = useMemo(() => {
    const last = loaded[loaded.length - 1]?.seq ?? 0;
    const all = [...loaded, ...live.filter((e) => (e.seq ?? 0) > last)].slice(-KEEP);
    const f = filter.toLowerCase();
    return (f ? all.filter((e) => JSON.stringify(e).toLowerCase().includes(f)) : all).reverse();
  }, [loaded, live, filter]);
  return (
    <div class="events">
      <div class="toolbar">
        <input placeholder="filter (type, name, message…)" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
        <span class="muted">newest first, last {KEEP}</span>
      </div>
      {error && <div class="error">{error}</div>}
      <table class="eventlog" data-testid="event-log">
        <thead>
          <tr>
            <th>#</th>
            <th>time</th>
            <th>event</th>
            <th>object</th>
            <th>details</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 500).map((e, i) => (
            <tr key={e.seq ?? i}>
              <td class="muted">{e.seq ?? ''}</td>
              <td>{clockTime(e.at)}</td>
              <td>{e.type}</td>
              <td class="mono" title={e.name}>
                {e.kind ? `${e.kind} ` : ''}
                {e.name ?? ''}
              </td>
              <td class="mono details" title={e.message}>
                {e.message ?? ''}
                {e.data ? ` ${JSON.stringify(e.data)}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
