// The worker process: connects to Temporal, registers the search attributes,
// creates or updates the Temporal Schedules (unless SCHEDULES_SETUP=false),
// and runs the ArtistImport workflow and its activities until SIGINT/SIGTERM
// (the Temporal runtime turns those signals into a graceful shutdown).
import './v8-flags'; // first: before Prisma compiles its WebAssembly and the workflow thread starts
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { refuseIfStale } from '../build/compiled-entry';
import { loadEnv } from '../config/env';
import { createDb, createLimitsPool } from '../db/client';
import { createProviders } from '../providers';
import { warmProviderHttp } from '../providers/http';
import { warmActivityDatabase } from '../activities/warm-up';
import { createArtistImportWorker } from './create-worker';
import { ensureSchedules, schedulesConfig } from './schedules';
import { ensureSearchAttributes } from './search-attributes';
import { lowerCpuPriority } from './cpu-priority';
import { currentWorkflowBundle } from './workflow-bundle';

async function main(): Promise<void> {
  // Compiled (`npm run build:server`: dist/worker.mjs), this module runs only while its sources are as they were built from.
  await refuseIfStale(import.meta.url);
  const env = loadEnv();
  const logger = pino({ level: env.LOG_LEVEL, base: { process: 'worker' } });
  // First, before the Temporal runtime and the workflow thread start their threads (they inherit it).
  logger.info({ niceness: lowerCpuPriority(env.WORKER_NICENESS) }, 'CPU priority');
  if (env.WORKER_METRICS_ADDRESS) {
    // Temporal's own SDK metrics (task latencies, slots, polls, activity and workflow outcomes), from the core runtime.
    Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: env.WORKER_METRICS_ADDRESS } } } });
    logger.info({ url: `http://${env.WORKER_METRICS_ADDRESS}/metrics` }, 'worker metrics served');
  }
  // Provider rates and daily quotas are counted in PostgreSQL (rate-limiter-flexible),
  // so they hold for every worker and API process together; a small pool of their own.
  const limitsPool = createLimitsPool(env.DATABASE_URL, (err) => logger.warn({ err }, 'provider limits: an idle database connection failed'));
  const providers = createProviders(env, { limitsPool });
  const db = createDb(env.DATABASE_URL);

  const clientConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const added = await ensureSearchAttributes(clientConnection, env.TEMPORAL_NAMESPACE);
  if (added.length > 0) logger.info({ added }, 'registered search attributes');
  const client = new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE });
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  if (env.SCHEDULES_SETUP) {
    // Imports must not wait on the schedules: a failed set-up (say, two workers
    // updating at once) is logged, and the next start or `npm run schedules` repairs it.
    try {
      const changes = await ensureSchedules(client, schedulesConfig(env));
      logger.info({ schedules: changes }, 'schedules set up');
    } catch (err) {
      logger.error({ err }, 'could not set up the schedules; run `npm run schedules`');
    }
  }

  // Built ahead (`npm run build:server`: npm start, the Docker image), so webpack never runs in this process.
  const workflowBundle = await currentWorkflowBundle(env.WORKFLOW_BUNDLE_PATH, logger);
  const worker = await createArtistImportWorker({
    connection,
    client,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    db,
    providers,
    logger,
    ...(env.SETLISTFM_HISTORY_DEPTH ? { setlistHistoryDepth: env.SETLISTFM_HISTORY_DEPTH } : {}),
    ...(workflowBundle ? { workflowBundle } : {}),
  });
  // Before the first task: a provider request must not pay fetch's first use after its rate grant,
  // nor the first imports the database client's (activities/warm-up.ts).
  const warmStarted = performance.now();
  await warmProviderHttp();
  logger.info({ ms: Math.round(performance.now() - warmStarted) }, 'provider HTTP client warmed');
  logger.info({ ms: await warmActivityDatabase(db) }, 'database client warmed');
  logger.info({ taskQueue: env.TEMPORAL_TASK_QUEUE, address: env.TEMPORAL_ADDRESS }, 'worker started');
  try {
    await worker.run();
  } finally {
    await connection.close();
    await clientConnection.close();
    await db.$disconnect();
    await limitsPool.end();
    logger.info('worker stopped');
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
