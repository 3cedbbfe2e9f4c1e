// Many fans on one import: every SSE client of a running import reads the
// API process's one watcher of that run, so Temporal answers one progress
// query per poll however many clients there are; each client still gets
// every version after its Last-Event-ID, in order, then the end; the watcher
// stops when the last client leaves.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { createApp } from '../../api/app';
import { ProgressWatchers } from '../../api/progress-watchers';
import type { ImportProgress } from '../../domain/progress';
import { progressQuery } from '../../domain/import-workflow';
import { listen } from '../../harness/http';
import { followSse, readSse, sseJson, type SseResult } from '../../harness/sse';
import { SLOW_RECORD_MS } from './fixtures/activities';
import { startStubSystem, type Started, type StubSystem } from './fixtures/stub-system';
import { uniqueId, waitFor } from './helpers';

const POLL_MS = 50;
const CLIENTS = 40;

let sys: StubSystem;

beforeAll(async () => {
  sys = await startStubSystem({ progressPollMs: POLL_MS });
}, 120_000);

afterAll(async () => {
  await sys?.stop();
});

const streamUrl = (started: Started) => `${sys.api.url}/api/artists/${started.artistId}/stream`;
const progressVersions = (r: Pick<SseResult, 'events'>) => r.events.filter((e) => e.event === 'progress').map((e) => sseJson<ImportProgress>(e).version);
const hasEvent = (name: string) => (events: readonly { event: string }[]) => events.some((e) => e.event === name);

async function cancel(started: Started): Promise<void> {
  const res = await fetch(`${sys.api.url}/api/artists/${started.artistId}/import`, { method: 'DELETE' });
  expect(res.status).toBe(202);
}

describe('shared progress watchers', () => {
  it(`${CLIENTS} clients of one import cost one query per poll, and all see the same versions and the end`, async () => {
    const started = await sys.startImport(uniqueId('hold-w'));
    const readers = Array.from({ length: CLIENTS }, () => readSse(streamUrl(started), { timeoutMs: 30_000 }));
    // Every client is in, reading the run's progress (the shows phase holds for a minute).
    await waitFor(async () => sys.watchers.active === 1 && (await currentVersion(started)) !== null, 10_000);
    await sleep(300);

    const before = sys.watchers.queriesSent;
    await sleep(1_000);
    const perSecond = sys.watchers.queriesSent - before;
    // One watcher polls every 50 ms: about 20 queries a second, where 40 clients each polling would send 800.
    expect(perSecond).toBeGreaterThan(5);
    expect(perSecond).toBeLessThanOrEqual(Math.ceil(1_000 / POLL_MS) + 2);
    expect(sys.watchers.active).toBe(1);

    await cancel(started);
    const results = await Promise.all(readers);
    const reference = progressVersions(results[0]!);
    expect(reference.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.ended).toBe(true);
      expect(r.events.at(-1)?.event).toBe('failed');
      expect(sseJson<ImportProgress>(r.events.at(-1)!).status).toBe('cancelled');
      // In order, none twice, the same for every client.
      const versions = progressVersions(r);
      expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
      expect(versions).toEqual(reference);
    }
    await waitFor(async () => sys.watchers.active === 0, 5_000);
  }, 60_000);

  it('a client resuming with Last-Event-ID gets only later versions, then the end', async () => {
    const started = await sys.startImport(uniqueId('hold-r'));
    const first = readSse(streamUrl(started), { timeoutMs: 30_000 });
    const seen = await readSse(streamUrl(started), { stopWhen: hasEvent('progress'), timeoutMs: 10_000 });
    const resumeAfter = progressVersions(seen)[0]!;
    const resumed = readSse(streamUrl(started), { lastEventId: resumeAfter, timeoutMs: 30_000 });
    await sleep(300);
    await cancel(started);
    const [all, after] = await Promise.all([first, resumed]);
    expect(progressVersions(after).every((v) => v > resumeAfter)).toBe(true);
    expect(progressVersions(after)).toEqual(progressVersions(all).filter((v) => v > resumeAfter));
    expect(after.events.at(-1)?.event).toBe('failed');
  }, 60_000);

  it('clients joining a watched import by its id or slug cost no artist lookup in the database', async () => {
    const started = await sys.startImport(uniqueId('hold-j'));
    const first = readSse(streamUrl(started), { timeoutMs: 30_000 });
    await waitFor(async () => sys.watchers.active === 1 && (await currentVersion(started)) !== null, 10_000);
    const lookups = vi.spyOn(sys.db.artist, 'findUnique');
    try {
      const joined = [streamUrl(started), `${sys.api.url}/api/artists/${started.slug}/stream`].map((url) =>
        readSse(url, { stopWhen: hasEvent('progress'), timeoutMs: 10_000 }),
      );
      for (const r of await Promise.all(joined)) expect(progressVersions(r).length).toBeGreaterThan(0);
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
    }
    await cancel(started);
    expect((await first).events.at(-1)?.event).toBe('failed');
  }, 60_000);

  it('fans arriving together at an import no watcher follows yet share one artist lookup and one describe', async () => {
    const started = await sys.startImport(uniqueId('hold-t'));
    const FANS = 20;
    // The first lookup is slow, as under load: every fan has arrived before it answers.
    const findUnique = sys.db.artist.findUnique;
    const lookups = vi
      .spyOn(sys.db.artist, 'findUnique')
      .mockImplementation(((...args: unknown[]) => sleep(500).then(() => Reflect.apply(findUnique, sys.db.artist, args))) as never);
    const handles = vi.spyOn(sys.client.workflow, 'getHandle');
    try {
      const fans = Array.from({ length: FANS }, () => readSse(streamUrl(started), { stopWhen: hasEvent('progress'), timeoutMs: 15_000 }));
      for (const r of await Promise.all(fans)) expect(progressVersions(r).length).toBeGreaterThan(0);
      expect(lookups).toHaveBeenCalledTimes(1);
      // locateImport's describe goes through a handle of the workflow id alone.
      expect(handles.mock.calls.filter((args) => args.length === 1)).toHaveLength(1);
    } finally {
      lookups.mockRestore();
      handles.mockRestore();
    }
    await cancel(started);
  }, 60_000);

  it('a run that closes while Temporal misses a deadline still ends with its outcome, not an error', async () => {
    const started = await sys.startImport(uniqueId('hold-c'));
    const real = sys.client.workflow.getHandle(started.workflowId, started.runId);
    const artist = await sys.db.artist.findUniqueOrThrow({ where: { id: started.artistId } });
    // The first read of the closed run fails, as a deadline missed under load does. Once cancelled,
    // queries go unanswered too, so the watcher learns of the end from the run's close, not from a
    // query that happens to see the final state first.
    let describes = 0;
    let cancelled = false;
    const handle = new Proxy(real, {
      get(target, key, receiver) {
        if (key === 'query' && cancelled) return async () => Promise.reject(new Error('query not answered (simulated)'));
        if (key !== 'describe') return Reflect.get(target, key, receiver);
        return async () => {
          if (describes++ === 1) throw new Error('DEADLINE_EXCEEDED (simulated)');
          return target.describe();
        };
      },
    }) as WorkflowHandle;
    const watchers = new ProgressWatchers(sys.appDeps);
    const feed = watchers.join({ artist, handle, info: await handle.describe() });
    try {
      await waitFor(async () => feed.since(-1).length > 0, 10_000);
      cancelled = true;
      await cancel(started);
      await waitFor(async () => feed.final !== null, 15_000);
      expect(feed.final?.status).toBe('cancelled');
      expect(describes).toBeGreaterThanOrEqual(3);
    } finally {
      feed.leave();
    }
  }, 60_000);

  it("a fan's first event is the import's own progress while another reader's query waits on the same workflow task", async () => {
    // The first record takes SLOW_RECORD_MS inside the import's first workflow task: until it completes,
    // the server holds one query for the run and refuses any other (RESOURCE_EXHAUSTED).
    const started = await sys.startImport(uniqueId('slow-record-'));
    // Another reader (a second API process, an operator's query) takes that one place.
    const other = sys.client.workflow.getHandle(started.workflowId).query(progressQuery);
    const read = await readSse(streamUrl(started), { stopWhen: hasEvent('progress'), timeoutMs: 10_000 });
    const first = sseJson<ImportProgress>(read.events.find((e) => e.event === 'progress')!);
    // Not the API's stand-in for an import that has not answered (version 0, "waiting for a worker").
    expect(first.version).toBeGreaterThan(0);
    expect(first.message).not.toMatch(/waiting for a worker/);
    expect(read.ms).toBeLessThan(SLOW_RECORD_MS + 1_000);
    expect((await other).workflowId).toBe(started.workflowId);
  }, 60_000);

  it('stops querying when its last client leaves', async () => {
    const started = await sys.startImport(uniqueId('hold-l'));
    const read = await readSse(streamUrl(started), { stopWhen: hasEvent('progress'), timeoutMs: 10_000 });
    expect(read.stoppedBy).toBe('stopWhen');
    await waitFor(async () => sys.watchers.active === 0, 5_000);
    const before = sys.watchers.queriesSent;
    await sleep(500);
    expect(sys.watchers.queriesSent).toBe(before);
    // The status of a run nobody watches is read from the workflow itself.
    const status = (await (await fetch(`${sys.api.url}/api/artists/${started.artistId}/status`)).json()) as ImportProgress;
    expect(status).toMatchObject({ status: 'running', phase: 'shows' });
    await cancel(started);
  }, 60_000);
});

describe('stream limits', () => {
  it('ends a stream that has had nothing new for the idle timeout; the client resumes after its Last-Event-ID', async () => {
    const server = await listen(createApp({ ...sys.appDeps, sseIdleTimeoutMs: 600 }));
    try {
      const started = await sys.startImport(uniqueId('hold-i'));
      const url = `${server.url}/api/artists/${started.artistId}/stream`;
      const idle = await readSse(url, { timeoutMs: 15_000 });
      // The server ended it (no terminal event: the import still runs) after the idle time.
      expect(idle.ended).toBe(true);
      expect(idle.events.length).toBeGreaterThan(0);
      expect(idle.events.every((e) => e.event === 'progress')).toBe(true);
      expect(idle.ms).toBeGreaterThanOrEqual(600);
      // As an EventSource does: each stream the server ends idle is opened again after the last event id seen.
      const resumed = followSse(url, { lastEventId: idle.lastEventId!, finalEvents: ['done', 'failed'], deadline: Date.now() + 15_000 });
      await sleep(200);
      await cancel(started);
      const after = await resumed;
      expect(progressVersions(after).every((v) => v > Number(idle.lastEventId))).toBe(true);
      expect(after.events.at(-1)?.event).toBe('failed');
    } finally {
      await server.close();
    }
  }, 60_000);

  it('clients that never read their stream do not hold up the others', async () => {
    const started = await sys.startImport(uniqueId('hold-s'));
    const { port } = new URL(sys.api.url);
    const stalled = Array.from({ length: 20 }, () => {
      const socket = connect(Number(port), '127.0.0.1');
      socket.write(`GET /api/artists/${started.artistId}/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      socket.pause(); // never reads a byte
      return socket;
    });
    try {
      const reader = readSse(streamUrl(started), { timeoutMs: 20_000 });
      await sleep(500);
      await cancel(started);
      const read = await reader;
      expect(read.events.at(-1)?.event).toBe('failed');
      expect(sseJson<ImportProgress>(read.events.at(-1)!).status).toBe('cancelled');
    } finally {
      for (const socket of stalled) socket.destroy();
    }
  }, 60_000);
});

describe('clients that stop reading', () => {
  const DEADLINE_MS = 300;

  it('a stream whose client takes nothing for the write deadline is dropped, having queued a chunk or two; readers are kept', async () => {
    const app = createApp({ ...sys.appDeps, sseWriteTimeoutMs: DEADLINE_MS, keepAliveMs: 20 });
    const server = await listen(app);
    const openStreams = async () => Number(/^sse_streams_open (\d+)$/m.exec(await (await app.request('/metrics')).text())?.[1]);
    const started = await sys.startImport(uniqueId('hold-u'));
    try {
      // A client that reads, on the same short deadline and frequent keep-alives: never dropped.
      const reader = readSse(`${server.url}/api/artists/${started.artistId}/stream`, { timeoutMs: 20_000 });
      // In process there are no socket buffers in between: a body nobody reads blocks the stream's writes at once.
      const unread = await app.request(`/api/artists/${started.artistId}/stream`);
      expect(unread.status).toBe(200);
      await waitFor(async () => (await openStreams()) === 2, 5_000);
      const t0 = Date.now();
      await waitFor(async () => (await openStreams()) === 1, 5_000);
      expect(Date.now() - t0).toBeLessThan(DEADLINE_MS + 2_000);
      // What the dropped stream had queued when it stalled, read now: a few small chunks, no end.
      const body = await unread.text();
      expect(Buffer.byteLength(body)).toBeLessThan(16 * 1024);
      expect(body.match(/^event: /gm)?.length ?? 0).toBeLessThanOrEqual(2);
      expect(body).not.toMatch(/^event: (done|failed)$/m);

      await sleep(3 * DEADLINE_MS);
      expect(await openStreams()).toBe(1); // the reader is still there
      await cancel(started);
      const read = await reader;
      expect(read.events.at(-1)?.event).toBe('failed');
      expect(sseJson<ImportProgress>(read.events.at(-1)!).status).toBe('cancelled');
    } finally {
      await server.close();
    }
  }, 60_000);
});

async function currentVersion(started: Started): Promise<number | null> {
  const res = await fetch(`${sys.api.url}/api/artists/${started.artistId}/status`);
  const progress = (await res.json()) as ImportProgress;
  return progress.phase === 'shows' ? progress.version : null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
