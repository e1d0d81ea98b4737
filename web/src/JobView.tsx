// One job: its attempts on a timeline (each pod from creation to its end, the backoff gaps
// between them, each attempt's time limit) and as a table. Refreshed when the job changes.
import { useEffect, useState } from 'preact/hooks';
import { api, type Attempt, type JobDetail } from './api.ts';
import type { ChangeBus } from './bus.ts';
import { clockTime, seconds } from './format.ts';
import { href } from './route.ts';
import { statusClass } from './statuses.ts';

export function JobView({ name, bus }: { name: string; bus: ChangeBus }) {
  const [detail, setDetail] = useState<JobDetail>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let alive = true;
    let timer: number | undefined;
    const load = () =>
      api
        .job(name)
        .then((d) => alive && (setDetail(d), setError(undefined)))
        .catch((err: Error) => alive && setError(err.message));
    load();
    const off = bus.on((change) => {
      const mine = change === 'reload' || (name.startsWith(change.batch.name + '-') && (change.jobsTruncated || change.jobs?.some((j) => j.name === name)));
      if (mine && timer === undefined) timer = window.setTimeout(() => ((timer = undefined), load()), 200);
    });
    return () => {
      alive = false;
      off();
      clearTimeout(timer);
    };
  }, [name]);

  if (error) return <div class="error">{error}</div>;
  if (!detail) return <div class="muted">loading…</div>;
  const { job, batch } = detail;
  return (
    <div class="jobview" data-testid="job-view">
      <div class="crumbs">
        <a href={href({ view: 'jobs', batch: batch.name })}>{batch.type === 'job' ? 'single job' : `batch ${batch.batchId ?? batch.name}`}</a> / <span class="mono">{job.name}</span>
      </div>
      <h2>
        {job.jobId ?? job.name.slice(job.name.lastIndexOf('-') + 1)} <span class={statusClass(job.status)} data-testid="job-status">{job.status}</span>
      </h2>
      <div class="facts">
        <span>attempts {detail.attempts.length} of at most {detail.backoffLimit + 1} (backoffLimit {detail.backoffLimit})</span>
        <span>time limit {seconds(detail.timeLimitSeconds * 1000)} per attempt</span>
        {job.message && <span>message: {job.message}</span>}
        {!['Succeeded', 'Failed', 'Stopped', 'Stopping'].includes(job.status) && (
          <button onClick={() => api.stopJob(job.name).catch((err: Error) => setError(err.message))}>Stop job</button>
        )}
      </div>
      <Timeline detail={detail} />
      <AttemptTable attempts={detail.attempts} />
    </div>
  );
}

const ms = (iso: string | null) => (iso ? Date.parse(iso) : Number.NaN);

function outcome(a: Attempt): string {
  if (a.phase === 'Succeeded') return 'ok';
  if (a.phase === 'Failed') return a.reason === 'DeadlineExceeded' ? 'deadline' : 'failed';
  if (a.phase === 'Running') return 'running';
  return 'pending';
}

export function Timeline({ detail }: { detail: JobDetail }) {
  const now = ms(detail.now);
  const atts = detail.attempts;
  if (atts.length === 0) return <div class="muted timeline-empty">no attempt yet: the job's pod has not been created</div>;
  const start = Math.min(...atts.map((a) => ms(a.created ?? a.started)).filter((t) => !Number.isNaN(t)));
  const endOf = (a: Attempt) => (a.ended ? ms(a.ended) : now);
  let end = Math.max(...atts.map(endOf));
  const limitMs = detail.timeLimitSeconds * 1000;
  const deadlines = atts.map((a) => (a.started ? ms(a.started) + limitMs : Number.NaN));
  // Show a time limit when it falls near the attempts; far beyond them it would squash the bars.
  const span = Math.max(end - start, 1000);
  const shownDeadlines = deadlines.map((d) => (!Number.isNaN(d) && d - start <= span * 1.25 ? d : Number.NaN));
  for (const d of shownDeadlines) if (!Number.isNaN(d)) end = Math.max(end, d);
  const total = Math.max(end - start, 1000);
  const W = 900;
  const L = 70;
  // The right margin keeps room for the label after the last bar.
  const x = (t: number) => L + ((t - start) / total) * (W - L - 150);
  const rowH = 34;
  const H = 30 + atts.length * rowH + 10;
  const step = niceStep(total);
  const tickTimes: number[] = [];
  for (let t = 0; t <= total + 1; t += step) tickTimes.push(start + t);
  return (
    <svg class="timeline" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="attempts over time" data-testid="timeline">
      {tickTimes.map((t, i) => {
        return (
          <g key={i}>
            <line x1={x(t)} x2={x(t)} y1={18} y2={H - 6} class="tick" />
            <text x={x(t)} y={12} class="tick-label" text-anchor="middle">
              +{seconds(t - start)}
            </text>
          </g>
        );
      })}
      {atts.map((a, i) => {
        const y = 26 + i * rowH;
        const created = ms(a.created ?? a.started);
        const started = a.started ? ms(a.started) : Number.NaN;
        const ended = endOf(a);
        const prev = atts[i - 1];
        const gapFrom = prev?.ended ? ms(prev.ended) : Number.NaN;
        const deadline = shownDeadlines[i]!;
        const label = a.phase === 'Running' ? 'running' : a.phase === 'Pending' ? 'pending' : `exit ${a.exitCode}${a.reason ? ` ${a.reason}` : ''}`;
        return (
          <g key={a.pod} data-testid="attempt">
            <text x={4} y={y + 17} class="row-label">
              #{i + 1}
            </text>
            {!Number.isNaN(gapFrom) && created > gapFrom && (
              <g data-testid="backoff-gap" data-seconds={(created - gapFrom) / 1000}>
                <rect x={x(gapFrom)} y={y + 4} width={Math.max(1, x(created) - x(gapFrom))} height={rowH - 14} class="gap" />
                <text x={(x(gapFrom) + x(created)) / 2} y={y + 17} class="gap-label" text-anchor="middle">
                  backoff {seconds(created - gapFrom)}
                </text>
              </g>
            )}
            {!Number.isNaN(started) && started > created && <rect x={x(created)} y={y + 8} width={x(started) - x(created)} height={rowH - 22} class="bar pending" />}
            <rect x={x(Number.isNaN(started) ? created : started)} y={y + 2} width={Math.max(2, x(ended) - x(Number.isNaN(started) ? created : started))} height={rowH - 10} class={`bar ${outcome(a)}`}>
              <title>
                {a.pod}: {clockTime(a.started ?? a.created)} to {a.ended ? clockTime(a.ended) : 'now'} ({label})
              </title>
            </rect>
            <text x={x(ended) + 4} y={y + 17} class="bar-label">
              {label}
            </text>
            {!Number.isNaN(deadline) && (
              <g data-testid="time-limit">
                <line x1={x(deadline)} x2={x(deadline)} y1={y} y2={y + rowH - 6} class="deadline" />
                <text x={x(deadline) - 3} y={y + 8} class="deadline-label" text-anchor="end">
                  time limit
                </text>
              </g>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** A round tick interval giving at most 8 ticks over `totalMs`. */
function niceStep(totalMs: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 21_600, 43_200, 86_400].map((s) => s * 1000);
  return steps.find((s) => totalMs / s <= 8) ?? Math.ceil(totalMs / 8);
}

function AttemptTable({ attempts }: { attempts: Attempt[] }) {
  return (
    <table class="attempts">
      <thead>
        <tr>
          <th>#</th>
          <th>pod</th>
          <th>created</th>
          <th>started</th>
          <th>ended</th>
          <th>ran</th>
          <th>wait before</th>
          <th>exit</th>
          <th>reason</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((a, i) => {
          const prev = attempts[i - 1];
          const gap = prev?.ended && a.created ? ms(a.created) - ms(prev.ended) : Number.NaN;
          const ran = a.started && a.ended ? ms(a.ended) - ms(a.started) : Number.NaN;
          return (
            <tr key={a.pod}>
              <td>{i + 1}</td>
              <td class="mono">{a.pod}</td>
              <td>{clockTime(a.created)}</td>
              <td>{clockTime(a.started)}</td>
              <td>{clockTime(a.ended)}</td>
              <td>{Number.isNaN(ran) ? '' : seconds(ran)}</td>
              <td>{Number.isNaN(gap) ? '' : seconds(gap)}</td>
              <td>{a.phase === 'Succeeded' || a.phase === 'Failed' ? a.exitCode : ''}</td>
              <td title={a.message}>{a.reason ?? a.phase}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
