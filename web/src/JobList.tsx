// A batch's jobs as a virtualised list: only the rows in view are in the DOM, and only the pages
// of rows in view are fetched (filtered on the server), so a 100,000-job batch scrolls like a
// 10-job one. Live changes patch loaded rows in place, or refetch the pages in view.
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import { useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { api, type JobRow } from './api.ts';
import type { ChangeBus } from './bus.ts';
import { clockTime, count } from './format.ts';
import { href } from './route.ts';
import { statusClass } from './statuses.ts';

const ROW_HEIGHT = 30;
const PAGE = 200;

interface Props {
  batch: string;
  status: string;
  search: string;
  bus: ChangeBus;
}

export function JobList({ batch, status, search, bus }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [matched, setMatched] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string>();
  const pages = useRef(new Map<number, JobRow[]>());
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const refreshTimer = useRef<number | undefined>(undefined);

  const virtualizer = useMemo(
    () =>
      new Virtualizer<HTMLDivElement, HTMLDivElement>({
        count: 0,
        getScrollElement: () => scrollRef.current,
        estimateSize: () => ROW_HEIGHT,
        overscan: 15,
        observeElementRect,
        observeElementOffset,
        scrollToFn: elementScroll,
        onChange: () => rerender(undefined),
      }),
    [],
  );
  virtualizer.setOptions({ ...virtualizer.options, count: matched ?? 0 });
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());

  const fetchPage = (page: number, replace = false) => {
    if (loading.current.has(page) || (!replace && pages.current.has(page))) return;
    loading.current.add(page);
    const gen = generation.current;
    api
      .jobs(batch, { offset: page * PAGE, limit: PAGE, status, search })
      .then((r) => {
        if (gen !== generation.current) return;
        pages.current.set(page, r.jobs);
        setMatched(r.matched);
        setError(undefined);
        rerender(undefined);
      })
      .catch((err: Error) => gen === generation.current && setError(err.message))
      .finally(() => gen === generation.current && loading.current.delete(page));
  };

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const visiblePages = () => {
    const out: number[] = [];
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) out.push(p);
    return out;
  };

  // A new batch or filter: start over at the top.
  useEffect(() => {
    generation.current++;
    pages.current.clear();
    loading.current.clear();
    setMatched(undefined);
    virtualizer.scrollToOffset(0);
    fetchPage(0);
  }, [batch, status, search]);

  // Rows scrolled into view: fetch their pages (once scrolling slows down).
  useEffect(() => {
    if (matched === undefined) return;
    const t = setTimeout(() => visiblePages().forEach((p) => fetchPage(p)), virtualizer.isScrolling ? 80 : 0);
    return () => clearTimeout(t);
  }, [first, last, matched]);

  // Live changes of this batch.
  useEffect(
    () =>
      bus.on((change) => {
        if (change !== 'reload' && change.batch.name !== batch) return;
        if (change !== 'reload' && change.jobs && !status && !search) {
          const byName = new Map(change.jobs.map((j) => [j.name, j]));
          for (const rows of pages.current.values()) {
            for (let i = 0; i < rows.length; i++) {
              const updated = byName.get(rows[i]!.name);
              if (updated) rows[i] = updated;
            }
          }
          rerender(undefined);
          return;
        }
        // Membership or too many rows changed: refetch what is in view, forget the rest.
        if (refreshTimer.current !== undefined) return;
        refreshTimer.current = window.setTimeout(() => {
          refreshTimer.current = undefined;
          const keep = new Set(visiblePages());
          for (const p of [...pages.current.keys()]) if (!keep.has(p)) pages.current.delete(p);
          for (const p of keep) fetchPage(p, true);
        }, 500);
      }),
    [batch, status, search, first, last],
  );
  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  return (
    <div class="joblist">
      <div class="joblist-head row">
        <span class="c-name">job</span>
        <span class="c-id">jobId</span>
        <span class="c-status">status</span>
        <span class="c-num">attempts</span>
        <span class="c-num">exit</span>
        <span class="c-reason">reason</span>
        <span class="c-time">started</span>
        <span class="c-time">ended</span>
      </div>
      {error && <div class="error">{error}</div>}
      <div class="joblist-scroll" ref={scrollRef} data-testid="job-list" data-matched={matched ?? ''}>
        {matched === 0 && <div class="empty">no jobs match</div>}
        <div style={{ height: `${virtualizer.getTotalSize()}px`, position: 'relative' }}>
          {items.map((item) => {
            const row = pages.current.get(Math.floor(item.index / PAGE))?.[item.index % PAGE];
            return (
              <div
                key={item.key}
                class="row jobrow"
                data-index={item.index}
                data-loaded={row ? 'true' : 'false'}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: `${ROW_HEIGHT}px`, transform: `translateY(${item.start}px)` }}
              >
                {row ? <JobCells row={row} /> : <span class="c-name muted">…</span>}
              </div>
            );
          })}
        </div>
      </div>
      <div class="joblist-foot muted">{matched === undefined ? 'loading…' : `${count(matched)} jobs`}</div>
    </div>
  );
}

function JobCells({ row }: { row: JobRow }) {
  const short = row.name.slice(row.name.lastIndexOf('-') + 1);
  return (
    <>
      <a class="c-name mono" href={href({ view: 'jobs', job: row.name })} title={row.name}>
        {short}
      </a>
      <span class="c-id" title={row.jobId}>
        {row.jobId ?? ''}
      </span>
      <span class="c-status">
        <span class={statusClass(row.status)}>{row.status}</span>
      </span>
      <span class="c-num">{row.attempts}</span>
      <span class="c-num">{row.exitCode ?? ''}</span>
      <span class="c-reason" title={row.message}>
        {row.reason ?? ''}
        {row.message && row.status !== 'Succeeded' ? <span class="muted"> {row.message}</span> : null}
      </span>
      <span class="c-time">{clockTime(row.started)}</span>
      <span class="c-time">{clockTime(row.ended)}</span>
    </>
  );
}
