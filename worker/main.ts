// The worker process: connects to Temporal, registers the search attributes,
// and runs the ArtistImport workflow and its activities until SIGINT/SIGTERM
// (the Temporal runtime turns those signals into a graceful shutdown).
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import { loadEnv } from '../config/env';
import { createDb } from '../db/client';
import { createProviders } from '../providers';
import { createArtistImportWorker } from './create-worker';
import { ensureSearchAttributes } from './search-attributes';

async function main(): Promise<void> {
  const env = loadEnv();
  const logger = pino({ level: env.LOG_LEVEL, base: { process: 'worker' } });
  const providers = createProviders(env);
  const db = createDb(env.DATABASE_URL);

  const clientConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const added = await ensureSearchAttributes(clientConnection, env.TEMPORAL_NAMESPACE);
  if (added.length > 0) logger.info({ added }, 'registered search attributes');
  const client = new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE });
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });

  const worker = await createArtistImportWorker({
    connection,
    client,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    db,
    providers,
    logger,
    ...(env.SETLISTFM_HISTORY_DEPTH ? { setlistHistoryDepth: env.SETLISTFM_HISTORY_DEPTH } : {}),
  });
  logger.info({ taskQueue: env.TEMPORAL_TASK_QUEUE, address: env.TEMPORAL_ADDRESS }, 'worker started');
  try {
    await worker.run();
  } finally {
    await connection.close();
    await clientConnection.close();
    await db.$disconnect();
    logger.info('worker stopped');
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
