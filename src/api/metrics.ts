// Prometheus metrics at GET /metrics (docs/metrics.md), with prom-client. Request counts and
// latencies are labelled by route template (never the raw path, whose names would grow the series
// without bound); everything else is read from the engine, the webhook sender, the Kubernetes port
// and the simulator when scraped, so no hot path pays for a metric it already counts.
import type { Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { JobManager } from '../engine/jobManager.js';
import type { SimRuntime } from '../runtime/simRuntime.js';
import type { WebhookStats } from '../runtime/webhookSender.js';
import { componentHeads, summarize } from './batchSummary.js';

/** What the kubernetes backend's cluster port counts (src/k8s/kubePort.ts), read at scrape time. */
export interface KubeClientStats {
  stats: { retries: number; byVerb: Record<string, number>; errors: Record<string, Record<string, number>> };
  limiter: { waits: number; waitedMs: number };
  watches: { size: number };
}

export interface MetricsSources {
  /** The job components' managers now (the simulator's reset replaces them). */
  managers: () => Iterable<JobManager>;
  webhooks?: { readonly stats: WebhookStats };
  kube?: KubeClientStats;
  sim?: SimRuntime;
  /** Process metrics (cpu, memory, event loop); off in tests that build many registries. */
  processMetrics?: boolean;
}

/** The route template a request matched, set by routes that no Express route describes. */
export function setRouteTemplate(res: Response, template: string): void {
  res.locals.routeTemplate = template;
}

function routeOf(req: Request, res: Response): string {
  const own = res.locals.routeTemplate as string | undefined;
  if (own) return own;
  if (req.route?.path) return `${req.baseUrl}${String(req.route.path)}`;
  // Rejected by the OpenAPI validator before any route ran: its template, in OpenAPI form.
  const openapi = (req as Request & { openapi?: { openApiRoute?: string } }).openapi;
  if (openapi?.openApiRoute) return openapi.openApiRoute.replace(/\{(\w+)\}/g, ':$1');
  return 'unmatched';
}

/**
 * Mirrors running totals kept elsewhere (the webhook sender's, the port's) into a counter at
 * scrape time: the counter is set to them, so it drops to 0 only when they do (a simulator reset),
 * which Prometheus reads as a counter reset.
 */
function mirrorTotals(c: Counter<string>, totals: Iterable<[Record<string, string>, number]>): void {
  c.reset();
  for (const [labels, total] of totals) c.inc(labels, total);
}

export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'code'>;
  private readonly latency: Histogram<'method' | 'route' | 'code'>;
  private readonly syncLatency: Histogram<'component' | 'outcome'>;
  private readonly hooked = new WeakSet<JobManager>();

  constructor(private readonly sources: MetricsSources) {
    const registers = [this.registry];
    if (sources.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'jobsim_' });
    this.requests = new Counter({ name: 'jobsim_http_requests_total', help: 'HTTP requests answered, by method, route template and status code.', labelNames: ['method', 'route', 'code'], registers });
    this.latency = new Histogram({
      name: 'jobsim_http_request_duration_seconds',
      help: 'Time to answer an HTTP request (until the response was written), by method, route template and status code.',
      labelNames: ['method', 'route', 'code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.syncLatency = new Histogram({
      name: 'jobsim_reconcile_duration_seconds',
      help: "Time to reconcile one batch object, on the engine's clock (virtual time on the simulator).",
      labelNames: ['component', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.engineMetrics(registers);
    this.webhookMetrics(registers);
    this.kubeMetrics(registers);
    this.simMetrics(registers);
    this.hookManagers();
  }

  /** Counts and times every request; mount first. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const start = process.hrtime.bigint();
      res.once('finish', () => {
        const labels = { method: req.method, route: routeOf(req, res), code: String(res.statusCode) };
        this.requests.inc(labels);
        this.latency.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
      });
      next();
    };
  }

  /** GET /metrics in the Prometheus text format. */
  handler(): RequestHandler {
    return async (_req, res) => {
      setRouteTemplate(res, '/metrics');
      this.hookManagers();
      const body = await this.registry.metrics();
      res.setHeader('content-type', this.registry.contentType);
      res.send(body);
    };
  }

  /** Times the reconciles of managers not seen yet. */
  private hookManagers(): void {
    for (const m of this.sources.managers()) {
      if (this.hooked.has(m)) continue;
      this.hooked.add(m);
      const component = m.component.name;
      m.reconciler.hooks.onSynced = (_object, ms, ok) => this.syncLatency.observe({ component, outcome: ok ? 'ok' : 'error' }, ms / 1000);
    }
  }

  private engineMetrics(registers: Registry[]): void {
    const sources = this.sources;
    new Gauge({
      name: 'jobsim_jobs',
      help: 'Jobs by job component and API status (single jobs and the jobs of batches).',
      labelNames: ['component', 'status'],
      registers,
      collect() {
        this.reset();
        for (const m of sources.managers()) {
          for (const h of componentHeads(m)) {
            for (const [status, n] of Object.entries(summarize(m, h).counts)) this.inc({ component: m.component.name, status }, n);
          }
        }
      },
    });
    new Gauge({
      name: 'jobsim_batches',
      help: 'Batches (type batch) and single jobs (type job) by job component and API status.',
      labelNames: ['component', 'type', 'status'],
      registers,
      collect() {
        this.reset();
        for (const m of sources.managers()) {
          for (const h of componentHeads(m)) {
            const s = summarize(m, h);
            this.inc({ component: m.component.name, type: s.type, status: s.status });
          }
        }
      },
    });
    new Gauge({
      name: 'jobsim_reconcile_queue_depth',
      help: 'Batch objects waiting to be reconciled.',
      labelNames: ['component'],
      registers,
      collect() {
        this.reset();
        for (const m of sources.managers()) this.set({ component: m.component.name }, m.reconciler.queueDepth);
      },
    });
    new Counter({
      name: 'jobsim_reconcile_errors_total',
      help: 'Reconciles that failed and were retried.',
      labelNames: ['component'],
      registers,
      collect() {
        mirrorTotals(this, [...sources.managers()].map((m) => [{ component: m.component.name }, m.reconciler.errors]));
      },
    });
  }

  private webhookMetrics(registers: Registry[]): void {
    const w = this.sources.webhooks;
    if (!w) return;
    const mirror = (name: string, help: string, key: keyof WebhookStats) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          mirrorTotals(this, [[{}, w.stats[key]]]);
        },
      });
    mirror('jobsim_webhook_deliveries_total', 'Webhook events delivered (2xx answer).', 'delivered');
    mirror('jobsim_webhook_retries_total', 'Webhook delivery attempts that failed and were retried.', 'retries');
    mirror('jobsim_webhook_dropped_total', 'Webhook events given up on (attempts exhausted, permanent error, queue full or shutdown).', 'dropped');
    new Gauge({
      name: 'jobsim_webhook_queued',
      help: 'Webhook events waiting to be delivered.',
      registers,
      collect() {
        this.set(w.stats.queued);
      },
    });
  }

  private kubeMetrics(registers: Registry[]): void {
    const port = this.sources.kube;
    if (!port) return;
    new Counter({
      name: 'jobsim_kube_requests_total',
      help: 'Requests to the Kubernetes API server (each attempt), by verb.',
      labelNames: ['verb'],
      registers,
      collect() {
        mirrorTotals(this, Object.entries(port.stats.byVerb).map(([verb, n]) => [{ verb }, n]));
      },
    });
    new Counter({
      name: 'jobsim_kube_request_errors_total',
      help: "Failed requests to the Kubernetes API server (each attempt), by verb and HTTP status code ('0': no answer).",
      labelNames: ['verb', 'code'],
      registers,
      collect() {
        mirrorTotals(this, Object.entries(port.stats.errors).flatMap(([verb, byCode]) => Object.entries(byCode).map(([code, n]) => [{ verb, code }, n] as [Record<string, string>, number])));
      },
    });
    new Counter({
      name: 'jobsim_kube_request_retries_total',
      help: 'Requests to the Kubernetes API server retried after a 429, 5xx or connection error.',
      registers,
      collect() {
        mirrorTotals(this, [[{}, port.stats.retries]]);
      },
    });
    new Counter({
      name: 'jobsim_kube_rate_limiter_waits_total',
      help: 'Requests that waited for a token of the client-side rate limiter.',
      registers,
      collect() {
        mirrorTotals(this, [[{}, port.limiter.waits]]);
      },
    });
    new Counter({
      name: 'jobsim_kube_rate_limiter_wait_seconds_total',
      help: 'Time requests spent waiting for the client-side rate limiter.',
      registers,
      collect() {
        mirrorTotals(this, [[{}, port.limiter.waitedMs / 1000]]);
      },
    });
    new Gauge({
      name: 'jobsim_kube_watches',
      help: 'Watches open on the Kubernetes API server.',
      registers,
      collect() {
        this.set(port.watches.size);
      },
    });
  }

  private simMetrics(registers: Registry[]): void {
    const rt = this.sources.sim;
    if (!rt) return;
    new Gauge({
      name: 'jobsim_sim_clock_seconds',
      help: "The simulator's virtual clock, seconds since the Unix epoch.",
      registers,
      collect() {
        this.set(rt.sim.now() / 1000);
      },
    });
    new Gauge({
      name: 'jobsim_sim_pending_events',
      help: "Work scheduled on the simulator's event queue.",
      registers,
      collect() {
        this.set(rt.sim.pendingEvents);
      },
    });
    new Counter({
      name: 'jobsim_sim_log_events_total',
      help: "Lines written to the simulator's event log (GET /sim/v1/events) since it started or was reset.",
      registers,
      collect() {
        mirrorTotals(this, [[{}, rt.sim.log.count]]);
      },
    });
    new Gauge({
      name: 'jobsim_sim_faults',
      help: 'Faults known to the simulator (scheduled or active).',
      registers,
      collect() {
        this.set(rt.sim.faults.list().length);
      },
    });
  }
}
