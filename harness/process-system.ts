// The whole import system with the API and the workers in processes of their
// own (harness/app-processes.ts), the fake providers in this one: what a
// deployment runs, so each process's CPU and memory can be read apart.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { startFakeProviders, type FakeProviders } from '../fakes/server';
import { compiledEntryFile, requestImport, workflowBundleFile, type ImportAccepted } from './import-system';
import { appEnv, startApiProcess, startWorkerProcess, type ApiProcess, type AppProcess } from './app-processes';

export interface ProcessSystemOptions {
  temporalAddress: string;
  /** A migrated database. */
  databaseUrl: string;
  /** Worker processes on the task queue (default 1; 0: imports stay queued). */
  workers?: number;
  /** Extra environment of the API and worker processes. */
  env?: Record<string, string>;
  /**
   * 'built' (default): the API and the workers run as `npm start` and the Docker image run them —
   * compiled ahead (`node api.mjs`, `node worker.mjs`: no tsx), the workers on a workflow bundle
   * built ahead (WORKFLOW_BUNDLE_PATH), all built once here; 'source': `tsx api/main.ts` and
   * `tsx worker/main.ts`, each worker bundling workflows/ itself at start.
   */
  run?: 'built' | 'source';
}

export interface ProcessSystem {
  fakes: FakeProviders;
  api: ApiProcess;
  workers: AppProcess[];
  /** Base URL of the API process. */
  apiUrl: string;
  taskQueue: string;
  /** A Temporal client of this process (to describe or wait for workflows). */
  client: Client;
  /** POST /api/artists/import and return the API's answer. */
  importArtist(tmAttractionId: string): Promise<ImportAccepted>;
  /** Query calls the API has sent to Temporal, retries included (its /metrics). */
  temporalQueryCalls(): Promise<number>;
  stop(): Promise<void>;
}

export async function startProcessSystem(opts: ProcessSystemOptions): Promise<ProcessSystem> {
  const built = (opts.run ?? 'built') === 'built';
  const bundle: Record<string, string> = built ? { WORKFLOW_BUNDLE_PATH: await workflowBundleFile() } : {};
  const compiledWorker = built ? await compiledEntryFile('worker/main.ts') : undefined;
  const compiledApi = built ? await compiledEntryFile('api/main.ts') : undefined;
  const fakes = await startFakeProviders({ port: 0 });
  const taskQueue = `bench-${randomUUID()}`;
  const env = appEnv({ databaseUrl: opts.databaseUrl, temporalAddress: opts.temporalAddress, taskQueue, providers: fakes.env, extra: { ...bundle, ...opts.env } });
  const started: AppProcess[] = [];
  try {
    // One after the other: each bundles or warms up on a machine that may have only 2 cores.
    for (let i = 0; i < (opts.workers ?? 1); i++) started.push(await startWorkerProcess(env, compiledWorker));
    const api = await startApiProcess(env, undefined, compiledApi);
    started.push(api);
    const connection = await Connection.connect({ address: opts.temporalAddress });
    const client = new Client({ connection, namespace: 'default' });
    const workers = started.filter((p) => p.entry === 'worker/main.ts');
    return {
      fakes,
      api,
      workers,
      apiUrl: api.url,
      taskQueue,
      client,
      importArtist: (tmAttractionId) => requestImport(api.url, tmAttractionId),
      async temporalQueryCalls() {
        const text = await (await fetch(`${api.url}/metrics`)).text();
        const value = /^temporal_query_calls_total (\d+)/m.exec(text)?.[1];
        if (value === undefined) throw new Error('the API serves no temporal_query_calls_total');
        return Number(value);
      },
      async stop() {
        await Promise.all(started.map((p) => p.stop()));
        await connection.close();
        await fakes.close();
      },
    };
  } catch (error) {
    await Promise.all(started.map((p) => p.stop(1_000)));
    await fakes.close();
    throw error;
  }
}
