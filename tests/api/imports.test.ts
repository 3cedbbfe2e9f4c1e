// Import kickoff, live progress (SSE), status, cancellation — the API against
// a real Temporal dev server and PostgreSQL, with the real ArtistImport
// workflow running in a real Worker on stub activities
// (fixtures/activities.ts: the attraction id picks how an import goes).
import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter, mapFromPayloads, type Payload } from '@temporalio/common';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { artistImportWorkflowId, TmAttractionIdSearchAttribute } from '../../domain/import-workflow';
import type { ImportProgress } from '../../domain/progress';
import { listen, postJson, serverTimings } from '../../harness/http';
import { readSse, sseJson, type SseEvent } from '../../harness/sse';
import { CATALOG_REFUSAL, STUB_RESULT } from './fixtures/activities';
import { startStubSystem, type Started, type StubSystem } from './fixtures/stub-system';
import { testLogger, uniqueId, waitFor } from './helpers';

let sys: StubSystem;
let db: StubSystem['db'];
let client: StubSystem['client'];
let api: StubSystem['api'];
let log: StubSystem['log'];

beforeAll(async () => {
  sys = await startStubSystem();
  ({ db, client, api, log } = sys);
}, 120_000);

afterAll(async () => {
  await sys?.stop();
});

const startImport = (tmAttractionId: string) => sys.startImport(tmAttractionId);

const progressOf = (e: SseEvent) => sseJson<ImportProgress>(e);

describe('POST /api/artists/import', () => {
  it('answers 202 with the shell artist and starts one ArtistImport workflow', async () => {
    const tmId = uniqueId('Ka');
    const started = await startImport(tmId);
    expect(started).toMatchObject({ slug: `tm-${tmId.toLowerCase()}`, workflowId: artistImportWorkflowId(tmId) });

    const row = await db.artist.findUniqueOrThrow({ where: { tmAttractionId: tmId } });
    expect(row).toMatchObject({ id: started.artistId, name: tmId, slug: `tm-${tmId.toLowerCase()}`, importStatus: 'running' });

    const handle = client.workflow.getHandle(started.workflowId);
    const info = await handle.describe();
    expect(info.type).toBe('ArtistImport');
    expect(info.taskQueue).toBe(sys.taskQueue);
    expect(info.runId).toBe(started.runId);
    expect(info.typedSearchAttributes.get(TmAttractionIdSearchAttribute)).toBe(tmId);
    // The memo the API started the run with; the workflow adds to it once the
    // identity phase has found the artist, so it is read from the start event.
    const history = await handle.fetchHistory();
    const startMemo = history.events?.[0]?.workflowExecutionStartedEventAttributes?.memo?.fields as Record<string, Payload> | undefined;
    expect(mapFromPayloads(defaultPayloadConverter, startMemo)).toEqual({ artistId: started.artistId, tmAttractionId: tmId });
    // The API's entries survive the workflow's additions.
    await handle.result();
    expect((await handle.describe()).memo).toEqual({
      artistId: started.artistId,
      tmAttractionId: tmId,
      artistName: `Artist ${tmId}`,
      slug: `artist-${tmId.toLowerCase()}`,
      spotifyId: `sp-${tmId}`,
    });
  });

  it("says where the kickoff's time went in its Server-Timing header: the claim, Temporal, and the whole", async () => {
    const res = await postJson(`${api.url}/api/artists/import`, { tmAttractionId: uniqueId('Kt') });
    expect(res.status).toBe(202);
    expect(res.headers.get('server-timing')).toContain('claim;dur=');
    expect(res.headers.get('server-timing')).toContain('desc="workflow started or attached (Temporal)"');
    const { claim, temporal, total, ...others } = serverTimings(res);
    expect(others).toEqual({});
    expect(claim).toBeGreaterThan(0);
    expect(temporal).toBeGreaterThan(0);
    // Each is rounded to 0.1 ms; the whole also counts validation and the response.
    expect(claim! + temporal!).toBeLessThanOrEqual(total! + 0.2);
    const started = (await res.json()) as Started;
    await client.workflow.getHandle(started.workflowId, started.runId).result();
  });

  it('two concurrent requests for one attraction create one artist and one workflow run', async () => {
    const tmId = uniqueId('hold-');
    const [a, b] = await Promise.all([
      postJson(`${api.url}/api/artists/import`, { tmAttractionId: tmId }),
      postJson(`${api.url}/api/artists/import`, { tmAttractionId: tmId }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const [bodyA, bodyB] = (await Promise.all([a.json(), b.json()])) as [Started, Started];
    expect(bodyA).toEqual(bodyB);
    expect(await db.artist.count({ where: { tmAttractionId: tmId } })).toBe(1);

    // A third request while it runs attaches to the same run.
    const again = await startImport(tmId);
    expect(again.runId).toBe(bodyA.runId);
    await client.workflow.getHandle(bodyA.workflowId).terminate('test cleanup');
  });

  it('keeps an existing artist name and slug, and re-imports a finished artist as a new run', async () => {
    const tmId = uniqueId('Kb');
    const slug = `the-band-${tmId.toLowerCase()}`;
    const existing = await db.artist.create({ data: { tmAttractionId: tmId, name: 'The Band', slug, importStatus: 'completed' } });
    const first = await startImport(tmId);
    expect(first).toMatchObject({ artistId: existing.id, slug });
    await client.workflow.getHandle(first.workflowId, first.runId).result();

    const second = await startImport(tmId);
    expect(second.artistId).toBe(existing.id);
    expect(second.runId).not.toBe(first.runId);
    const row = await db.artist.findUniqueOrThrow({ where: { id: existing.id } });
    expect(row).toMatchObject({ name: 'The Band', slug });
  });

  it('gives an attraction whose id differs from another only in case its own artist and slug', async () => {
    const lower = uniqueId('kc');
    const upper = lower.toUpperCase();
    const first = await startImport(lower);
    const second = await startImport(upper);
    expect(first.slug).toBe(`tm-${lower}`);
    expect(second.artistId).not.toBe(first.artistId);
    expect(second.slug).toMatch(new RegExp(`^tm-${lower}-[0-9a-f]{6}$`));
    const rows = await db.artist.findMany({ where: { tmAttractionId: { in: [lower, upper] } }, orderBy: { tmAttractionId: 'asc' } });
    expect(rows.map((r) => [r.tmAttractionId, r.slug, r.importStatus])).toEqual([
      [upper, second.slug, 'running'],
      [lower, first.slug, 'running'],
    ]);
    await Promise.all([first, second].map((s) => client.workflow.getHandle(s.workflowId, s.runId).result()));
  });

  it.each([
    ['a missing field', {}, 'tmAttractionId', 'is required'],
    ['a wrong type', { tmAttractionId: 42 }, 'tmAttractionId', 'must be a string'],
    ['forbidden characters', { tmAttractionId: 'a b/c' }, 'tmAttractionId', 'may only contain letters, digits, "_" and "-"'],
    ['an empty id', { tmAttractionId: '' }, 'tmAttractionId', 'must not be empty'],
    ['an id over 64 characters', { tmAttractionId: 'x'.repeat(65) }, 'tmAttractionId', 'must be at most 64 characters'],
    ['an array body', [], 'body', 'must be a JSON object'],
    ['a null body', null, 'body', 'must be a JSON object'],
  ])('answers 400 naming the field for %s', async (_case, body, field, problem) => {
    const res = await postJson(`${api.url}/api/artists/import`, body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: string; message: string; field: string };
    expect(json.error).toBe('invalid_request');
    expect(json.field).toBe(field);
    expect(json.message.startsWith(`${field}: `)).toBe(true);
    expect(json.message).toBe(`${field}: ${problem}`);
  });

  it('answers 400 for malformed JSON and for a body that is not JSON', async () => {
    const malformed = await fetch(`${api.url}/api/artists/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"tmAttractionId": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'invalid_request', field: 'body' });

    const plain = await fetch(`${api.url}/api/artists/import`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'K123' });
    expect(plain.status).toBe(400);
    expect(await plain.json()).toMatchObject({ error: 'invalid_request', field: 'body' });
  });
});

describe('POST /api/artists/import/batch', () => {
  it('starts one import per attraction and answers in request order', async () => {
    const ids = [uniqueId('Kc'), uniqueId('Kc'), uniqueId('Kc')];
    const res = await postJson(`${api.url}/api/artists/import/batch`, { tmAttractionIds: ids });
    expect(res.status).toBe(202);
    const { items } = (await res.json()) as { items: Array<Started & { tmAttractionId: string }> };
    expect(items.map((i) => i.tmAttractionId)).toEqual(ids);
    for (const item of items) {
      expect(item.workflowId).toBe(artistImportWorkflowId(item.tmAttractionId));
      const row = await db.artist.findUniqueOrThrow({ where: { tmAttractionId: item.tmAttractionId } });
      expect(row.id).toBe(item.artistId);
    }
  });

  it.each([
    ['an empty list', { tmAttractionIds: [] }, 'tmAttractionIds'],
    ['more than 50 ids', { tmAttractionIds: Array.from({ length: 51 }, (_, i) => `K${i}`) }, 'tmAttractionIds'],
    ['duplicates', { tmAttractionIds: ['Kdup', 'Kdup'] }, 'tmAttractionIds'],
    ['a bad id inside', { tmAttractionIds: ['Kok', 'not ok'] }, 'tmAttractionIds[1]'],
    ['a missing list', {}, 'tmAttractionIds'],
  ])('answers 400 naming the field for %s', async (_case, body, field) => {
    const res = await postJson(`${api.url}/api/artists/import/batch`, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request', field });
  });
});

describe('GET /api/artists/:id/stream', () => {
  it('streams progress with strictly increasing ids and ends with done', async () => {
    const started = await startImport(uniqueId('Kd'));
    const sse = await readSse(`${api.url}/api/artists/${started.artistId}/stream`);
    expect(sse.status).toBe(200);
    expect(sse.contentType).toContain('text/event-stream');
    expect(sse.ended).toBe(true);

    const progress = sse.events.filter((e) => e.event === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(3);
    const ids = progress.map((e) => Number(e.id));
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1] as number);
    // Each event's id is the version it carries; percent never goes back.
    for (const e of progress) expect(progressOf(e).version).toBe(Number(e.id));
    const percents = progress.map((e) => progressOf(e).percent);
    expect([...percents].sort((x, y) => x - y)).toEqual(percents);

    const last = sse.events.at(-1) as SseEvent;
    expect(last.event).toBe('done');
    expect(sse.events.filter((e) => e.event === 'done' || e.event === 'failed')).toHaveLength(1);
    const final = progressOf(last);
    expect(final).toMatchObject({ status: 'completed', percent: 100, artistId: started.artistId, runId: started.runId });
    expect(final.counts.songs).toBe(12);
    expect(Number(last.id)).toBeGreaterThanOrEqual(ids.at(-1) as number);
  });

  it('ends with failed and a readable error when the import fails', async () => {
    const started = await startImport(uniqueId('fail-'));
    const sse = await readSse(`${api.url}/api/artists/${started.slug}/stream`);
    expect(sse.ended).toBe(true);
    const last = sse.events.at(-1) as SseEvent;
    expect(last.event).toBe('failed');
    const final = progressOf(last);
    expect(final.status).toBe('failed');
    expect(final.error).toEqual({ phase: 'catalog', message: CATALOG_REFUSAL });
    expect(final.message).toContain(CATALOG_REFUSAL);
    expect(final.message).toBe(`Import failed during catalog: ${CATALOG_REFUSAL}`);
  });

  it('resumes after Last-Event-ID (header or query) without resending older versions', async () => {
    const started = await startImport(uniqueId('Ke'));
    const url = `${api.url}/api/artists/${started.artistId}/stream`;
    const head = await readSse(url, { stopWhen: (events) => events.filter((e) => e.event === 'progress').length >= 2 });
    const seen = Number(head.events.filter((e) => e.event === 'progress')[1]?.id);
    expect(seen).toBeGreaterThan(0);

    for (const resumed of [
      await readSse(url, { lastEventId: seen }),
      await readSse(`${url}?lastEventId=${seen}`),
    ]) {
      expect(resumed.ended).toBe(true);
      for (const e of resumed.events.filter((ev) => ev.event === 'progress')) expect(Number(e.id)).toBeGreaterThan(seen);
      expect(resumed.events.at(-1)?.event).toBe('done');
    }

    // A client that already saw the final version still gets the terminal event.
    const final = progressOf((await readSse(url)).events.at(-1) as SseEvent);
    const after = await readSse(url, { lastEventId: final.version });
    expect(after.events.map((e) => e.event)).toEqual(['done']);
  });

  it('sends the final state of an already finished import and closes', async () => {
    const started = await startImport(uniqueId('Kf'));
    const result = (await client.workflow.getHandle(started.workflowId, started.runId).result()) as ImportProgress;
    const sse = await readSse(`${api.url}/api/artists/${started.artistId}/stream`);
    expect(sse.ended).toBe(true);
    expect(sse.events.map((e) => e.event)).toEqual(['done']);
    expect(progressOf(sse.events[0] as SseEvent)).toEqual(result);
    expect(sse.events[0]?.id).toBe(String(result.version));
    expect(sse.ms).toBeLessThan(3_000);
  });

  it("answers a stream with every middleware's headers, though the stream writes its own response", async () => {
    const started = await startImport(uniqueId('Kh'));
    await client.workflow.getHandle(started.workflowId, started.runId).result();
    const res = await fetch(`${api.url}/api/artists/${started.artistId}/stream`, { headers: { Origin: 'https://fans.example' } });
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      'x-request-id': expect.stringMatching(/.+/),
      'access-control-allow-origin': '*',
      'x-content-type-options': 'nosniff',
    });
    expect(res.headers.has('x-hono-already-sent')).toBe(false);
    expect(await res.text()).toMatch(/^retry: 1000\n\nevent: done\nid: \d+\ndata: \{.*\}\n\n$/);
  });

  it('sends keep-alive comments while an import runs, and rejects a malformed Last-Event-ID', async () => {
    const tmId = uniqueId('hold-');
    const started = await startImport(tmId);
    const sse = await readSse(`${api.url}/api/artists/${started.artistId}/stream`, {
      stopWhen: (_events, comments) => comments.filter((c) => c === 'keep-alive').length >= 2,
      timeoutMs: 5_000,
    });
    expect(sse.comments.filter((c) => c === 'keep-alive').length).toBeGreaterThanOrEqual(2);
    expect(sse.events.every((e) => e.event === 'progress')).toBe(true);

    const bad = await fetch(`${api.url}/api/artists/${started.artistId}/stream`, { headers: { 'Last-Event-ID': 'abc' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_request', field: 'Last-Event-ID' });
    await client.workflow.getHandle(started.workflowId).terminate('test cleanup');
  });

  it('stops following the import when the client goes away', async () => {
    const started = await startImport(uniqueId('hold-'));
    const sse = await readSse(`${api.url}/api/artists/${started.artistId}/stream`, { stopWhen: (events) => events.length >= 1 });
    expect(sse.ended).toBe(false);
    const ended = await waitFor(async () =>
      log.entries.find((e) => e.msg === 'progress stream ended' && e.artistId === started.artistId),
    );
    expect(ended.endedBy).toBe('client left');
    await client.workflow.getHandle(started.workflowId).terminate('test cleanup');
  });

  it('answers 404 JSON for an unknown artist and for an artist never imported', async () => {
    const unknown = await fetch(`${api.url}/api/artists/${randomUUID()}/stream`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'not_found' });

    const tmId = uniqueId('Kg');
    const never = await db.artist.create({ data: { tmAttractionId: tmId, name: 'Never Imported', slug: `never-${tmId.toLowerCase()}` } });
    for (const path of ['stream', 'status']) {
      const res = await fetch(`${api.url}/api/artists/${never.id}/${path}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: 'not_found' });
    }
  });
});

describe('GET /api/artists/:id/status', () => {
  it('returns the running snapshot, then the final one', async () => {
    const started = await startImport(uniqueId('Kh'));
    const running = await fetch(`${api.url}/api/artists/${started.artistId}/status`);
    expect(running.status).toBe(200);
    const first = (await running.json()) as ImportProgress;
    expect(first).toMatchObject({ artistId: started.artistId, workflowId: started.workflowId });
    expect(['running', 'completed']).toContain(first.status);

    await client.workflow.getHandle(started.workflowId, started.runId).result();
    const done = (await (await fetch(`${api.url}/api/artists/${started.slug}/status`)).json()) as ImportProgress;
    expect(done).toMatchObject({ status: 'completed', percent: 100, runId: started.runId });
    // The workflow's own warning for the songs the catalog stub kept without a liveness check.
    expect(done.warnings).toEqual([`${STUB_RESULT.withoutLiveness} songs had no audio features: kept on their names alone, liveness not checked`]);
  });

  it('explains a terminated import instead of reporting it as running', async () => {
    const started = await startImport(uniqueId('hold-'));
    await waitFor(async () => {
      const p = (await (await fetch(`${api.url}/api/artists/${started.artistId}/status`)).json()) as ImportProgress;
      return p.phase === 'shows';
    });
    await client.workflow.getHandle(started.workflowId).terminate('stuck import cleared by operator');
    const res = await fetch(`${api.url}/api/artists/${started.artistId}/status`);
    const progress = (await res.json()) as ImportProgress;
    expect(progress.status).toBe('failed');
    expect(progress.phase).toBe('shows');
    expect(progress.error?.message).toBe('the import was stopped by an operator (stuck import cleared by operator)');
    expect(progress.message).toBe('Import failed during shows: the import was stopped by an operator (stuck import cleared by operator)');
    expect(progress.finishedAt).not.toBeNull();

    const sse = await readSse(`${api.url}/api/artists/${started.artistId}/stream`);
    expect(sse.events.map((e) => e.event)).toEqual(['failed']);
  });

  it('rebuilds the snapshot from the ImportRun row when Temporal no longer knows the workflow', async () => {
    const tmId = uniqueId('Ki');
    const artist = await db.artist.create({
      data: { tmAttractionId: tmId, name: 'Old Import', slug: `old-${tmId.toLowerCase()}`, importStatus: 'failed' },
    });
    await db.importRun.create({
      data: {
        artistId: artist.id,
        workflowId: artistImportWorkflowId(tmId),
        runId: randomUUID(),
        status: 'failed',
        phase: 'shows',
        counts: { eventsFetched: 120, venues: 14 },
        warnings: ['3 events had no date'],
        errorPhase: 'shows',
        errorMessage: 'Ticketmaster answered 401 on /discovery/v2/events.json',
        startedAt: new Date('2025-01-01T10:00:00Z'),
        finishedAt: new Date('2025-01-01T10:00:05Z'),
      },
    });
    const progress = (await (await fetch(`${api.url}/api/artists/${artist.id}/status`)).json()) as ImportProgress;
    expect(progress).toMatchObject({
      status: 'failed',
      phase: 'shows',
      artistName: 'Old Import',
      error: { phase: 'shows', message: 'Ticketmaster answered 401 on /discovery/v2/events.json' },
      warnings: ['3 events had no date'],
      finishedAt: '2025-01-01T10:00:05.000Z',
    });
    expect(progress.counts).toMatchObject({ eventsFetched: 120, venues: 14, songs: 0 });

    const sse = await readSse(`${api.url}/api/artists/${artist.id}/stream`);
    expect(sse.events.map((e) => e.event)).toEqual(['failed']);
    expect(progressOf(sse.events[0] as SseEvent).message).toContain('401');
  });
});

describe('DELETE /api/artists/:id/import', () => {
  it('cancels a running import (the stream ends with failed/cancelled), then answers 409', async () => {
    const started = await startImport(uniqueId('hold-'));
    const streaming = readSse(`${api.url}/api/artists/${started.artistId}/stream`);
    await waitFor(async () => {
      const p = (await (await fetch(`${api.url}/api/artists/${started.artistId}/status`)).json()) as ImportProgress;
      return p.phase === 'shows';
    });
    const cancel = await fetch(`${api.url}/api/artists/${started.artistId}/import`, { method: 'DELETE' });
    expect(cancel.status).toBe(202);
    expect(await cancel.json()).toMatchObject({ artistId: started.artistId, runId: started.runId, status: 'cancelling' });

    const sse = await streaming;
    const last = sse.events.at(-1) as SseEvent;
    expect(last.event).toBe('failed');
    expect(progressOf(last).status).toBe('cancelled');

    const again = await fetch(`${api.url}/api/artists/${started.artistId}/import`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'conflict' });
  });

  it('answers 404 for an unknown artist', async () => {
    const res = await fetch(`${api.url}/api/artists/${randomUUID()}/import`, { method: 'DELETE' });
    expect(res.status).toBe(404);
  });
});

describe('when Temporal is unreachable', () => {
  it('answers 503 and leaves the artist as it was', async () => {
    const dead = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const app = createApp({ ...sys.appDeps, temporal: dead, logger: testLogger(), temporalTimeoutMs: 500 });
    const deadApi = await listen(app);
    try {
      const tmId = uniqueId('Kj');
      const res = await postJson(`${deadApi.url}/api/artists/import`, { tmAttractionId: tmId });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: 'temporal_unavailable' });
      const row = await db.artist.findUniqueOrThrow({ where: { tmAttractionId: tmId } });
      expect(row.importStatus).toBe('pending');
      // An artist imported before keeps its status too.
      const finished = await db.artist.create({ data: { tmAttractionId: uniqueId('Kk'), name: 'Done', slug: uniqueId('done-'), importStatus: 'completed' } });
      expect((await postJson(`${deadApi.url}/api/artists/import`, { tmAttractionId: finished.tmAttractionId })).status).toBe(503);
      expect((await db.artist.findUniqueOrThrow({ where: { id: finished.id } })).importStatus).toBe('completed');

      const status = await fetch(`${deadApi.url}/api/artists/${row.id}/status`);
      expect(status.status).toBe(503);
    } finally {
      await deadApi.close();
      await dead.connection.close();
    }
  });
});
