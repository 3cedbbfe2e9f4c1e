// The real entry points as processes of their own: `api/main.ts` and
// `worker/main.ts` started with an environment (config/env.ts names), awaited
// until they serve (the API's /readyz answers 200; a worker polls its task
// queue), and stopped by their pid. For tests of the processes themselves and
// for benchmarks that measure the API and each worker apart (CPU, RSS).
import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { FakeProvidersEnv } from '../fakes/server';
import { freePort, stopProcess } from './local-services';

const repoRoot = path.resolve(import.meta.dirname, '..');
/** A worker bundles the workflow code with webpack before it polls: tens of seconds on a busy 2-core machine. */
const READY_TIMEOUT_MS = 180_000;
/** Output kept per process for error messages (the tail). */
const OUTPUT_KEPT_CHARS = 1024 * 1024;

export type EntryPoint = 'api/main.ts' | 'worker/main.ts';

export interface AppProcess {
  entry: EntryPoint;
  pid: number;
  child: ChildProcess;
  /** The tail of its stdout and stderr so far. */
  output(): string;
  /** SIGTERM (a graceful shutdown), SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Sends `signal` alone (a crash: SIGKILL; a stop with no fallback: SIGTERM); resolves with the exit code once it has exited. */
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<number | null>;
}

export interface ApiProcess extends AppProcess {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
}

export interface AppEnvOptions {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  /** Base URLs and keys of the providers (the fake providers' `env`). */
  providers: FakeProvidersEnv;
  /** Anything else, e.g. LOG_LEVEL or RATE_LIMIT_IMPORTS_PER_MINUTE. */
  extra?: Record<string, string>;
}

/**
 * A whole parsed configuration (config/env.ts: numbers, flags, URLs) as the
 * environment of a process, e.g. a test system's `env` with some overrides;
 * only PATH and HOME of this process pass through.
 */
export function processEnv(env: Record<string, unknown>): Record<string, string> {
  const given = Object.entries(env).flatMap(([k, v]) => (v === undefined || v === null ? [] : [[k, String(v)]]));
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SCHEDULES_SETUP: 'false', ...Object.fromEntries(given) };
}

/**
 * The environment both processes need, and nothing of this process's own
 * (only PATH and HOME pass through), so what they run with is what is written here.
 */
export function appEnv(opts: AppEnvOptions): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...opts.providers,
    DATABASE_URL: opts.databaseUrl,
    TEMPORAL_ADDRESS: opts.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: opts.taskQueue,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // The schedules belong to whoever runs the Temporal server, not to a test or benchmark worker.
    SCHEDULES_SETUP: 'false',
    ...opts.extra,
  };
}

/**
 * Starts an entry point with exactly `env` (see appEnv); does not wait for it to serve. From its
 * TypeScript with tsx, or, given `compiled` (the entry point as `npm run build:server` builds it), that module.
 */
export function spawnEntryPoint(entry: EntryPoint, env: Record<string, string>, compiled?: string): AppProcess {
  const args = compiled ? [compiled] : ['--import', 'tsx', entry];
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${entry}`);
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-OUTPUT_KEPT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = async (signal: 'SIGKILL' | 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return { entry, pid: child.pid, child, output: () => out, stop: (graceMs = 15_000) => stopProcess(child, graceMs), kill };
}

/**
 * `api/main.ts` (or, given `compiled`, the API built from it) on `port` (a restart keeps its
 * address) or a free loopback port, resolved once GET /readyz answers 200.
 */
export async function startApiProcess(env: Record<string, string>, port?: number, compiled?: string): Promise<ApiProcess> {
  port ??= await freePort();
  const proc = spawnEntryPoint('api/main.ts', { ...env, HOST: '127.0.0.1', PORT: String(port) }, compiled);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(proc, async () => (await fetch(`${url}/readyz`).catch(() => null))?.status === 200);
  return { ...proc, url };
}

/**
 * `worker/main.ts` (or, given `compiled`, the worker built from it), resolved once Temporal lists
 * it among the pollers of its task queue.
 */
export async function startWorkerProcess(env: Record<string, string>, compiled?: string): Promise<AppProcess> {
  const { TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace = 'default', TEMPORAL_TASK_QUEUE: taskQueue } = env;
  if (!address || !taskQueue) throw new Error('startWorkerProcess: TEMPORAL_ADDRESS and TEMPORAL_TASK_QUEUE are required');
  const proc = spawnEntryPoint('worker/main.ts', env, compiled);
  // The SDK's default worker identity.
  const identity = `${proc.pid}@${hostname()}`;
  const connection = await Connection.connect({ address });
  try {
    await waitUntil(proc, async () => {
      const queue = await connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue } });
      return queue.pollers.some((p) => p.identity === identity);
    });
  } finally {
    await connection.close();
  }
  return proc;
}

/** Polls `ready` until true; fails (and kills the process) when it exits first or the time is up. */
async function waitUntil(proc: AppProcess, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(`${proc.entry} exited before it was ready (${proc.child.signalCode ?? proc.child.exitCode}):\n${proc.output()}`);
    }
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) {
      await proc.stop(1_000);
      throw new Error(`${proc.entry} not ready after ${READY_TIMEOUT_MS / 1000} s:\n${proc.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
