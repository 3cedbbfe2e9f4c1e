// The catalog's staging tables (db/catalog-staging.ts) against real
// PostgreSQL: what a retried activity does to its run's rows (rewritten in
// place, an earlier attempt's extra rows dropped), that runs never read each
// other's rows, the order the dedupe reads candidates in, looked-up ISRCs,
// and which leftovers the sweep deletes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../../db/client';
import {
  deleteRunStaging,
  deleteStaleStaging,
  recordLookedUpIsrcs,
  stageAlbums,
  stagedAlbumIds,
  stagedAlbums,
  stagedTracks,
  stageTracks,
  type StagingRun,
} from '../../db/catalog-staging';
import type { SpotifyTrack } from '../../domain/catalog-types';

let db: Db;
beforeAll(() => {
  db = createDb(inject('databaseUrl'));
});
afterAll(async () => {
  await db?.$disconnect();
});

function run(workflowId = `artist-import-staging-${randomUUID().slice(0, 8)}`): StagingRun {
  return { workflowId, runId: randomUUID() };
}

const album = (n: number) => ({ id: `alb${n}`, name: `Album ${n}`, albumType: n % 2 ? 'album' : 'single', releaseDate: n === 2 ? null : `200${n}` });

const track = (n: number, over: Partial<SpotifyTrack> = {}): SpotifyTrack => ({
  id: `trk${n}`,
  name: `Song ${n}`,
  durationMs: 200_000 + n,
  popularity: n === 3 ? null : 50 + n,
  isrc: n === 2 ? null : `USXX1${String(n).padStart(7, '0')}`,
  albumId: 'alb1',
  albumName: 'Album 1',
  albumType: 'album',
  albumReleaseDate: '2001',
  ...over,
});

const staged = (tracks: SpotifyTrack[], isrcIncluded = true) => tracks.map((t) => ({ track: t, isrcIncluded, livenessChecked: t.id !== 'trk2' }));

it('stages an album list and hands each chunk its positions; a retry that lists fewer albums leaves only those', async () => {
  const r = run();
  await stageAlbums(db, r, [1, 2, 3, 4, 5].map(album));
  expect(await stagedAlbums(db, r.runId, 2, 2)).toEqual([album(3), album(4)]);
  expect(await stagedAlbums(db, r.runId, 4, 2)).toEqual([album(5)]);
  // The retry of the listing (Spotify now lists 3, one of them renamed): rewritten in place, the rest gone.
  await stageAlbums(db, r, [album(1), { ...album(2), name: 'Album 2 (renamed)' }, album(3)]);
  expect(await stagedAlbumIds(db, r.runId)).toEqual(['alb1', 'alb2', 'alb3']);
  expect((await stagedAlbums(db, r.runId, 0, 60))[1]?.name).toBe('Album 2 (renamed)');
});

it('reads back exactly the staged tracks, chunk by chunk in order whatever order the chunks finished in', async () => {
  const r = run();
  await stageTracks(db, r, 1, staged([track(4), track(5)]));
  await stageTracks(db, r, 0, staged([track(1), track(2), track(3)]));
  const back = await stagedTracks(db, r.runId);
  expect(back.map((s) => s.track)).toEqual([track(1), track(2), track(3), track(4), track(5)]);
  expect(back.map((s) => s.livenessChecked)).toEqual([true, false, true, true, true]);
  expect(back.every((s) => s.isrcIncluded && s.lookedUp === null)).toBe(true);
  // Another run of the same workflow id never sees them.
  expect(await stagedTracks(db, run(r.workflowId).runId)).toEqual([]);
});

it("rewrites a retried chunk's rows in place and drops what its earlier attempt had beyond them", async () => {
  const r = run();
  await stageTracks(db, r, 0, staged([track(1), track(2), track(3)]));
  await stageTracks(db, r, 0, staged([track(1, { popularity: 99 }), track(3)]));
  expect((await stagedTracks(db, r.runId)).map((s) => s.track)).toEqual([track(1, { popularity: 99 }), track(3)]);
  expect(await db.stagedCatalogTrack.count({ where: { runId: r.runId } })).toBe(2);
});

it('stages a chunk above one statement (1,000 rows) whole', async () => {
  const r = run();
  const many = Array.from({ length: 2_345 }, (_, i) => track(i + 1));
  await stageTracks(db, r, 0, staged(many));
  expect((await stagedTracks(db, r.runId)).map((s) => s.track.id)).toEqual(many.map((t) => t.id));
});

it('records looked-up ISRCs, null where Spotify has none, on this run only', async () => {
  const r = run();
  const other = run(r.workflowId);
  await stageTracks(db, r, 0, staged([track(1), track(2), track(3)], false));
  await stageTracks(db, other, 0, staged([track(2)], false));
  await recordLookedUpIsrcs(db, r.runId, { trk2: 'GBXX10000002', trk3: null });
  expect((await stagedTracks(db, r.runId)).map((s) => s.lookedUp)).toEqual([null, { isrc: 'GBXX10000002' }, { isrc: null }]);
  expect((await stagedTracks(db, other.runId)).map((s) => s.lookedUp)).toEqual([null]);
});

it("sweeps the rows of the workflow's other (ended) runs and of week-old runs, and keeps the rest", async () => {
  const current = run();
  const earlier = run(current.workflowId);
  const otherArtist = run();
  for (const r of [current, earlier, otherArtist]) {
    await stageAlbums(db, r, [album(1)]);
    await stageTracks(db, r, 0, staged([track(1)]));
  }
  const old = run();
  await stageTracks(db, old, 0, staged([track(1)]));
  await db.stagedCatalogTrack.updateMany({ where: { runId: old.runId }, data: { createdAt: new Date(Date.now() - 8 * 86_400_000) } });

  expect(await deleteStaleStaging(db, current, 7 * 86_400_000)).toBe(3);
  const left = async (r: StagingRun) => (await db.stagedCatalogTrack.count({ where: { runId: r.runId } })) + (await db.stagedCatalogAlbum.count({ where: { runId: r.runId } }));
  expect(await left(current)).toBe(2);
  expect(await left(otherArtist)).toBe(2);
  expect(await left(earlier)).toBe(0);
  expect(await left(old)).toBe(0);

  expect(await deleteRunStaging(db, current.runId)).toBe(2);
  expect(await left(current)).toBe(0);
  expect(await left(otherArtist)).toBe(2);
  await deleteRunStaging(db, otherArtist.runId);
});
