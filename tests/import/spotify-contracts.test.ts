// The import on both of Spotify's contracts, end to end (real Temporal, real
// PostgreSQL, the API over HTTP, the fakes over HTTP): what a fan sees through
// the API — exactly the expected shows and studio songs, no live track —
// what an operator sees (the contract found, MusicBrainz's drops), and what
// it costs in Spotify requests. One system per contract: the Spotify client
// remembers what it discovered for the process, as in production.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../domain/progress';
import type { ExpectedImport } from '../../fakes/expected';
import type { FakeStats } from '../../fakes/server';
import type { ImportSystem } from '../../harness/import-system';
import { startTestSystem } from '../support/services';

let dev: ImportSystem;
let ext: ImportSystem;

beforeAll(async () => {
  // Development mode: discovered facts are remembered for the hour, as in production.
  dev = await startTestSystem({ spotifyRediscoverAfterMs: 3_600_000 });
  dev.fakes.control.configure({ spotifyContract: 'development' });
  ext = await startTestSystem();
  ext.fakes.control.configure({ spotifyContract: 'extended' });
}, 180_000);

afterAll(async () => {
  await dev?.stop();
  await ext?.stop();
});

async function listAll<T>(sys: ImportSystem, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const res: Response = await fetch(`${sys.apiUrl}${path}?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: T[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

type SongRow = { spotifyId: string; isrc: string | null; name: string; isRemix: boolean; popularity: number };

interface Imported {
  artistId: string;
  final: ImportProgress;
  songs: SongRow[];
  shows: Array<{ tmEventId: string }>;
  /** Spotify requests of this import (the fake's count: tokens excluded). */
  spotify: FakeStats['spotify'];
  endpoints: Record<string, number>;
  pageSizeAbove10: number;
  musicbrainzRequests: number;
}

async function runImport(sys: ImportSystem, id: string): Promise<Imported> {
  const before = sys.fakes.stats();
  const { artistId } = await sys.importArtist(id);
  const final = await sys.finalProgress(id);
  const after = sys.fakes.stats();
  const endpoints: Record<string, number> = {};
  for (const [k, n] of Object.entries(after.endpoints)) {
    const d = n - (before.endpoints[k] ?? 0);
    if (d > 0 && k.startsWith('spotify ')) endpoints[k] = d;
  }
  return {
    artistId,
    final,
    songs: await listAll<SongRow>(sys, `/api/artists/${artistId}/songs`),
    shows: await listAll<{ tmEventId: string }>(sys, `/api/artists/${artistId}/shows`),
    spotify: { ...after.spotify, requests: after.spotify.requests - before.spotify.requests },
    endpoints,
    pageSizeAbove10: after.spotifyPageSizeAbove10 - before.spotifyPageSizeAbove10,
    musicbrainzRequests: after.musicbrainz.requests - before.musicbrainz.requests,
  };
}

/** Track ids of the artist's live recordings, by their labels. */
function liveTrackIds(sys: ImportSystem, id: string): Set<string> {
  const artist = sys.fakes.catalog.artist(id);
  if (!artist) throw new Error(`no fake artist ${id}`);
  return new Set(artist.tracks.filter((t) => t.truth === 'live-album' || t.truth === 'live-title').map((t) => t.id));
}

function expectCatalog(sys: ImportSystem, id: string, got: Imported, expected: ExpectedImport): void {
  expect(got.final.status).toBe('completed');
  expect(got.shows.map((s) => s.tmEventId).sort()).toEqual(expected.ticketmaster.eventIds);
  expect(got.songs.map((s) => s.spotifyId).sort()).toEqual(expected.spotify.trackIds);
  const live = liveTrackIds(sys, id);
  expect(got.songs.filter((s) => live.has(s.spotifyId))).toEqual([]);
  expect(new Set(got.songs.filter((s) => s.isRemix).map((s) => s.spotifyId))).toEqual(new Set(expected.spotify.remixTrackIds));
  // The live albums only MusicBrainz knows were dropped, and counted as such.
  expect(expected.spotify.unnamedLiveAlbumIds.length).toBeGreaterThan(0);
  expect(got.final.counts.albumsDroppedLiveMusicBrainz).toBe(expected.spotify.unnamedLiveAlbumIds.length);
  expect(got.final.filters?.musicBrainzApplied).toBe(true);
  expect(got.musicbrainzRequests).toBe(1);
}

describe('development-mode contract (every app a new user can register)', () => {
  for (const [id, features] of [
    ['gen-11-e150-a90', 'available'],
    ['gen-12-e120-a70', 'forbidden'],
  ] as const) {
    it(`imports exactly the studio catalog with audio features ${features} in the fake's config: ${id}`, async () => {
      dev.fakes.control.setAudioFeatures(features);
      const expected = dev.fakes.expected(id, features, 'development');
      const got = await runImport(dev, id);
      expectCatalog(dev, id, got, expected);
      // What an operator reads in the progress and the stored run.
      expect(got.final.filters?.spotifyContract).toMatch(/^development-mode contract: no batch endpoints, no audio features/);
      expect(got.final.warnings.join('\n')).toMatch(/development-mode contract: no batch endpoints, no audio features/);
      const run = await dev.db.importRun.findFirstOrThrow({ where: { artistId: got.artistId }, orderBy: { startedAt: 'desc' } });
      expect(JSON.stringify(run.filters)).toMatch(/development-mode contract: no batch endpoints, no audio features/);
      // Songs whose ISRC the dedupe did not need are stored without one; the few looked up have theirs.
      const withIsrc = got.songs.filter((s) => s.isrc !== null).length;
      expect(withIsrc).toBeLessThanOrEqual(got.final.counts.isrcLookups);
      expect(got.endpoints['spotify GET /tracks/:id'] ?? 0).toBe(got.final.counts.isrcLookups);
      expect(got.final.counts.isrcLookups).toBeLessThan(got.songs.length * 0.05);
      // Cost: about one request per kept album, ≤ 0.2 per kept song.
      const albums = got.final.counts.albumsKept;
      expect(got.endpoints['spotify GET /albums/:id']).toBe(albums);
      expect(got.spotify.requests).toBeLessThanOrEqual(0.2 * got.songs.length);
      expect(got.endpoints['spotify GET /tracks'] ?? 0).toBe(0);
    }, 180_000);
  }

  it('asks for no page above 10 once it has discovered the contract', async () => {
    // The first import of the process discovered it (one refused page of 50); this one only asks for 10.
    const got = await runImport(dev, 'gen-13-e40-a30');
    expect(got.final.status).toBe('completed');
    expect(got.pageSizeAbove10).toBe(0);
    expect(got.endpoints['spotify GET /albums'] ?? 0).toBe(0);
    expect(got.endpoints['spotify GET /audio-features'] ?? 0).toBe(0);
  }, 120_000);
});

describe('extended-quota contract (organisations)', () => {
  for (const [id, features] of [
    ['gen-21-e150-a90', 'available'],
    ['gen-22-e120-a70', 'forbidden'],
  ] as const) {
    it(`imports exactly the studio catalog with audio features ${features}: ${id}`, async () => {
      ext.fakes.control.setAudioFeatures(features);
      const expected = ext.fakes.expected(id, features, 'extended');
      const got = await runImport(ext, id);
      expectCatalog(ext, id, got, expected);
      expect(got.final.filters?.spotifyContract).toMatch(/^extended-quota contract: batch endpoints/);
      expect(got.final.filters?.livenessApplied).toBe(features === 'available');
      // Batch endpoints: 20 albums and 50 tracks a request, ISRCs with every song, no per-track lookups.
      expect(got.endpoints['spotify GET /albums']).toBe(Math.ceil(got.final.counts.albumsKept / 20));
      expect(got.endpoints['spotify GET /tracks/:id'] ?? 0).toBe(0);
      expect(got.endpoints['spotify GET /albums/:id'] ?? 0).toBe(0);
      expect(got.spotify.requests).toBeLessThanOrEqual(0.06 * got.songs.length);
    }, 180_000);
  }

  /** Imports `id` (extended contract, audio features forbidden) while MusicBrainz answers its next `failures` requests with 503; the fakes are set back after. */
  async function importWhileMusicBrainzFails(id: string, failures: number) {
    ext.fakes.control.setAudioFeatures('forbidden');
    ext.fakes.control.injectFault({ provider: 'musicbrainz', status: 503, count: failures });
    try {
      return { got: await runImport(ext, id), expected: ext.fakes.expected(id, 'forbidden', 'extended') };
    } finally {
      ext.fakes.control.reset();
      ext.fakes.control.configure({ spotifyContract: 'extended' });
    }
  }

  it('completes on name rules with a warning when MusicBrainz is down', async () => {
    const { got, expected } = await importWhileMusicBrainzFails('gen-23-e60-a60', 50);
    expect(got.final.status).toBe('completed');
    expect(got.final.filters?.musicBrainzApplied).toBe(false);
    expect(got.final.warnings.join('\n')).toMatch(/MusicBrainz could not be reached .*: live albums are recognised by their names only/);
    // Exactly the studio catalog plus the tracks of the live albums only MusicBrainz could have named.
    expect(expected.spotify.keptWithoutMusicBrainzIds.length).toBeGreaterThan(0);
    expect(got.songs.map((s) => s.spotifyId).sort()).toEqual([...expected.spotify.trackIds, ...expected.spotify.keptWithoutMusicBrainzIds].sort());
    expect(got.final.counts.albumsDroppedLiveMusicBrainz).toBe(0);
  }, 180_000);

  it('rides out a passing MusicBrainz outage with the album listing\'s own retries: the rule still applies', async () => {
    // One listing attempt's worth of 503s (its first try and 5 retries): the activity's next attempt gets through.
    const { got, expected } = await importWhileMusicBrainzFails('gen-25-e60-a60', 6);
    expect(got.final.status).toBe('completed');
    expect(got.final.filters?.musicBrainzApplied).toBe(true);
    expect(got.final.warnings.join('\n')).not.toMatch(/MusicBrainz could not be reached/);
    expect(got.songs.map((s) => s.spotifyId).sort()).toEqual([...expected.spotify.trackIds].sort());
  }, 180_000);

  it("waits out a spent quota (429 QUOTA_EXCEEDED) on a durable timer and says so", async () => {
    const id = 'gen-24-e40-a30';
    ext.fakes.control.setAudioFeatures('available');
    ext.fakes.control.injectFault({ provider: 'spotify', status: 429, count: 1, retryAfterSeconds: 2, quotaExceeded: true, pathIncludes: '/albums?ids=' });
    const expected = ext.fakes.expected(id, 'available', 'extended');
    const started = Date.now();
    const got = await runImport(ext, id);
    expect(got.final.status).toBe('completed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(got.final.warnings.join('\n')).toMatch(/Spotify's quota was spent \(QUOTA_EXCEEDED\) while reading album tracks: waited 2 s/);
    expect(got.songs.map((s) => s.spotifyId).sort()).toEqual(expected.spotify.trackIds);
    const history = await ext.client.workflow.getHandle(`artist-import-${id}`).fetchHistory();
    const timers = (history.events ?? []).filter((e) => e.timerStartedEventAttributes);
    expect(timers.map((e) => Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? 0))).toContain(2);
  }, 180_000);
});
