// What the API does once before it listens, so that the first fan's request
// is as fast as the next ones: the database pool opened and the kickoff's
// statements run once (on a shell row deleted after), the Temporal client's
// channel and workflow calls exercised (a describe, and the start of a
// workflow that never runs and is deleted at once: see warmWorkflowStart),
// and a request routed and validated, in process and then over a real
// connection (see warmOverLoopback), each once from no origin and once from
// another origin: a browser's request from another origin (the fans' web app
// behind a TLS-terminating proxy is one: its https origin is not the
// request's http URL) runs `cors`, and Hono and @hono/node-server then take
// other paths to answer it (api/app.ts, crossOriginOnly).
import { once } from 'node:events';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Hono } from 'hono';
import { artistImportWorkflowId } from '../domain/import-workflow';
import { KICKOFF_PATH } from './app';
import type { AppDeps } from './deps';
import { warmImportStart, warmWorkflowStart } from './import-start';

/** Warms the process up; returns how long it took (ms). Fails when the database or Temporal cannot be reached. */
export async function warmUp(deps: AppDeps, app: Pick<Hono, 'request'>): Promise<number> {
  const t0 = performance.now();
  await Promise.all([
    warmImportStart(deps.db),
    deps.temporal.workflow
      .getHandle(artistImportWorkflowId('~warm-up'))
      .describe()
      .catch((err: unknown) => {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }),
    warmWorkflowStart(deps),
    // A body the route refuses (400): routing and validation run, nothing is started.
    ...WARM_UP_ORIGINS.map((origin) => app.request(KICKOFF_PATH, { method: 'POST', body: REFUSED_KICKOFF.body, headers: refusedKickoffHeaders(origin) })),
  ]);
  return Math.round(performance.now() - t0);
}

const REFUSED_KICKOFF = { body: '{}', headers: { 'content-type': 'application/json' } };

/** The warm-up requests' origins: none (as curl, or a same-origin page when the API serves it directly), and another. */
const WARM_UP_ORIGINS = [undefined, 'https://warm-up.invalid'] as const;

function refusedKickoffHeaders(origin: (typeof WARM_UP_ORIGINS)[number]): Record<string, string> {
  return origin ? { ...REFUSED_KICKOFF.headers, origin } : REFUSED_KICKOFF.headers;
}

/**
 * The refused kickoffs once more (from no origin, then from another), sent
 * over a real connection to a throwaway loopback server with the process's
 * own handler: what `app.request` skips runs once too (Node's HTTP parser,
 * @hono/node-server's request and body adapters, writing the answer to a
 * socket). The first fan's kickoff after
 * ready took a median 39 ms inside the API without it, 29 ms with it (13
 * interleaved runs; README, "The first kickoff after ready").
 * With per-client budgets on, it spends two imports of the loopback address's
 * budget for a minute. Returns how long it took (ms).
 */
export async function warmOverLoopback(fetch: Parameters<typeof serve>[0]['fetch']): Promise<number> {
  const t0 = performance.now();
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  try {
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    for (const origin of WARM_UP_ORIGINS) {
      await new Promise<void>((answered, failed) => {
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: KICKOFF_PATH, headers: refusedKickoffHeaders(origin) }, (res) => {
          res.resume().once('end', answered).once('error', failed);
        });
        req.once('error', failed).end(REFUSED_KICKOFF.body);
      });
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((closed) => server.close(() => closed()));
  }
  return Math.round(performance.now() - t0);
}
