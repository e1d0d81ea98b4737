// The start-up banner of `jobsim serve`: where the API, the dashboard, Swagger UI and the metrics
// are, with the port each listener actually bound (so `--port 0` shows the one it got).

export interface BannerListener {
  component: string;
  host: string;
  /** The bound port. */
  port: number;
}

export interface BannerOptions {
  listeners: BannerListener[];
  backend: string;
  ui: boolean;
}

/** A host as it goes into a URL: IPv6 in brackets, the wildcard addresses as localhost. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

export function bannerUrls(l: BannerListener, ui: boolean): Record<string, string> {
  const base = `http://${urlHost(l.host)}:${l.port}`;
  return {
    api: `${base}/api/v1`,
    ...(ui ? { dashboard: `${base}/ui/` } : {}),
    swaggerUi: `${base}/swaggerui/`,
    metrics: `${base}/metrics`,
  };
}

/** The banner's lines, one block per job component. */
export function bannerLines(o: BannerOptions): string[] {
  const lines = [`jobsim serve (${o.backend} backend) is ready`];
  for (const l of o.listeners) {
    const urls = bannerUrls(l, o.ui);
    lines.push(`  job component ${l.component} on ${l.host} port ${l.port}`);
    lines.push(`    API          ${urls.api}`);
    if (urls.dashboard) lines.push(`    Dashboard    ${urls.dashboard}`);
    lines.push(`    Swagger UI   ${urls.swaggerUi}`);
    lines.push(`    Metrics      ${urls.metrics}`);
  }
  return lines;
}
