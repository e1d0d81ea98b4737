// Hash routes (#/batch/NAME, #/job/NAME, #/cluster, #/events, #/create): the server serves one page.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { view: 'jobs'; batch?: string; job?: string }
  | { view: 'cluster' }
  | { view: 'events' }
  | { view: 'create' };

export function parseRoute(hash: string): Route {
  const [, view, name] = hash.replace(/^#\/?/, '').match(/^([^/]*)\/?(.*)$/) ?? [];
  const arg = name ? decodeURIComponent(name) : undefined;
  if (view === 'batch' && arg) return { view: 'jobs', batch: arg };
  if (view === 'job' && arg) return { view: 'jobs', job: arg };
  if (view === 'cluster' || view === 'events' || view === 'create') return { view };
  return { view: 'jobs' };
}

export function href(route: Route): string {
  if (route.view !== 'jobs') return `#/${route.view}`;
  if (route.job) return `#/job/${encodeURIComponent(route.job)}`;
  if (route.batch) return `#/batch/${encodeURIComponent(route.batch)}`;
  return '#/';
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}
