// An import of an attraction Ticketmaster does not know: the fan who asked
// reads why it failed (status, stream), the operator keeps the failed run, and
// no artist is left behind on the site (pages, search, trending). The same
// attraction imports normally once Ticketmaster knows it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTrendingActivities } from '../../activities/trending';
import type { ImportProgress } from '../../domain/progress';
import { logger, type ImportSystem } from '../../harness/import-system';
import { readSse, sseJson } from '../../harness/sse';
import { startTestSystem } from '../support/services';

let sys: ImportSystem;

beforeAll(async () => {
  sys = await startTestSystem();
}, 120_000);

afterAll(async () => {
  await sys?.stop();
});

const status = async (path: string) => (await fetch(`${sys.apiUrl}${path}`)).status;

async function searchResult(tmAttractionId: string) {
  const res = await fetch(`${sys.apiUrl}/api/search?q=${encodeURIComponent(tmAttractionId)}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: Array<{ tmAttractionId: string; imported: boolean; artistId: string | null; slug: string | null; importStatus: string | null }> };
  const item = body.items.find((i) => i.tmAttractionId === tmAttractionId);
  expect(item).toBeDefined(); // Ticketmaster's search lists it either way
  return item!;
}

/** Scores every artist as the hourly schedule does, then reads /api/trending. */
async function trendingIds(): Promise<string[]> {
  await createTrendingActivities({ db: sys.db, logger } as Parameters<typeof createTrendingActivities>[0]).scoreTrendingArtists();
  const res = await fetch(`${sys.apiUrl}/api/trending?limit=100`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Array<{ id: string }> }).items.map((i) => i.id);
}

it('leaves no listed artist behind, keeps the failure for fan and operator, and a later import of the id works', async () => {
  const id = 'gen-84-e5-a2';
  // Ticketmaster's search lists the attraction, its lookup answers 404 (once).
  sys.fakes.control.injectFault({ provider: 'ticketmaster', pathIncludes: `/attractions/${id}`, status: 404, count: 1 });
  const started = await sys.importArtist(id);
  await expect(sys.finalProgress(id)).rejects.toThrow();

  // The fan who asked reads why, on /status and on the stream.
  const snapshot = (await (await fetch(`${sys.apiUrl}/api/artists/${started.artistId}/status`)).json()) as ImportProgress;
  expect(snapshot).toMatchObject({ status: 'failed', error: { phase: 'identity', message: expect.stringMatching(`Ticketmaster has no attraction with id ${id}`) } });
  const stream = await readSse(`${sys.apiUrl}/api/artists/${started.slug}/stream`);
  const last = stream.events.at(-1)!;
  expect(last.event).toBe('failed');
  expect(sseJson<ImportProgress>(last).error?.message).toMatch(`Ticketmaster has no attraction with id ${id}`);

  // The operator keeps the failed run (and the row it belongs to).
  const run = await sys.db.importRun.findFirstOrThrow({ where: { artistId: started.artistId } });
  expect(run).toMatchObject({ status: 'failed', errorPhase: 'identity', workflowId: `artist-import-${id}` });
  const shell = await sys.db.artist.findUniqueOrThrow({ where: { id: started.artistId } });
  expect(shell).toMatchObject({ importStatus: 'failed', importedAt: null, lastSyncedAt: null });

  // No page, no search entry, no trending place — even with views enough to trend.
  await sys.db.artist.update({ where: { id: started.artistId }, data: { viewCount: 100_000 } });
  for (const ref of [started.artistId, started.slug, `tm-${id}`]) {
    expect(await status(`/api/artists/${ref}`)).toBe(404);
    expect(await status(`/api/artists/${ref}/songs`)).toBe(404);
    expect(await status(`/api/artists/${ref}/shows`)).toBe(404);
  }
  expect(await searchResult(id)).toMatchObject({ imported: false, artistId: null, slug: null, importStatus: null });
  expect(await trendingIds()).not.toContain(started.artistId);

  // Ticketmaster knows it now: the same shell is imported and listed everywhere.
  const again = await sys.importArtist(id);
  expect(again.artistId).toBe(started.artistId);
  expect(await searchResult(id)).toMatchObject({ imported: true, artistId: started.artistId }); // while it runs, too
  expect((await sys.finalProgress(id)).status).toBe('completed');
  const page = await fetch(`${sys.apiUrl}/api/artists/tm-${id}`);
  expect(page.status).toBe(200);
  expect(await page.json()).toMatchObject({ id: started.artistId, importStatus: 'completed', latestImport: { status: 'completed' } });
  expect(await searchResult(id)).toMatchObject({ imported: true, artistId: started.artistId, importStatus: 'completed' });
  expect(await trendingIds()).toContain(started.artistId);
  // The failed run is still there beside the completed one.
  expect((await sys.db.importRun.findMany({ where: { artistId: started.artistId } })).map((r) => r.status).sort()).toEqual(['completed', 'failed']);
}, 180_000);
