// The worker process itself (worker/main.ts): it starts from the environment,
// serves Temporal's SDK metrics in Prometheus format where
// WORKER_METRICS_ADDRESS says, runs at a lower CPU priority, warms its database
// client before it runs tasks, and stops on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, inject, it } from 'vitest';
import { waitFor } from '../api/helpers';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

it('serves Temporal SDK metrics in Prometheus format, runs every thread at the niceness WORKER_NICENESS asks (10), warms its database client before it runs tasks, and exits 0 on SIGTERM', async () => {
  const metricsAddress = `127.0.0.1:${await freePort()}`;
  child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: `worker-main-${Date.now()}`,
      WORKER_METRICS_ADDRESS: metricsAddress,
      WORKER_NICENESS: '10',
      LOG_LEVEL: 'info',
      // The worker builds every provider client; nothing here calls them.
      TICKETMASTER_API_KEY: 'test-key',
      SPOTIFY_CLIENT_ID: 'test-id',
      SPOTIFY_CLIENT_SECRET: 'test-secret',
      SETLISTFM_API_KEY: 'test-key',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));

  const taskQueueSeries = /^temporal_\w+\{[^}]*task_queue="worker-main-\d+"/m;
  const text = await waitFor(async () => {
    if (child?.exitCode !== null) throw new Error(`worker exited early: ${output.join('')}`);
    const res = await fetch(`http://${metricsAddress}/metrics`).catch(() => null);
    const body = res?.ok ? await res.text() : null;
    // Series of the worker's task queue appear once it is created; it runs tasks once it says it started.
    return body && taskQueueSeries.test(body) && output.join('').includes('"msg":"worker started"') ? body : null;
  }, 60_000, 250);
  expect(text).toMatch(/^# TYPE temporal_\w+ (counter|gauge|histogram)$/m);
  expect(text).toMatch(taskQueueSeries);
  expect(output.join('')).toContain('worker metrics served');
  // Its database client warmed before it ran a task (activities/warm-up.ts).
  const messages = output.join('').split('\n').flatMap((line) => (line.startsWith('{') ? [(JSON.parse(line) as { msg: string }).msg] : []));
  expect(messages.indexOf('database client warmed')).toBeGreaterThanOrEqual(0);
  expect(messages.indexOf('database client warmed')).toBeLessThan(messages.indexOf('worker started'));
  // Every thread (the Temporal runtime's and the workflow thread among them) runs at that niceness.
  const threads = readdirSync(`/proc/${child.pid}/task`);
  expect(threads.length).toBeGreaterThan(5);
  const niceness = threads.map((tid) => Number(readFileSync(`/proc/${child!.pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
  expect(new Set(niceness)).toEqual(new Set([10]));

  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code).toBe(0);
}, 120_000);
