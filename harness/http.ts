// HTTP plumbing of the harness: the API served on a free loopback port, and
// JSON requests to it.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ApiApp } from '../api/app';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Stops listening and cuts open connections (SSE streams included). */
  close(): Promise<void>;
}

/** Serves `app` over real HTTP on 127.0.0.1 and a free port. */
export function listen(app: ApiApp): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as Server).closeAllConnections();
          }),
      });
    });
  });
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** A response's Server-Timing durations by metric name (ms), e.g. `claim;dur=3.1, temporal;dur=12` → { claim: 3.1, temporal: 12 }. */
export function serverTimings(res: Response): Record<string, number> {
  const header = res.headers.get('server-timing') ?? '';
  return Object.fromEntries(
    header.split(',').flatMap((metric) => {
      const [name, ...params] = metric.split(';').map((part) => part.trim());
      const dur = params.find((p) => p.startsWith('dur='));
      return name && dur ? [[name, Number(dur.slice('dur='.length))]] : [];
    }),
  );
}
