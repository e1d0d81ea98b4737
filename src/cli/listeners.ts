// One HTTP listener per job component, on its schedulerPort: shared by both backends of `jobsim serve`.
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { JobComponent } from '../engine/types.js';

export interface ListenOptions {
  components: JobComponent[];
  host: string;
  appFor(component: JobComponent): Express;
  log: Logger;
  /** Log fields and a suffix for the "listening" line. */
  describe: { fields: Record<string, unknown>; suffix?: string };
  /** What to tell the user when a port is taken. */
  portHint: string;
  /** Releases what the caller started when listening fails. */
  onFail(): void;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function listenComponents(o: ListenOptions): Promise<Server[]> {
  const servers: Server[] = [];
  for (const component of o.components) {
    const http = createServer(o.appFor(component));
    try {
      await listen(http, component.schedulerPort, o.host);
    } catch (err) {
      o.onFail();
      for (const s of servers) s.close();
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new Error(`port ${component.schedulerPort} on ${o.host} is already in use (job component ${component.name}); ${o.portHint}`);
      }
      throw err;
    }
    servers.push(http);
    const url = `http://${o.host}:${component.schedulerPort}`;
    o.log.info({ component: component.name, url, ...o.describe.fields }, `jobsim: Job Manager for ${component.name} listening on ${url}${o.describe.suffix ?? ''}`);
  }
  return servers;
}

export function closeServers(servers: Server[]): Promise<void> {
  return Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined);
}
