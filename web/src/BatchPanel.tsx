// The batches and single jobs of the job component (left), and the selected batch's jobs (right).
import { useState } from 'preact/hooks';
import { api, type BatchSummary } from './api.ts';
import type { ChangeBus } from './bus.ts';
import { clockTime, count } from './format.ts';
import { JobList } from './JobList.tsx';
import { href } from './route.ts';
import { STATUSES, statusClass } from './statuses.ts';

export function BatchList({ batches, selected }: { batches: BatchSummary[]; selected: string | undefined }) {
  const [status, setStatus] = useState('');
  const [text, setText] = useState('');
  const t = text.toLowerCase();
  const shown = batches.filter((b) => (!status || b.status === status) && (!t || b.name.includes(t) || (b.batchId ?? b.jobId ?? '').toLowerCase().includes(t)));
  return (
    <aside class="batches">
      <div class="toolbar">
        <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)} aria-label="batch status">
          <option value="">any status</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <input placeholder="name or id" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
      </div>
      <ul data-testid="batch-list">
        {shown.slice(0, 1000).map((b) => (
          <li key={b.name} class={b.name === selected ? 'selected' : ''} data-batch={b.name}>
            <a href={href({ view: 'jobs', batch: b.name })}>
              <span class={statusClass(b.status)}>{b.status}</span> <b>{b.type === 'job' ? (b.jobId ?? 'job') : (b.batchId ?? 'batch')}</b>{' '}
              <span class="muted">{b.type === 'job' ? 'single job' : `${count(b.total)} jobs`}</span>
              <div class="muted mono small">{b.name}</div>
            </a>
          </li>
        ))}
        {shown.length === 0 && <li class="muted">no batches yet: create one (Create tab or POST /api/v1/batches)</li>}
      </ul>
    </aside>
  );
}

export function BatchView({ summary, bus }: { summary: BatchSummary; bus: ChangeBus }) {
  const [status, setStatus] = useState('');
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string>();
  const act = (fn: () => Promise<unknown>) => () => fn().catch((err: Error) => setError(err.message));
  const terminal = ['Succeeded', 'Failed', 'Stopped', 'Completed'].includes(summary.status);
  return (
    <div class="batchview" data-testid="batch-view">
      <h2>
        {summary.type === 'job' ? 'single job' : `batch ${summary.batchId ?? ''}`} <span class="mono small">{summary.name}</span>{' '}
        <span class={statusClass(summary.status)} data-testid="batch-status">
          {summary.status}
        </span>
      </h2>
      <div class="facts">
        <span>created {clockTime(summary.created)}</span>
        {summary.started && <span>started {clockTime(summary.started)}</span>}
        {summary.ended && <span>ended {clockTime(summary.ended)}</span>}
        {!terminal && <button onClick={act(() => api.stopBatch(summary.name))}>Stop</button>}
        <button onClick={act(() => (confirm(`Delete ${summary.name}?`) ? api.deleteBatch(summary.name) : Promise.resolve()))}>Delete</button>
        {error && <span class="error">{error}</span>}
      </div>
      <div class="countbar" title="jobs by status">
        {STATUSES.filter((s) => summary.counts[s]).map((s) => (
          <button key={s} class={`${statusClass(s)} count${status === s ? ' active' : ''}`} style={{ flexGrow: summary.counts[s] }} onClick={() => setStatus(status === s ? '' : s)}>
            {s} {count(summary.counts[s]!)}
          </button>
        ))}
      </div>
      <div class="toolbar">
        <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)} aria-label="job status" data-testid="job-status-filter">
          <option value="">any status</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <input placeholder="job name or jobId" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} data-testid="job-search" />
      </div>
      <JobList batch={summary.name} status={status} search={search} bus={bus} />
    </div>
  );
}
