// The services of the scenarios that stop them: a PostgreSQL cluster and a
// Temporal dev server (persisted to a SQLite file, so a restart keeps every
// workflow) of their own, so stopping them disturbs no other test or helper.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startTemporal, stopProcess, type TemporalServer } from '../local-services';
import { startPrivatePostgres, type PrivatePostgres } from '../private-postgres';
import { sleep } from './outcome';

export interface PrivateStack {
  postgres: PrivatePostgres;
  temporalAddress: string;
  /** Stops the Temporal server (SIGTERM), waits `downMs`, and starts it again on the same port and file. */
  restartTemporal(downMs: number): Promise<{ stoppedMs: number; startMs: number }>;
  stop(): Promise<void>;
}

export async function startPrivateStack(opts: { label: string; temporalCliPath: string; runDir: string }): Promise<PrivateStack> {
  const dir = path.join(opts.runDir, `${opts.label}-temporal`);
  mkdirSync(dir, { recursive: true });
  const dbFilename = path.join(dir, 'temporal.sqlite');
  const postgres = await startPrivatePostgres(opts.label);
  let temporal: TemporalServer;
  try {
    temporal = await startTemporal(opts.temporalCliPath, dir, { dbFilename });
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  const port = Number(temporal.address.split(':')[1]);
  return {
    postgres,
    temporalAddress: temporal.address,
    async restartTemporal(downMs) {
      const t0 = Date.now();
      await stopProcess(temporal.child, 10_000);
      const stoppedMs = Date.now() - t0;
      await sleep(downMs);
      const t1 = Date.now();
      temporal = await startTemporal(opts.temporalCliPath, dir, { dbFilename, port });
      return { stoppedMs, startMs: Date.now() - t1 };
    },
    async stop() {
      await stopProcess(temporal.child, 10_000);
      await postgres.stop();
    },
  };
}
