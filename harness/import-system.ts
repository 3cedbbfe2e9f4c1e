// The whole system for one test file (or the benchmark), on real services
// (Temporal dev server, PostgreSQL): fake providers on a random port, a worker
// on a task queue of its own, and the API served over real HTTP.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import pino, { type Logger } from 'pino';
import { createApp, KICKOFF_PATH } from '../api/app';
import type { AppDeps } from '../api/deps';
import { ProgressWatchers } from '../api/progress-watchers';
import { connectTemporal } from '../api/temporal-calls';
import { warmUp } from '../api/warm-up';
import { loadEnv, type Env } from '../config/env';
import { createDb, createLimitsPool, type Db } from '../db/client';
import { startFakeProviders, type FakeProviders } from '../fakes/server';
import { createProviders } from '../providers';
import type { HttpOverrides } from '../providers/http';
import { createArtistImportWorker } from '../worker/create-worker';
import type { CompiledEntry } from '../build/compiled-entry';
import { inputsPathOf, REPO_ROOT } from '../build/inputs';
import { buildWorkflowBundle, writeWorkflowBundle, type BuiltWorkflowBundle } from '../worker/workflow-bundle';
import type { ImportProgress } from '../domain/progress';
import { listen, postJson } from './http';

// Short backoffs and generous rate limits keep the suite fast, and no daily
// quotas (every test file of a run shares one database, so one quota); the
// limits themselves are tested in tests/providers and tests/import/quota-wait.
export const FAST_HTTP: HttpOverrides = {
  baseDelayMs: 20,
  maxDelayMs: 200,
  rateLimits: {
    ticketmaster: { requestsPerInterval: 100, maxConcurrent: 8, requestsPerDay: null },
    spotify: { requestsPerInterval: 200, maxConcurrent: 8, requestsPerDay: null },
    setlistfm: { requestsPerInterval: 50, requestsPerDay: null },
    // The fake MusicBrainz answers 503 above 1 request/s, as the real one does: keep its real limit.
    musicbrainz: { requestsPerDay: null },
  },
};

export const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });

let bundle: Promise<BuiltWorkflowBundle> | undefined;
/** The workflow bundle, built once per test file (webpack takes seconds). */
export function workflowBundle(): Promise<{ code: string }> {
  bundle ??= buildWorkflowBundle();
  return bundle.then(({ code }) => ({ code }));
}

let bundleFile: Promise<string> | undefined;
/** The same bundle as a file with its inputs list, for worker processes (WORKFLOW_BUNDLE_PATH): they start without bundling. */
export function workflowBundleFile(): Promise<string> {
  bundle ??= buildWorkflowBundle();
  bundleFile ??= bundle.then(async (built) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'artist-import-bundle-'));
    const file = path.join(dir, 'workflow-bundle.js');
    await writeWorkflowBundle(file, built);
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return file;
  });
  return bundleFile;
}

const compiledFiles = new Map<CompiledEntry, Promise<string>>();
/**
 * The API or the worker as `npm run build:server` builds it (build/compiled-entry.ts), once per
 * process: a file in .local/ (a compiled entry point must sit directly under the repository),
 * removed at exit.
 */
export function compiledEntryFile(entry: CompiledEntry): Promise<string> {
  let built = compiledFiles.get(entry);
  if (built) return built;
  built = (async () => {
    const { buildCompiledEntry } = await import('../build/compiled-entry');
    const file = path.join(REPO_ROOT, '.local', `harness-${path.dirname(entry)}-${process.pid}.mjs`);
    mkdirSync(path.dirname(file), { recursive: true });
    await buildCompiledEntry(entry, file);
    process.once('exit', () => {
      rmSync(file, { force: true });
      rmSync(inputsPathOf(file), { force: true });
    });
    return file;
  })();
  compiledFiles.set(entry, built);
  return built;
}

export interface ImportSystem {
  env: Env;
  fakes: FakeProviders;
  db: Db;
  client: Client;
  taskQueue: string;
  /** Base URL of the API, e.g. http://127.0.0.1:41234 */
  apiUrl: string;
  /** The API's shared progress watchers (how many queries its SSE streams cost). */
  watchers: ProgressWatchers;
  worker: Worker | null;
  startWorker(): Promise<Worker>;
  stopWorker(): Promise<void>;
  /** POST /api/artists/import and return the API's answer. */
  importArtist(tmAttractionId: string): Promise<ImportAccepted>;
  /** Waits for the import's workflow to finish and returns its final progress. */
  finalProgress(tmAttractionId: string): Promise<ImportProgress>;
  stop(): Promise<void>;
}

export interface ImportSystemOptions {
  /** Where the API and worker log (default: warn level to stdout; TEST_LOG_LEVEL changes it). */
  logger?: Logger;
  /** The Temporal dev server and the migrated database to use (tests: from the global setup). */
  temporalAddress: string;
  databaseUrl: string;
  /** Environment overrides (e.g. DATABASE_URL of a database of the test's own). */
  env?: Record<string, string>;
  /** Start the in-process worker right away (default true). */
  worker?: boolean;
  /** HTTP layer overrides; by default short backoffs and generous rate limits keep the suite fast. */
  http?: HttpOverrides;
  /** How often SSE streams query the workflow (default 50 ms). */
  progressPollMs?: number;
  /** A progress stream whose write stays unflushed this long is dropped (the API's default unless set). */
  sseWriteTimeoutMs?: number;
  /** Serve the built fans' web app (web/dist) at `/`, as the API process does. */
  webAppDir?: string;
  /** Temporal UI base URL the web app links imports to. */
  temporalUiUrl?: string;
  /**
   * How long the Spotify client remembers a discovered refusal (default 0:
   * tests switch the fakes' contract and audio features between imports).
   */
  spotifyRediscoverAfterMs?: number;
}

export async function startImportSystem(opts: ImportSystemOptions): Promise<ImportSystem> {
  const log = opts.logger ?? logger;
  const fakes = await startFakeProviders({ port: 0 });
  const taskQueue = `test-${randomUUID()}`;
  const env = loadEnv({
    ...fakes.env,
    DATABASE_URL: opts.databaseUrl,
    TEMPORAL_ADDRESS: opts.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    PORT: '0',
    ...opts.env,
  });
  const db = createDb(env.DATABASE_URL);
  const { connection, queryCalls } = await connectTemporal(env.TEMPORAL_ADDRESS);
  const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  // As the worker and the API do: provider limits counted in PostgreSQL, shared by both.
  // An idle connection ended by the server (a test dropping its database) must not end the test process.
  const limitsPool = createLimitsPool(env.DATABASE_URL, (err) => log.debug({ err }, 'provider limits: an idle database connection failed'));
  const providers = createProviders(env, { http: opts.http ?? FAST_HTTP, limitsPool, spotifyRediscoverAfterMs: opts.spotifyRediscoverAfterMs ?? 0 });

  const appDeps: AppDeps = {
    db,
    temporal: client,
    taskQueue,
    ticketmaster: providers.ticketmaster,
    logger: log,
    progressPollMs: opts.progressPollMs ?? 50,
    sseWriteTimeoutMs: opts.sseWriteTimeoutMs,
    providerStats: () => ({ ticketmaster: providers.stats().ticketmaster }),
    temporalQueryCalls: queryCalls,
    webAppDir: opts.webAppDir,
    temporalUiUrl: opts.temporalUiUrl,
    temporalNamespace: env.TEMPORAL_NAMESPACE,
  };
  const watchers = new ProgressWatchers(appDeps);
  const app = createApp(appDeps, { progressWatchers: watchers });
  // As api/main.ts does: warm before listening, so the first request is as fast as the next.
  await warmUp(appDeps, app);
  const server = await listen(app);
  const apiUrl = server.url;

  let nativeConnection: NativeConnection | null = null;
  let running: Promise<void> | null = null;
  const system: ImportSystem = {
    env,
    fakes,
    db,
    client,
    taskQueue,
    apiUrl,
    watchers,
    worker: null,
    async startWorker() {
      nativeConnection ??= await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
      const worker = await createArtistImportWorker({
        connection: nativeConnection,
        client,
        namespace: env.TEMPORAL_NAMESPACE,
        taskQueue,
        db,
        providers,
        logger: log,
        workflowBundle: await workflowBundle(),
      });
      running = worker.run();
      system.worker = worker;
      return worker;
    },
    async stopWorker() {
      if (!system.worker) return;
      system.worker.shutdown();
      await running;
      system.worker = null;
    },
    importArtist: (tmAttractionId) => requestImport(apiUrl, tmAttractionId),
    async finalProgress(tmAttractionId) {
      return client.workflow.getHandle(`artist-import-${tmAttractionId}`).result();
    },
    async stop() {
      await system.stopWorker();
      await nativeConnection?.close();
      await server.close();
      await connection.close();
      await db.$disconnect();
      await limitsPool.end();
      await fakes.close();
    },
  };
  if (opts.worker !== false) await system.startWorker();
  return system;
}

/** Row counts of every table, to prove a re-import adds nothing. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<Array<{ table: string; n: number }>>`
    SELECT 'Artist' AS table, count(*)::int AS n FROM "Artist"
    UNION ALL SELECT 'Venue', count(*)::int FROM "Venue"
    UNION ALL SELECT 'Show', count(*)::int FROM "Show"
    UNION ALL SELECT 'Song', count(*)::int FROM "Song"
    UNION ALL SELECT 'ArtistSong', count(*)::int FROM "ArtistSong"
    UNION ALL SELECT 'Setlist', count(*)::int FROM "Setlist"
    UNION ALL SELECT 'SetlistSong', count(*)::int FROM "SetlistSong"
    UNION ALL SELECT 'Vote', count(*)::int FROM "Vote"`;
  return Object.fromEntries(rows.map((r) => [r.table, r.n]));
}

/** The API's answer to an accepted kickoff (202). */
export interface ImportAccepted {
  artistId: string;
  slug: string;
  workflowId: string;
}

/** POST /api/artists/import at the API at `apiUrl`; fails unless it answers 202. */
export async function requestImport(apiUrl: string, tmAttractionId: string): Promise<ImportAccepted> {
  const res = await postJson(`${apiUrl}${KICKOFF_PATH}`, { tmAttractionId });
  if (res.status !== 202) throw new Error(`import of ${tmAttractionId} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as ImportAccepted;
}
