// The dashboard: live state from the watch stream, views chosen by the URL's hash.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, type BatchSummary, type ClockEvent, type DashboardInfo, type EventRow } from './api.ts';
import { BatchList, BatchView } from './BatchPanel.tsx';
import { ChangeBus } from './bus.ts';
import { ClusterView } from './ClusterView.tsx';
import { CreateView } from './CreateView.tsx';
import { EventsView } from './EventsView.tsx';
import { JobView } from './JobView.tsx';
import { href, useRoute, type Route } from './route.ts';
import { SimControls } from './SimControls.tsx';
import { watch } from './watch.ts';

const LIVE_EVENTS = 2000;

function byNewest(a: BatchSummary, b: BatchSummary): number {
  const ca = a.created ?? '';
  const cb = b.created ?? '';
  return ca < cb ? 1 : ca > cb ? -1 : a.name < b.name ? 1 : -1;
}

export function App() {
  const route = useRoute();
  const bus = useMemo(() => new ChangeBus(), []);
  const [info, setInfo] = useState<DashboardInfo>();
  const [batches, setBatches] = useState(new Map<string, BatchSummary>());
  const [clock, setClock] = useState<ClockEvent>();
  const [live, setLive] = useState(false);
  const [simEvents, setSimEvents] = useState<EventRow[]>([]);
  const [tick, setTick] = useState(0);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const reload = () => {
      Promise.all([api.info(), api.batches()])
        .then(([i, b]) => {
          setInfo(i);
          setBatches(new Map(b.batches.map((s) => [s.name, s])));
          setError(undefined);
          bus.emit('reload');
          setTick((t) => t + 1);
        })
        .catch((err: Error) => setError(err.message));
    };
    return watch({
      reload,
      batch: (change) => {
        setBatches((m) => new Map(m).set(change.batch.name, change.batch));
        bus.emit(change);
        setTick((t) => t + 1);
      },
      batchDeleted: (name) =>
        setBatches((m) => {
          const next = new Map(m);
          next.delete(name);
          return next;
        }),
      sim: (log) => {
        setSimEvents((prev) => [...prev, ...log.events].slice(-LIVE_EVENTS));
        setTick((t) => t + 1);
      },
      clock: setClock,
      connected: setLive,
    });
  }, []);

  const sorted = useMemo(() => [...batches.values()].sort(byNewest), [batches]);
  const selectedBatch = route.view === 'jobs' ? (route.batch ?? (route.job ? sorted.find((b) => route.job!.startsWith(`${b.name}-`))?.name : undefined)) : undefined;
  const summary = selectedBatch ? batches.get(selectedBatch) : undefined;

  return (
    <div class="app" data-testid="app" data-live={live ? 'true' : 'false'}>
      <header>
        <a class="brand" href="#/">
          jobsim
        </a>
        <span class="muted">
          {info ? `${info.component} · ${info.backend} · ${info.profile} profile` : ''}
        </span>
        <span class={live ? 'dot live' : 'dot'} title={live ? 'live: watching changes' : 'reconnecting…'} data-testid="live" />
        {info?.controls && <SimControls clock={clock} />}
        <span class="spacer" />
        <a href="/swaggerui/" target="_blank" rel="noreferrer">
          Swagger UI
        </a>
        <a href="/metrics" target="_blank" rel="noreferrer">
          metrics
        </a>
      </header>
      <nav>
        <Tab route={route} to={{ view: 'jobs' }} label="Jobs" />
        <Tab route={route} to={{ view: 'cluster' }} label={info?.controls ? 'Cluster & faults' : 'Cluster'} />
        <Tab route={route} to={{ view: 'events' }} label="Events" />
        <Tab route={route} to={{ view: 'create' }} label="Create" />
      </nav>
      {error && <div class="error">{error}</div>}
      <main>
        {route.view === 'jobs' && (
          <div class="split">
            <BatchList batches={sorted} selected={selectedBatch} />
            <section class="content">
              {route.job ? (
                <JobView name={route.job} bus={bus} />
              ) : summary ? (
                <BatchView summary={summary} bus={bus} />
              ) : route.batch ? (
                <div class="muted">batch {route.batch} not found (deleted?)</div>
              ) : (
                <div class="muted hint">Pick a batch or a single job on the left. Changes arrive live from the server's watch stream.</div>
              )}
            </section>
          </div>
        )}
        {route.view === 'cluster' && <ClusterView controls={info?.controls ?? false} tick={tick} />}
        {route.view === 'events' && <EventsView live={simEvents} tick={info?.backend === 'kubernetes' ? tick : 0} />}
        {route.view === 'create' && <CreateView />}
      </main>
    </div>
  );
}

function Tab({ route, to, label }: { route: Route; to: Route; label: string }) {
  return (
    <a class={route.view === to.view ? 'tab active' : 'tab'} href={href(to)}>
      {label}
    </a>
  );
}
