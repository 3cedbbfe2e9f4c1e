// The API process: configuration, clients, HTTP server, graceful shutdown.
import './v8-flags'; // first: before Prisma compiles its WebAssembly
import { setMaxListeners } from 'node:events';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Client } from '@temporalio/client';
import { pino } from 'pino';
import { refuseIfStale } from '../build/compiled-entry';
import { loadEnv } from '../config/env';
import { createDb, createLimitsPool } from '../db/client';
import { createTicketmaster } from '../providers';
import { createApp } from './app';
import { createClientLimits } from './client-limits';
import type { AppDeps } from './deps';
import { warmOverLoopback, warmUp } from './warm-up';
import { connectTemporal } from './temporal-calls';

/** Open connections (SSE readers mostly) get this long to end before they are cut. */
const SHUTDOWN_GRACE_MS = 10_000;
/** The fans' web app as `npm run build:web` writes it. */
const WEB_APP_DIR = path.resolve(import.meta.dirname, '..', 'web', 'dist');

async function main(): Promise<void> {
  // Compiled (`npm run build:server`: dist/api.mjs), this module runs only while its sources are as they were built from.
  await refuseIfStale(import.meta.url);
  const env = loadEnv();
  const logger = pino({ level: env.LOG_LEVEL, base: { service: 'api' } });
  const db = createDb(env.DATABASE_URL);
  // rate-limiter-flexible keeps the per-client budgets and the provider limits (shared with
  // the workers: Ticketmaster's rate and quota) through a small pg pool of its own.
  const limitsPool = createLimitsPool(env.DATABASE_URL, (err) => logger.warn({ err }, 'rate limits: an idle database connection failed'));
  const { connection, queryCalls } = await connectTemporal(env.TEMPORAL_ADDRESS);
  const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  // The API only searches Ticketmaster: it needs no other provider's key.
  const { client: ticketmaster, http: ticketmasterHttp } = createTicketmaster(env, { limitsPool });
  const shutdown = new AbortController();
  // Every open progress stream listens for the shutdown: thousands of listeners are expected, not a leak.
  setMaxListeners(0, shutdown.signal);

  const deps: AppDeps = {
    db,
    temporal,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    ticketmaster,
    adminToken: env.ADMIN_TOKEN,
    temporalNamespace: env.TEMPORAL_NAMESPACE,
    temporalUiUrl: env.TEMPORAL_UI_URL,
    webAppDir: WEB_APP_DIR,
    logger,
    providerStats: () => ({ ticketmaster: ticketmasterHttp.stats }),
    temporalQueryCalls: queryCalls,
    corsOrigins: env.CORS_ORIGINS,
    voterCookieSecret: env.VOTER_COOKIE_SECRET,
    clientLimits: createClientLimits(limitsPool, {
      perMinute: { import: env.RATE_LIMIT_IMPORTS_PER_MINUTE, search: env.RATE_LIMIT_SEARCHES_PER_MINUTE, vote: env.RATE_LIMIT_VOTES_PER_MINUTE },
      trustProxy: env.TRUST_PROXY,
    }),
    shutdownSignal: shutdown.signal,
  };
  if (!env.VOTER_COOKIE_SECRET) logger.warn('VOTER_COOKIE_SECRET is not set: voter cookies are signed with a secret of this process only');
  const app = createApp(deps);
  // Requests whose handler is still running, whether or not their client is still there.
  let handling = 0;
  const fetch = async (...args: Parameters<typeof app.fetch>): Promise<Response> => {
    handling++;
    try {
      return await app.fetch(...args);
    } finally {
      handling--;
    }
  };

  // Listening only once warm: /readyz answers ready only when the first request is as fast as the next.
  const warmUpMs = await warmUp(deps, app);
  const overLoopbackMs = await warmOverLoopback(fetch);
  logger.info({ ms: warmUpMs, overLoopbackMs }, 'warmed up');

  const server = serve({ fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
    logger.info({ url: `http://${host}:${info.port}`, temporal: env.TEMPORAL_ADDRESS, taskQueue: env.TEMPORAL_TASK_QUEUE }, 'API listening');
  }) as Server;
  // Slow or stalled clients cannot hold a connection open by sending a request slowly
  // (progress streams are responses, which these limits do not cut).
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const closed = new Promise<void>((resolve) => server.close(() => resolve())); // stop accepting
    // A request that still arrives on a kept-alive connection (an EventSource
    // reconnecting at once) is answered and its connection then closed.
    // Without this, each SSE client reconnected over its open connection every
    // second to a stream that ended at once, until the grace below ran out:
    // every stop took 10 s. (A `Connection: close` header would not do: the
    // SSE response sets `Connection: keep-alive` itself.)
    server.prependListener('request', (req, res) => res.once('finish', () => req.socket.end()));
    shutdown.abort(); // SSE streams end; their clients reconnect elsewhere with Last-Event-ID
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    force.unref();
    await closed;
    clearTimeout(force);
    // The server is closed once every connection is, but a handler whose
    // client left may still be running: it finishes before the database goes.
    const settleBy = Date.now() + SHUTDOWN_GRACE_MS;
    while (handling > 0 && Date.now() < settleBy) await sleep(50);
    await db.$disconnect();
    await limitsPool.end();
    logger.info('stopped');
    // Exit rather than close the Temporal connection and wait for the loop to
    // drain: a call some handler or stream watcher started may be in the gRPC
    // client's retry backoff, and closing the channel under it throws out of a
    // timer (the process died with exit 1 under 100 reconnecting SSE clients);
    // idle keep-alive sockets would also hold the process for seconds more.
    process.exit(process.exitCode ?? 0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stop(signal).catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exitCode = 1;
      });
    });
  }
}

main().catch((err: unknown) => {
  // Start-up failures (bad env, Temporal or keys missing) are printed whole: there is no logger yet.
  console.error(err);
  process.exit(1);
});
