// What the processes log during imports, captured whole: no configured secret
// (provider keys, client secret) ever appears, however the providers fail, and
// every line an activity writes names its workflow, the activity and the artist;
// the API's request lines of an import (kickoff, progress stream, status,
// cancel) name its workflow and artist too.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSse } from '../../harness/sse';
import { capturingLogger } from '../api/helpers';
import type { ImportSystem } from '../../harness/import-system';
import { startTestSystem } from '../support/services';

const log = capturingLogger();
let sys: ImportSystem;

beforeAll(async () => {
  sys = await startTestSystem({ logger: log.logger });
}, 120_000);

afterAll(async () => {
  await sys?.stop();
});

it('never logs a secret, and every activity line carries its workflow, activity and artist', async () => {
  // A struggling source (retries are logged), a refused one and an unknown artist: the paths that log most.
  sys.fakes.control.injectFaults(
    { provider: 'ticketmaster', pathIncludes: '/events', status: 503, count: 2 },
    { provider: 'spotify', pathIncludes: '/albums', status: 429, retryAfterSeconds: 1, count: 2 },
    { provider: 'setlistfm', pathIncludes: '/setlists', status: 500, count: 1 },
  );
  const good = await sys.importArtist('gen-31-e60-a8');
  expect((await sys.finalProgress('gen-31-e60-a8')).status).toBe('completed');
  await sys.importArtist('no-such-attraction-logs');
  await expect(sys.finalProgress('no-such-attraction-logs')).rejects.toThrow();

  const lines = log.entries.map((e) => JSON.stringify(e));
  expect(lines.length).toBeGreaterThan(5);
  const secrets = [sys.env.TICKETMASTER_API_KEY, sys.env.SPOTIFY_CLIENT_ID, sys.env.SPOTIFY_CLIENT_SECRET, sys.env.SETLISTFM_API_KEY];
  for (const secret of secrets) {
    expect(secret).toBeTruthy();
    expect(lines.filter((l) => l.includes(secret!))).toEqual([]);
  }

  // The retries were logged (so the lines above were worth searching), each inside its activity.
  const retries = log.entries.filter((e) => e.msg === 'provider call retried');
  expect(retries.length).toBeGreaterThanOrEqual(3);
  for (const entry of log.entries.filter((e) => 'activity' in e)) {
    expect(entry).toMatchObject({ workflowId: expect.stringMatching(/^artist-import-/), activity: expect.any(String) });
  }
  const ofGood = log.entries.filter((e) => e.workflowId === 'artist-import-gen-31-e60-a8' && 'activity' in e);
  expect(ofGood.length).toBeGreaterThan(0);
  expect(ofGood.every((e) => e.artistId === good.artistId)).toBe(true);
}, 120_000);

it("names the import's workflow and artist on the API's request lines of it", async () => {
  const id = 'gen-32-e20-a3';
  const started = await sys.importArtist(id);
  const workflowId = `artist-import-${id}`;
  // A stream opened while it runs, then the status and a late stream of the ended import, by slug and id.
  const stream = await readSse(`${sys.apiUrl}/api/artists/${started.slug}/stream`, { timeoutMs: 60_000 });
  expect(stream.events.at(-1)?.event).toBe('done');
  expect((await fetch(`${sys.apiUrl}/api/artists/${started.artistId}/status`)).status).toBe(200);
  expect((await fetch(`${sys.apiUrl}/api/artists/tm-${id}/import`, { method: 'DELETE' })).status).toBe(409);
  expect((await fetch(`${sys.apiUrl}/api/artists/no-such-artist-logs/status`)).status).toBe(404);

  const requests = log.entries.filter((e) => e.msg === 'request');
  // The first test's kickoffs share the import path; this one's is told by its attraction.
  const line = (method: string, path: string) => {
    const found = requests.filter((e) => e.method === method && e.path === path && (method !== 'POST' || e.tmAttractionId === id));
    expect(found, `${method} ${path}`).toHaveLength(1);
    return found[0];
  };
  const ofImport = { workflowId, artistId: started.artistId, reqId: expect.any(String) };
  expect(line('POST', '/api/artists/import')).toMatchObject({ ...ofImport, tmAttractionId: id, runId: expect.any(String), status: 202 });
  const runId = line('POST', '/api/artists/import')!.runId;
  expect(line('GET', `/api/artists/${started.slug}/stream`)).toMatchObject({ ...ofImport, runId, status: 200 });
  expect(line('GET', `/api/artists/${started.artistId}/status`)).toMatchObject({ ...ofImport, runId, status: 200 });
  // An error answer still names the import the route had found.
  expect(line('DELETE', `/api/artists/tm-${id}/import`)).toMatchObject({ ...ofImport, status: 409 });
  expect(line('GET', '/api/artists/no-such-artist-logs/status')).not.toHaveProperty('workflowId');
}, 120_000);
