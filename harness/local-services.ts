// Private local services for one run of the tests or the benchmark: a
// Temporal dev server (in memory, free loopback port, the import's search
// attributes) and a fresh PostgreSQL database with every migration applied.
// `stop()` stops the server by its pid and drops the database. Nothing here
// depends on ports, databases or servers a developer may already be running.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { applyMigrations, redact } from '../prisma/migrate';
import { runAdminStatement, withDatabase } from '../prisma/schema-engine';
import { SEARCH_ATTRIBUTES } from '../domain/import-workflow';


const repoRoot = path.resolve(import.meta.dirname, '..');
const execFileAsync = promisify(execFile);

function log(message: string): void {
  process.stderr.write(`[local-services] ${message}\n`);
}

/** Runs scripts/<script> and returns what it printed (e.g. a binary's path or a database URL). */
export async function runScript(script: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  try {
    const { stdout } = await execFileAsync('bash', [path.join(repoRoot, 'scripts', script)], {
      cwd: repoRoot,
      env,
      maxBuffer: 1 << 20,
      // Installs may take minutes on a fresh machine.
      timeout: 15 * 60_000,
    });
    return stdout.trim();
  } catch (error) {
    const e = error as Error & { stderr?: string };
    throw new Error(`scripts/${script} failed:\n${e.stderr ?? e.message}`);
  }
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface TemporalServer {
  address: string;
  child: ChildProcess;
  logFile: string;
}

export interface TemporalServerOptions {
  /** Default: a free port. A restarted server takes its predecessor's port. */
  port?: number;
  /** Persist to this SQLite file (a restart on it keeps every workflow); default in memory. */
  dbFilename?: string;
  /** Default temporal.log in `runDir` (appended to). */
  logFile?: string;
}

/** Starts `temporal server start-dev` and resolves once its namespace answers. */
export async function startTemporal(cliPath: string, runDir: string, opts: TemporalServerOptions = {}): Promise<TemporalServer> {
  const port = opts.port ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const logFile = opts.logFile ?? path.join(runDir, 'temporal.log');
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--namespace', 'default'];
  if (opts.dbFilename) args.push('--db-filename', opts.dbFilename);
  // The import's search attributes, registered up front (the CLI spells types "Text", "Keyword").
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
    args.push('--search-attribute', `${name}=${type.charAt(0)}${type.slice(1).toLowerCase()}`);
  }
  // Without --db-filename: in memory, so every run starts from an empty history.
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`Temporal dev server ${exited}:\n${tail(logFile)}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return { address, child, logFile };
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`Temporal dev server at ${address} not ready after 90 s: ${(error as Error).message}\n${tail(logFile)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export async function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Server logs of the last runs stay for inspection; older ones go. */
function pruneOldRuns(runsDir: string, keep: number): void {
  const runs = readdirSync(runsDir).sort();
  for (const old of runs.slice(0, Math.max(0, runs.length - keep))) {
    rmSync(path.join(runsDir, old), { recursive: true, force: true });
  }
}


export interface LocalServices {
  temporalAddress: string;
  /** The Temporal dev server's process (e.g. to read its CPU time in a benchmark). */
  temporalPid: number | undefined;
  temporalCliPath: string;
  databaseUrl: string;
  /** Stops the Temporal server and drops the database (unless keepDatabase). */
  stop(opts?: { keepDatabase?: boolean }): Promise<void>;
}

/** Starts the services; `label` names the run's database (artist_import_<label>_<run>) and log folder. */
export async function startLocalServices(label: string): Promise<LocalServices> {
  const runId = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  const runsDir = path.join(repoRoot, '.local', `${label}-runs`);
  const runDir = path.join(runsDir, runId);
  mkdirSync(runDir, { recursive: true });
  pruneOldRuns(runsDir, 10);

  const started = Date.now();
  const [cliPath, serverUrl] = await Promise.all([runScript('ensure-temporal.sh'), runScript('ensure-postgres.sh')]);

  const databaseName = `artist_import_${label}_${runId}`;
  const databaseUrl = withDatabase(serverUrl, databaseName);
  // The URL ensure-postgres.sh printed may create databases (the local
  // cluster's superuser, or DATABASE_URL when that is set).
  const adminUrl = serverUrl;

  const temporalPromise = startTemporal(cliPath, runDir);
  temporalPromise.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
  let temporal: TemporalServer | undefined;
  try {
    // Fresh database for this run; migrations applied the same way as `npm run db:migrate`.
    await runAdminStatement(adminUrl, `CREATE DATABASE "${databaseName}"`);
    const migrated = await applyMigrations(databaseUrl);
    temporal = await temporalPromise;
    log(
      `Temporal ${temporal.address} (pid ${temporal.child.pid}, log ${path.relative(repoRoot, temporal.logFile)}); ` +
        `database ${redact(databaseUrl)} (${migrated.applied.length} migrations via ${migrated.via}); ready in ${Date.now() - started} ms`,
    );
  } catch (error) {
    await temporalPromise.then((t) => stopProcess(t.child, 5_000)).catch(() => {});
    await runAdminStatement(adminUrl, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`).catch(() => {});
    throw error;
  }

  const server = temporal;
  return {
    temporalAddress: server.address,
    temporalPid: server.child.pid,
    temporalCliPath: cliPath,
    databaseUrl,
    async stop(opts = {}) {
      await stopProcess(server.child, 10_000);
      if (opts.keepDatabase) {
        log(`kept database ${redact(databaseUrl)}`);
      } else {
        await runAdminStatement(adminUrl, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      }
    },
  };
}
