// The HTTP layer: paths that are not routes, methods a route does not have, slashes, query
// strings, headers. None of these changes state.
import type { Case } from '../support/cases.js';

const one = (id: string, method: string, path: string, opts: { body?: string; headers?: Record<string, string> } = {}): Case => ({
  id: `http/${id}`,
  group: 'http',
  async run(c) {
    await c.call(`${method} ${path}`, method, path, opts);
  },
});

export const httpCases: Case[] = [
  one('unknown-route', 'GET', '/api/v1/nope'),
  one('root', 'GET', '/'),
  one('other-api-version', 'GET', '/api/v2/jobs'),
  one('health', 'GET', '/healthz'),
  one('swagger-ui', 'GET', '/swaggerui/'),
  {
    // One rule, several probes: a method that a route's path does not have.
    id: 'http/methods-a-path-lacks',
    group: 'http',
    async run(c) {
      for (const [method, path] of [
        ['PUT', '/api/v1/jobs'],
        ['DELETE', '/api/v1/jobs'],
        ['PATCH', '/api/v1/batches/batch-x'],
        ['PUT', '/api/v1/jobs/a-b'],
        ['GET', '/api/v1/jobs/a-b/stop'],
        ['HEAD', '/api/v1/jobs/a-b'],
        ['OPTIONS', '/api/v1/jobs/a-b'],
      ] as const) {
        await c.call(`${method} ${path}`, method, path);
      }
    },
  },
  one('get-stop-jobs', 'GET', '/api/v1/jobs/stop'),
  one('get-stop-batches', 'GET', '/api/v1/batches/stop'),
  one('delete-stop-jobs', 'DELETE', '/api/v1/jobs/stop'),
  one('trailing-slash-get', 'GET', '/api/v1/jobs/a-b/'),
  one('trailing-slash-get-batch', 'GET', '/api/v1/batches/batch-x/'),
  one('trailing-slash-post', 'POST', '/api/v1/jobs/a-b/stop/'),
  one('double-slash-inside', 'GET', '/api/v1//batches/batch-x'),
  one('double-slash-leading', 'GET', '//api/v1/batches/batch-x'),
  one('double-slash-before-name', 'GET', '/api/v1/jobs//a-b'),
  one('dot-segment', 'GET', '/api/v1/jobs/../batches/batch-x'),
  one('query-string', 'GET', '/api/v1/batches/batch-x?limit=1'),
  one('upper-case-route', 'GET', '/API/V1/BATCHES/batch-x'),
  one('encoded-route-slash', 'GET', '/api%2Fv1/batches/batch-x'),
];
