// A simulation report as a self-contained HTML page (inline SVG charts, no script, nothing fetched)
// and its main chart as a standalone SVG (node utilisation and pods over time), which the CLI
// renders to PNG.
import { isDeepStrictEqual } from 'node:util';
import type { SimulationReport } from '../runtime/simulate.js';
import type { Comparison } from './reportComparison.js';

export const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const fmt = (n: number | null | undefined, digits = 1) => (n === null || n === undefined ? '–' : Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(digits));

/** Seconds as "1 d 2 h", "3 h 4 min", "5 min 6 s" or "7.5 s". */
export function duration(s: number | null): string {
  if (s === null) return '–';
  if (s >= 86_400) return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${fmt(s)} s`;
}

interface Series {
  label: string;
  color: string;
  values: number[];
}

/** A span of the run a fault was active in (seconds since the start), shaded behind the lines. */
export interface FaultSpan {
  from: number;
  to: number;
  label: string;
}

/** x ticks: the first step of these (seconds) that gives at most 12 ticks; labelled in days from 1 d up. */
const TICK_STEPS = [600, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 2 * 86_400, 7 * 86_400, 14 * 86_400, 28 * 86_400];

function tickStep(xMax: number): number {
  for (const step of TICK_STEPS) if (xMax / step <= 12) return step;
  const weeks = 7 * 86_400;
  return Math.ceil(xMax / 12 / weeks) * weeks;
}

function tickLabel(t: number, step: number): string {
  if (step >= 86_400) return `${t / 86_400} d`;
  if (step >= 3600) return `${t / 3600} h`;
  return `${t / 60} min`;
}

/** The time axis under a plot: tick marks from `y` down and their labels, at a step that fits `xMax`. */
function timeAxis(X: (t: number) => number, xMax: number, y: number): string[] {
  const out: string[] = [];
  const step = tickStep(xMax);
  for (let t = 0; t <= xMax; t += step) {
    const x = X(t).toFixed(1);
    out.push(`<line x1="${x}" y1="${y}" x2="${x}" y2="${y + 4}" stroke="#888"/>`);
    out.push(`<text x="${x}" y="${y + 18}" text-anchor="middle" font-size="11" fill="#555">${tickLabel(t, step)}</text>`);
  }
  return out;
}

/** A line chart over the samples' times, one or more series on one y axis, faults shaded behind. */
function lineChart(o: {
  x: number[];
  series: Series[];
  width: number;
  height: number;
  top: number;
  yMax: number;
  yLabel: string;
  faults?: FaultSpan[];
  faultLabels?: boolean;
}): string {
  const left = 64;
  const right = 16;
  const plotW = o.width - left - right;
  const plotH = o.height - 46;
  const xMax = Math.max(1, o.x[o.x.length - 1] ?? 1);
  const X = (t: number) => left + (Math.min(Math.max(t, 0), xMax) / xMax) * plotW;
  const Y = (v: number) => o.top + 8 + plotH - (Math.min(v, o.yMax) / o.yMax) * plotH;
  const out: string[] = [];
  // Faults first, under the grid and the lines; at least a pixel wide (a fault of a few seconds in a month).
  (o.faults ?? []).forEach((f, i) => {
    const x0 = X(f.from);
    const w = Math.max(1, X(f.to) - x0);
    out.push(`<rect x="${x0.toFixed(1)}" y="${o.top + 8}" width="${w.toFixed(1)}" height="${plotH}" fill="#fdd9b5" fill-opacity="0.6"/>`);
    if (o.faultLabels) out.push(`<text x="${(x0 + 3).toFixed(1)}" y="${o.top + 20 + (i % 4) * 12}" font-size="10" fill="#a04000">${esc(f.label)}</text>`);
  });
  // Grid and y ticks.
  for (let i = 0; i <= 4; i++) {
    const v = (o.yMax * i) / 4;
    const y = Y(v);
    out.push(`<line x1="${left}" y1="${y.toFixed(1)}" x2="${left + plotW}" y2="${y.toFixed(1)}" stroke="#e3e3e3"/>`);
    out.push(`<text x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#555">${Number.isInteger(v) ? fmt(v) : String(Number(v.toFixed(2)))}</text>`);
  }
  out.push(...timeAxis(X, xMax, o.top + 8 + plotH));
  out.push(`<text x="12" y="${o.top + 8 + plotH / 2}" font-size="11" fill="#333" transform="rotate(-90 12 ${o.top + 8 + plotH / 2})" text-anchor="middle">${esc(o.yLabel)}</text>`);
  let legendX = left;
  for (const s of o.series) {
    let d = '';
    s.values.forEach((v, i) => {
      d += `${i === 0 ? 'M' : 'L'}${X(o.x[i]!).toFixed(1)},${Y(v).toFixed(1)}`;
    });
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.2"/>`);
    out.push(`<rect x="${legendX}" y="${o.top - 6}" width="10" height="10" fill="${s.color}"/><text x="${legendX + 14}" y="${o.top + 3}" font-size="11" fill="#333">${esc(s.label)}</text>`);
    legendX += 24 + s.label.length * 6.5;
  }
  out.push(`<rect x="${left}" y="${o.top + 8}" width="${plotW}" height="${plotH}" fill="none" stroke="#bbb"/>`);
  return out.join('');
}

/** What a fault acts on, for its label: a node, an image, a resource, a URL. */
function faultTarget(f: Record<string, unknown>): string {
  for (const key of ['node', 'image', 'resource', 'url']) if (typeof f[key] === 'string') return ` ${f[key] as string}`;
  return '';
}

/**
 * The scenario's faults as the spans of the run they were active in, as the run went (a fault
 * used up by its `count` ends early; one still active at the horizon lasts to it; one that never
 * started has none).
 */
export function faultSpans(r: SimulationReport): FaultSpan[] {
  const end = r.scenario.horizonSeconds;
  const spans: FaultSpan[] = [];
  r.faults.forEach((ran, i) => {
    const f = r.scenario.faults[i];
    if (!f || ran.startedSeconds === null) return;
    spans.push({ from: ran.startedSeconds, to: ran.endedSeconds ?? end, label: `${f.type}${faultTarget(f as unknown as Record<string, unknown>)}` });
  });
  return spans;
}

/** What a fault did, in words: when it was active and how many effects it had. */
function faultOutcome(r: SimulationReport, i: number): string {
  const ran = r.faults[i];
  if (!ran) return '';
  if (ran.startedSeconds === null) return ': did not start before the horizon';
  const ended = ran.endedSeconds === null ? ', still active at the horizon' : `, ended at ${duration(ran.endedSeconds)}`;
  return `: started at ${duration(ran.startedSeconds)}${ended}; ${fmt(ran.hits)} effect${ran.hits === 1 ? '' : 's'}`;
}

/**
 * The main chart: cpu requested and allocatable in cores (a lost node shows as allocatable going
 * down), and running and pending pods, with the scenario's faults shaded.
 */
export function mainChartSvg(r: SimulationReport, width = 960): string {
  const samples = r.utilisation.samples;
  const x = samples.map((s) => s.t);
  // A loop, not Math.max(...): a spread of 100,000 samples overflows the stack.
  const pods = samples.reduce((m, s) => Math.max(m, s.running, s.pending), 1);
  const cores = samples.reduce((m, s) => Math.max(m, s.cpuAllocatable, s.cpuRequested), 1);
  const faults = faultSpans(r);
  const height = 440;
  const title = `${r.scenario.name ?? 'simulation'}: ${fmt(r.jobs.total)} jobs over ${duration(r.scenario.horizonSeconds)} on ${r.scenario.nodes} nodes`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" fill="#111">${esc(title)}</text>`,
    lineChart({
      x,
      width,
      height: 200,
      top: 44,
      yMax: niceCeil(cores),
      yLabel: 'cpu (cores)',
      faults,
      faultLabels: true,
      series: [
        { label: 'allocatable', color: '#7f7f7f', values: samples.map((s) => s.cpuAllocatable) },
        { label: 'requested by running pods', color: '#1f77b4', values: samples.map((s) => s.cpuRequested) },
      ],
    }),
    lineChart({
      x,
      width,
      height: 200,
      top: 244,
      yMax: niceCeil(pods),
      yLabel: 'pods',
      faults,
      series: [
        { label: 'running', color: '#2ca02c', values: samples.map((s) => s.running) },
        { label: 'pending', color: '#d62728', values: samples.map((s) => s.pending) },
      ],
    }),
    '</svg>',
  ].join('\n');
}

/** The time-of-day chart's bins: a quarter of an hour, or the sampling interval if longer. */
const DAY_BIN_SECONDS = 900;
const dayBinSeconds = (r: SimulationReport) => Math.max(DAY_BIN_SECONDS, r.utilisation.sampleSeconds);

export interface TimeOfDayBin {
  /** Seconds after midnight (UTC) the bin starts at. */
  t: number;
  samples: number;
  cpuRequestedMean: number;
  cpuRequestedMax: number;
  pendingMean: number;
  pendingMax: number;
}

/**
 * The samples folded onto one day (UTC): for each quarter of an hour, the mean and the highest of
 * the cpu requested and of the pending pods over every day of the run. A month's main chart is 30
 * spikes; this says at what time of day they come and how much room the rest of the day has.
 */
export function timeOfDay(r: SimulationReport): TimeOfDayBin[] {
  const bin = dayBinSeconds(r);
  const startSecond = Date.parse(r.scenario.start) / 1000;
  const bins = Array.from({ length: Math.ceil(86_400 / bin) }, (_, i) => ({ t: i * bin, samples: 0, cpuRequestedMean: 0, cpuRequestedMax: 0, pendingMean: 0, pendingMax: 0 }));
  for (const s of r.utilisation.samples) {
    const b = bins[Math.floor((((startSecond + s.t) % 86_400) + 86_400) % 86_400 / bin)]!;
    b.samples++;
    b.cpuRequestedMean += s.cpuRequested;
    b.pendingMean += s.pending;
    b.cpuRequestedMax = Math.max(b.cpuRequestedMax, s.cpuRequested);
    b.pendingMax = Math.max(b.pendingMax, s.pending);
  }
  for (const b of bins) {
    if (b.samples === 0) continue;
    b.cpuRequestedMean = Math.round((b.cpuRequestedMean / b.samples) * 1000) / 1000;
    b.pendingMean = Math.round((b.pendingMean / b.samples) * 1000) / 1000;
  }
  return bins;
}

/** The time-of-day chart, for runs of two days or more (a shorter run has no days to fold). */
export function timeOfDaySvg(r: SimulationReport, width = 960): string {
  const bins = timeOfDay(r).filter((b) => b.samples > 0);
  if (r.scenario.horizonSeconds < 2 * 86_400 || bins.length === 0) return '';
  // Each bin drawn across its span (a point at its start and one at its end).
  const span = dayBinSeconds(r);
  const x = bins.flatMap((b) => [b.t, b.t + span]);
  const twice = (f: (b: TimeOfDayBin) => number) => bins.flatMap((b) => [f(b), f(b)]);
  const allocatable = r.utilisation.samples.reduce((m, s) => Math.max(m, s.cpuAllocatable), 0);
  const cores = Math.max(1, allocatable, ...bins.map((b) => b.cpuRequestedMax));
  const pods = Math.max(1, ...bins.map((b) => b.pendingMax));
  const height = 400;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    lineChart({
      x,
      width,
      height: 200,
      top: 14,
      yMax: niceCeil(cores),
      yLabel: 'cpu (cores)',
      series: [
        { label: 'allocatable (most)', color: '#7f7f7f', values: x.map(() => allocatable) },
        { label: 'requested, highest', color: '#9ecae1', values: twice((b) => b.cpuRequestedMax) },
        { label: 'requested, mean', color: '#1f77b4', values: twice((b) => b.cpuRequestedMean) },
      ],
    }),
    lineChart({
      x,
      width,
      height: 200,
      top: 214,
      yMax: niceCeil(pods),
      yLabel: 'pending pods',
      series: [
        { label: 'pending, highest', color: '#f4a582', values: twice((b) => b.pendingMax) },
        { label: 'pending, mean', color: '#d62728', values: twice((b) => b.pendingMean) },
      ],
    }),
    '</svg>',
  ].join('\n');
}

/** At most this many nodes in the page's heat map (report.json has them all). */
const HEATMAP_NODES = 100;

/** Blue of a cell at utilisation `v` (0-1): white to #08519c. */
function heatColour(v: number): string {
  const mix = (from: number, to: number) => Math.round(from + (to - from) * v);
  return `rgb(${mix(247, 8)},${mix(251, 81)},${mix(255, 156)})`;
}

/**
 * Each node's cpu requested / allocatable over time, a row per node and a cell per time bin; a node
 * that was down (lost, or not yet added) at every sample of a bin is hatched grey.
 */
export function nodeHeatmapSvg(r: SimulationReport, width = 960): string {
  const { binStarts, nodes } = r.utilisation.byNode;
  if (nodes.length === 0 || binStarts.length === 0) return '';
  const shown = nodes.slice(0, HEATMAP_NODES);
  const left = 120;
  const right = 16;
  const rowH = 14;
  const top = 8;
  const plotW = width - left - right;
  const cellW = plotW / binStarts.length;
  const xMax = Math.max(1, r.scenario.horizonSeconds);
  const X = (t: number) => left + (Math.min(Math.max(t, 0), xMax) / xMax) * plotW;
  const height = top + shown.length * rowH + 56;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    '<defs><pattern id="down" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e6e6e6"/><line x1="0" y1="0" x2="0" y2="6" stroke="#bdbdbd" stroke-width="2"/></pattern></defs>',
  ];
  shown.forEach((node, row) => {
    const y = top + row * rowH;
    out.push(`<text x="${left - 6}" y="${y + rowH - 3}" text-anchor="end" font-size="11" fill="#333">${esc(node.name)}</text>`);
    // Runs of equal cells as one rect: a month of an idle node is one element, not 240.
    let runStart = 0;
    const cells = node.cpuPeak;
    for (let b = 1; b <= cells.length; b++) {
      if (b < cells.length && cells[b] === cells[runStart]) continue;
      const v = cells[runStart]!;
      const x0 = X(binStarts[runStart]!);
      const x1 = b < cells.length ? X(binStarts[b]!) : left + plotW;
      out.push(`<rect x="${x0.toFixed(1)}" y="${y}" width="${Math.max(cellW / 4, x1 - x0).toFixed(1)}" height="${rowH - 1}" fill="${v === null ? 'url(#down)' : heatColour(v)}"/>`);
      runStart = b;
    }
  });
  const axisY = top + shown.length * rowH;
  out.push(...timeAxis(X, xMax, axisY));
  // Legend: the colour scale and the hatching.
  const ly = axisY + 30;
  for (let i = 0; i <= 10; i++) out.push(`<rect x="${left + i * 14}" y="${ly}" width="14" height="10" fill="${heatColour(i / 10)}"/>`);
  const scale = "100% of the node's cpu requested (the most in the span)";
  const scaleX = left + 11 * 14 + 4;
  // SVG text has no width to read here: 0.6 em a character (DejaVu Sans at 11 px) places the
  // hatching's key after the scale's label (at a fixed x, the label ran into it).
  const downX = scaleX + Math.ceil(scale.length * 11 * 0.6) + 16;
  out.push(`<text x="${left - 6}" y="${ly + 9}" text-anchor="end" font-size="11" fill="#333">0%</text><text x="${scaleX}" y="${ly + 9}" font-size="11" fill="#333">${esc(scale)}</text>`);
  out.push(`<rect x="${downX}" y="${ly}" width="24" height="10" fill="url(#down)"/><text x="${downX + 30}" y="${ly + 9}" font-size="11" fill="#333">node down</text>`);
  out.push('</svg>');
  const more = nodes.length - shown.length;
  return out.join('') + (more > 0 ? `<p class="note">${fmt(more)} more nodes in report.json.</p>` : '');
}

function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function bars(title: string, counts: Record<string, number>, color: string): string {
  const entries = Object.entries(counts);
  if (entries.length === 0) return `<h3>${esc(title)}</h3><p>none</p>`;
  const max = Math.max(...entries.map(([, n]) => n));
  const rowH = 22;
  const width = 640;
  const labelW = 200;
  const rows = entries
    .map(([k, n], i) => {
      const w = max > 0 ? ((width - labelW - 90) * n) / max : 0;
      const y = i * rowH;
      return `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" font-size="12">${esc(k)}</text><rect x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="14" fill="${color}"/><text x="${labelW + w + 6}" y="${y + 15}" font-size="12">${fmt(n)}</text>`;
    })
    .join('');
  return `<h3>${esc(title)}</h3><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${entries.length * rowH + 6}" font-family="DejaVu Sans, Arial, sans-serif">${rows}</svg>`;
}

function summaryRow(label: string, s: { count: number; p50: number | null; p95: number | null; max: number | null; mean: number | null }): string {
  return `<tr><td>${esc(label)}</td><td>${fmt(s.count)}</td><td>${duration(s.p50)}</td><td>${duration(s.p95)}</td><td>${duration(s.max)}</td><td>${duration(s.mean)}</td></tr>`;
}

/**
 * Each component's batches and queueing delays: where the run's summaries hide which component
 * waited (a cron job behind a nightly batch of 20,000).
 */
function componentsTable(r: SimulationReport): string {
  const names = Object.keys(r.byComponent);
  if (names.length === 0) return '';
  const rows = names
    .map((name) => {
      const c = r.byComponent[name]!;
      const jobs = Object.values(r.jobs.byComponent[name] ?? {}).reduce((a, b) => a + b, 0);
      const d = c.batchDurationSeconds;
      const q = c.queueingDelaySeconds;
      return `<tr><td>${esc(name)}</td><td>${fmt(jobs)}</td><td>${fmt(c.batchesCompleted)}</td><td>${duration(d.p50)}</td><td>${duration(d.p95)}</td><td>${duration(d.max)}</td><td>${duration(q.p50)}</td><td>${duration(q.p95)}</td><td>${duration(q.max)}</td><td>${fmt(c.retries)}</td></tr>`;
    })
    .join('');
  return `<h2>By component</h2><table class="dense"><tr><th rowspan="2">component</th><th rowspan="2">jobs</th><th rowspan="2">batches completed</th><th colspan="3">batch, created to completed</th><th colspan="3">queueing delay</th><th rowspan="2">retries</th></tr>
<tr><th style="text-align:right">p50</th><th>p95</th><th>max</th><th>p50</th><th>p95</th><th>max</th></tr>${rows}</table>`;
}

/** The time-of-day chart with its heading and a line on how to read it (runs of two days or more). */
function timeOfDaySection(r: SimulationReport): string {
  const svg = timeOfDaySvg(r);
  if (!svg) return '';
  const days = Math.floor(r.scenario.horizonSeconds / 86_400);
  const minutes = dayBinSeconds(r) / 60;
  return `<h3>By time of day (UTC)</h3>\n${svg}\n<p class="note">The ${fmt(days)} days of the run folded onto one: for each ${fmt(minutes)} minutes of the day, the mean of the samples taken then over the days and the highest of them.</p>`;
}

/** The API batches one by one (the first 100 in the page; report.json lists more). */
function runsTable(r: SimulationReport): string {
  const { runs, runsNotListed } = r.batches.api;
  if (runs.length === 0) return '';
  const shown = runs.slice(0, 100);
  const rows = shown
    .map((b) => `<tr><td>${esc(b.batchId ?? b.name)}</td><td>${esc(b.component)}</td><td>${esc(b.created)}</td><td>${duration(b.durationSeconds)}</td><td>${fmt(b.jobs)}</td><td>${fmt(b.failed)}</td></tr>`)
    .join('');
  const more = runs.length - shown.length + runsNotListed;
  return `<h2>Batches posted through the API</h2><table><tr><th>batch</th><th>component</th><th>created</th><th>created to completed</th><th>jobs</th><th>failed</th></tr>${rows}</table>${more > 0 ? `<p class="note">${fmt(more)} more completed${runsNotListed > 0 ? ` (report.json lists the first ${fmt(runs.length)})` : ' (all in report.json)'}.</p>` : ''}`;
}

/** A figure as the pages show it: a duration for seconds, else a count. */
export function figureText(v: number | null, unit: 'count' | 'seconds'): string {
  return unit === 'seconds' ? duration(v) : fmt(v);
}

/** A change with its sign: 'same' for none, '–' where it is unknown. */
export function changeText(change: number | null, unit: 'count' | 'seconds'): string {
  if (change === null) return '–';
  if (change === 0) return 'same';
  return `${change > 0 ? '+' : '−'}${figureText(Math.abs(change), unit)}`;
}

/** This run's headline figures beside an earlier run's (`--compare`). */
function comparisonSection(c: Comparison, now: SimulationReport): string {
  const w = c.with;
  const value = figureText;
  const change = (f: Comparison['figures'][number]) => {
    if (!f.change) return changeText(f.change, f.unit);
    const pct = f.before ? ` (${f.change > 0 ? '+' : '−'}${fmt((Math.abs(f.change) / Math.abs(f.before)) * 100)}%)` : '';
    return `${changeText(f.change, f.unit)}${pct}`;
  };
  const rows = c.figures
    .filter((f) => f.before !== null || f.after !== null)
    .map((f) => `<tr><td>${esc(f.label)}</td><td>${value(f.before, f.unit)}</td><td>${value(f.after, f.unit)}</td><td>${esc(change(f))}</td></tr>`)
    .join('');
  const about = [w.seed !== null ? `seed ${esc(w.seed)}` : '', w.horizonSeconds !== null ? duration(w.horizonSeconds) : '', w.nodes !== null ? `${w.nodes} node${w.nodes === 1 ? '' : 's'}` : '', w.faults !== null ? `${w.faults} fault${w.faults === 1 ? '' : 's'}` : '', w.latency !== null && !isDeepStrictEqual(w.latency, now.scenario.latency) ? 'another latency model' : '']
    .filter(Boolean)
    .join(', ');
  return `<h2>Compared with an earlier run</h2><p>${esc(w.name ?? 'unnamed scenario')}${about ? ` (${about})` : ''}.</p>
<table><tr><th></th><th>earlier run</th><th>this run</th><th>change</th></tr>${rows}</table>`;
}

export function reportHtml(r: SimulationReport, comparison?: Comparison): string {
  const cron = Object.entries(r.cron)
    .map(([c, t]) => `<tr><td>${esc(c)}</td><td>${fmt(t.created)}</td><td>${fmt(t.skipped)}</td><td>${fmt(t.replaced)}</td><td>${fmt(t.failed)}</td></tr>`)
    .join('');
  const components = r.scenario.components
    .map((c) => `<li><b>${esc(c.name)}</b>${c.cron ? `: cron ${esc(c.cron.schedules.join(', '))} (${esc(c.cron.timeZone ?? 'UTC')}, ${esc(c.cron.concurrency)})` : ''}${c.api ? '' : ' (cron only, no API)'}</li>`)
    .join('');
  const traffic = r.scenario.traffic
    .map((t) => `<li>${fmt(t.jobs)} ${t.single ? 'single job' : 'jobs in a batch'} to ${esc(t.component ?? r.scenario.components.find((c) => c.api)?.name)} ${t.schedule ? `on "${esc(t.schedule)}" (${esc(t.timeZone ?? 'UTC')})` : `at ${esc((t.at ?? []).join(', '))} s`}</li>`)
    .join('');
  const faults = r.scenario.faults.map((f, i) => `<li><code>${esc(JSON.stringify(f))}</code>${esc(faultOutcome(r, i))}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.scenario.name ?? 'simulation')} – jobsim simulate</title>
<style>
body{font-family:system-ui,"DejaVu Sans",Arial,sans-serif;margin:24px auto;max-width:1000px;color:#111;padding:0 12px}
table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ddd;padding:4px 10px;text-align:right}td{white-space:nowrap}.dense td,.dense th{padding:4px 6px}td:first-child,th:first-child{text-align:left}
th{background:#f4f4f4}h2{margin-top:28px;border-bottom:1px solid #ddd}code{font-size:12px}.note{color:#555;font-size:13px}
</style></head><body>
<h1>${esc(r.scenario.name ?? 'Simulation')}</h1>
<p>Seed ${esc(r.scenario.seed)}, profile ${esc(r.scenario.compat)}, from ${esc(r.scenario.start)} for ${duration(r.scenario.horizonSeconds)} of virtual time on ${r.scenario.nodes} nodes${r.scenario.clientLimit ? `; the engine's requests limited to ${fmt(r.scenario.clientLimit.qps)} a second, burst ${fmt(r.scenario.clientLimit.burst)}` : ''}.
Event log: ${fmt(r.eventLog.lines)} lines${'sha256' in r.eventLog ? `, sha256 <code>${esc(r.eventLog.sha256)}</code>` : ''}.</p>
${comparison ? comparisonSection(comparison, r) : ''}
<h2>Workload</h2><ul>${components}</ul>${traffic ? `<p>API traffic:</p><ul>${traffic}</ul>` : ''}${faults ? `<p>Faults (times from the start):</p><ul>${faults}</ul>` : ''}
<h2>Cluster over time</h2>
${mainChartSvg(r)}
${r.utilisation.byNode.nodes.length ? `<h3>Per node</h3>\n${nodeHeatmapSvg(r)}` : ''}
<p class="note">Sampled every ${r.utilisation.sampleSeconds} s of virtual time${r.utilisation.byNode.nodes.length ? `; per node, the highest sample in each of ${fmt(r.utilisation.byNode.binStarts.length)} spans of the run (report.json has the mean too)` : ''}. cpu requested: the cpu requests of the pods bound to a node; allocatable: the cpu of the nodes that are up.${r.scenario.faults.length ? ' Shaded: while a fault was active.' : ''}</p>
${timeOfDaySection(r)}
<h2>Jobs</h2>
<p>${fmt(r.jobs.total)} jobs; ${fmt(r.attempts.total)} attempts, ${fmt(r.attempts.retries)} of them retries.</p>
${bars('Jobs by status', r.jobs.byStatus, '#1f77b4')}
${Object.keys(r.jobs.unfinishedAtHorizon).length ? bars('Unfinished at the horizon', r.jobs.unfinishedAtHorizon, '#ff7f0e') : ''}
${bars('Failed attempts by reason', r.attempts.failedByReason, '#d62728')}
${bars('Failed jobs by reason', r.jobs.failedByReason, '#9467bd')}
<h2>Durations</h2>
<table><tr><th></th><th>count</th><th>p50</th><th>p95</th><th>max</th><th>mean</th></tr>
${summaryRow('batches posted through the API (created to completed)', r.batches.api.durationSeconds)}
${summaryRow('cron jobs (created to completed)', r.batches.cron.durationSeconds)}
${summaryRow('queueing delay (batch created to first attempt started)', r.queueingDelaySeconds)}
</table>
${componentsTable(r)}
${runsTable(r)}
${cron ? `<h2>Cron ticks</h2><table><tr><th>component</th><th>created</th><th>skipped (Forbid)</th><th>replaced</th><th>failed</th></tr>${cron}</table>` : ''}
<p class="note">History cleanup deleted ${fmt(r.historyDeleted)} batches. Engine errors: ${fmt(r.engineErrors.count)}.</p>
</body></html>
`;
}
