// Many fans on one import: every SSE client of a running import reads the
// API process's one watcher of that run, so Temporal answers one progress
// query per poll however many clients there are; each client still gets
// every version after its Last-Event-ID, in order, then the end; the watcher
// stops when the last client leaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../domain/progress';
import { readSse, sseJson, type SseResult } from '../../harness/sse';
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
const progressVersions = (r: SseResult) => r.events.filter((e) => e.event === 'progress').map((e) => sseJson<ImportProgress>(e).version);
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

async function currentVersion(started: Started): Promise<number | null> {
  const res = await fetch(`${sys.api.url}/api/artists/${started.artistId}/status`);
  const progress = (await res.json()) as ImportProgress;
  return progress.phase === 'shows' ? progress.version : null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
