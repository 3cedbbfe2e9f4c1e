// The API process itself (api/main.ts): starts from the environment, serves,
// and shuts down cleanly on SIGTERM even with an SSE reader attached.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, expect, inject, it } from 'vitest';
import { postJson } from '../../harness/http';
import { createDb } from '../../db/client';
import { readSse } from '../../harness/sse';
import { uniqueId } from './helpers';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

it('serves on HOST:PORT, reports ready, and exits 0 on SIGTERM closing open streams', async () => {
  const taskQueue = `api-main-${uniqueId('q')}`; // no worker polls it: the import stays queued
  child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      // Only the key of the one provider the API calls (attraction search): it needs no other.
      TICKETMASTER_API_KEY: 'test-key',
      TICKETMASTER_BASE_URL: 'http://127.0.0.1:1/discovery/v2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const logs: Array<{ msg?: string; url?: string; path?: string; status?: number }> = [];
  const listening = new Promise<string>((resolve, reject) => {
    createInterface({ input: child!.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as (typeof logs)[number];
        logs.push(entry);
        if (entry.msg === 'API listening' && entry.url) resolve(entry.url);
      } catch {
        // not a log line
      }
    });
    child!.once('exit', (code) => reject(new Error(`api exited early (${code}): ${stderr.join('')}`)));
  });
  const url = await listening;
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  // It warmed up before listening, and the warm-up's kickoff left no artist behind.
  const messages = logs.map((l) => l.msg);
  expect(messages.indexOf('warmed up')).toBeGreaterThanOrEqual(0);
  expect(messages.indexOf('warmed up')).toBeLessThan(messages.indexOf('API listening'));
  // The refused kickoff went through four times: in process, then over a loopback connection, each from no origin and from another.
  const warmed = messages.indexOf('warmed up');
  const warmUpKickoffs = logs.slice(0, warmed).filter((l) => l.msg === 'request' && l.path === '/api/artists/import' && l.status === 400);
  expect(warmUpKickoffs).toHaveLength(4);
  expect(logs[warmed]).toMatchObject({ overLoopbackMs: expect.any(Number) });
  const db = createDb(inject('databaseUrl'));
  expect(await db.artist.count({ where: { tmAttractionId: '~warm-up' } })).toBe(0);
  await db.$disconnect();

  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  const ready = await fetch(`${url}/readyz`);
  expect(ready.status).toBe(200);

  const tmAttractionId = uniqueId('hold-');
  const started = (await (await postJson(`${url}/api/artists/import`, { tmAttractionId })).json()) as { artistId: string; workflowId: string };
  const stream = readSse(`${url}/api/artists/${started.artistId}/stream`, { timeoutMs: 20_000 });
  // The stream is open once the queued state arrived (no worker: the query cannot answer).
  await new Promise((r) => setTimeout(r, 1_500));

  const t0 = Date.now();
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code).toBe(0);
  // Well under the 10 s grace after which main.ts cuts connections: the stream ended because it was told to.
  expect(Date.now() - t0).toBeLessThan(5_000);
  const sse = await stream;
  expect(sse.ended).toBe(true);
  expect(sse.events[0]).toMatchObject({ event: 'progress', id: '0' });
  expect(logs.some((l) => l.msg === 'stopped')).toBe(true);

  const connection = await Connection.connect({ address: inject('temporalAddress') });
  const client = new Client({ connection });
  // The warm-up's workflow was deleted as soon as it was started: the fan's import is the only workflow an operator sees on the queue.
  const listed: string[] = [];
  for await (const wf of client.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) listed.push(wf.workflowId);
  expect(listed).toEqual([started.workflowId]);
  await client.workflow.getHandle(started.workflowId).terminate('test cleanup');
  await connection.close();
}, 60_000);
