// `jobsim serve` in-process on 127.0.0.1 and a free port, as the CLI runs it (extensions and all).
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { serve, type ServeOptions, type Serving } from '../../src/cli/serve.js';

export interface TestServer {
  serving: Serving;
  base: string;
  post<T>(path: string, body?: unknown): Promise<T>;
  get<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

export async function startServer(overrides: Partial<ServeOptions> = {}): Promise<TestServer> {
  const opts: ServeOptions = {
    port: 0,
    host: '127.0.0.1',
    seed: '1',
    clock: 'manual',
    compat: 'documented',
    component: 'compute',
    bodyLimit: '64mb',
    backoffCap: 600,
    workloadSeconds: 5,
    historyLimit: 10,
    ...overrides,
  };
  const serving = await serve(opts, pino({ level: 'silent' }));
  const port = (serving.servers[0]!.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(base + path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    serving,
    base,
    post: <T>(path: string, body?: unknown) => call<T>('POST', path, body),
    get: <T>(path: string) => call<T>('GET', path),
    close: () => serving.close(),
  };
}

export { freePort } from '../support/net.js';
