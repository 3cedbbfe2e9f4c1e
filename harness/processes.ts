// The worker and the API as processes of their own (`worker/main.ts`,
// `api/main.ts` run by tsx), for tests and fault scenarios that kill or
// restart them: started with a given environment, ready once they log it,
// stopped or killed by their own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface AppProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Sends `signal` and resolves with the exit code once the process has exited. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<number | null>;
}

/** A parsed env (numbers, flags, URLs) as environment variables again. */
export function stringEnv(env: Record<string, unknown>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
}

function startProcess(entry: string, env: NodeJS.ProcessEnv, ready: (output: string) => boolean, what: string, timeoutMs: number): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc: AppProcess = {
    child,
    output: () => out,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (ready(out)) {
        clearInterval(timer);
        resolve(proc);
      } else if (child.exitCode !== null || child.signalCode !== null) {
        clearInterval(timer);
        reject(new Error(`${what} exited early (${child.exitCode ?? child.signalCode}):\n${out}`));
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        child.kill('SIGKILL');
        reject(new Error(`${what} not ready after ${timeoutMs} ms:\n${out}`));
      }
    }, 50);
  });
}

/**
 * Starts `worker/main.ts` with `env` (the system's parsed env plus overrides)
 * and resolves once it polls its task queue. SCHEDULES_SETUP=false: such a
 * worker is about its own imports, not the server's schedules.
 */
export function startWorkerProcess(env: Record<string, unknown>): Promise<AppProcess> {
  return startProcess(
    'worker/main.ts',
    { ...process.env, ...stringEnv(env), PORT: '0', LOG_LEVEL: 'info', SCHEDULES_SETUP: 'false' },
    (out) => out.includes('worker started'),
    'worker',
    120_000,
  );
}

/** Starts `api/main.ts` listening on 127.0.0.1:`port` and resolves once it listens. */
export function startApiProcess(env: Record<string, unknown>, port: number): Promise<AppProcess> {
  return startProcess(
    'api/main.ts',
    { ...process.env, ...stringEnv(env), LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(port) },
    (out) => out.includes('"msg":"API listening"'),
    'API',
    120_000,
  );
}
