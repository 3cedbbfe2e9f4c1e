// A PostgreSQL cluster of one fault scenario's own (scripts/ensure-postgres.sh
// with its own port and data directory), which it may stop and start without
// touching the server every other test shares. Stopped by `pg_ctl stop` on
// its data directory (the postmaster's pid file), never by process name.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, runScript } from './local-services';

export interface PrivatePostgres {
  /** postgresql://postgres@127.0.0.1:<port>/postgres — may create databases. */
  serverUrl: string;
  port: number;
  /** Fast shutdown (open connections are cut), `downMs` of nothing, then the same cluster again. */
  restart(downMs: number): Promise<void>;
  /** Stops the cluster and deletes its files. */
  stop(): Promise<void>;
}

export async function startPrivatePostgres(label: string): Promise<PrivatePostgres> {
  const port = await freePort();
  // As root the cluster belongs to the `postgres` user: ensure-postgres.sh hands it this directory.
  const root = mkdtempSync(path.join(tmpdir(), `artist-import-${label}-pg-`));
  const { DATABASE_URL: _shared, ...rest } = process.env;
  // Without DATABASE_URL the script runs a local cluster, here on our port and directory.
  const env: NodeJS.ProcessEnv = { ...rest, ARTIST_IMPORT_PGPORT: String(port), ARTIST_IMPORT_PGDATA: root };
  const start = () => runScript('ensure-postgres.sh', env);
  const stopCluster = () => runScript('stop-postgres.sh', env);
  const serverUrl = await start();
  return {
    serverUrl,
    port,
    async restart(downMs) {
      await stopCluster();
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    async stop() {
      await stopCluster().catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
  };
}
