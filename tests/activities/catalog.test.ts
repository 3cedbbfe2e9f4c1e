// The catalog candidates activity (activities/catalog.ts
// `collectCatalogCandidates`) in a MockActivityEnvironment, with a stub
// Spotify that records what it is asked for: what one chunk of albums yields,
// the checkpoint it heartbeats, and what a retry given that checkpoint does.
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ActivityDeps } from '../../activities';
import { createCatalogActivities, type AlbumRef, type CandidatesResult } from '../../activities/catalog';
import type { Db } from '../../db/client';
import type { AudioFeatures, SetlistFmApi, SpotifyAlbumTrack, SpotifyApi, SpotifyTrack, TicketmasterApi } from '../../providers/types';

const ALBUMS: AlbumRef[] = Array.from({ length: 5 }, (_, i) => ({ id: `alb${i + 1}`, name: `Album ${i + 1}` }));
const TRACKS_PER_ALBUM = 4;

/** Track `n` (1-based, across albums) of the stub catalog. */
const trackId = (n: number) => `trk${n}`;
/** Listed as live already: dropped by name before any further request. */
const LIVE_IN_LISTING = new Set([3, 14]);
/** Only the full track's title says live ("Song 7 - Live at Wembley"). */
const LIVE_IN_FULL_TITLE = new Set([7]);
/** Liveness above the threshold: a live recording by its audio features. */
const LIVE_BY_FEATURES = new Set([10]);
/** Spotify has no audio features for these: kept without a liveness check. */
const NO_FEATURES = new Set([5, 18]);

interface StubSpotify extends SpotifyApi {
  albumsListed: string[];
  trackRequests: string[][];
  featureRequests: string[][];
}

function stubSpotify(): StubSpotify {
  const unused = () => Promise.reject(new Error('not used by collectCatalogCandidates'));
  const stub: StubSpotify = {
    albumsListed: [],
    trackRequests: [],
    featureRequests: [],
    getArtist: unused,
    searchArtist: unused,
    getArtistAlbums: unused,
    getAlbumsWithTracks: unused,
    getAlbumWithTracks: unused,
    getTrack: unused,
    contract: () => {
      throw new Error('not used by collectCatalogCandidates');
    },
    batchEndpoints: null,
    async getAlbumTracks(albumId) {
      stub.albumsListed.push(albumId);
      const a = ALBUMS.findIndex((album) => album.id === albumId);
      const items = Array.from({ length: TRACKS_PER_ALBUM }, (_, t): SpotifyAlbumTrack => {
        const n = a * TRACKS_PER_ALBUM + t + 1;
        return { id: trackId(n), name: LIVE_IN_LISTING.has(n) ? `Song ${n} (Live)` : `Song ${n}`, durationMs: 200_000 + n, trackNumber: t + 1, discNumber: 1 };
      });
      return { items, skipped: a === 0 ? 1 : 0 };
    },
    async getTracks(ids) {
      stub.trackRequests.push(ids);
      const items = ids.map((id): SpotifyTrack => {
        const n = Number(id.slice(3));
        const a = Math.floor((n - 1) / TRACKS_PER_ALBUM);
        return {
          id,
          name: LIVE_IN_FULL_TITLE.has(n) ? `Song ${n} - Live at Wembley` : `Song ${n}`,
          durationMs: 200_000 + n,
          popularity: 100 - n,
          isrc: `USXX1${String(n).padStart(7, '0')}`,
          albumId: ALBUMS[a]!.id,
          albumName: ALBUMS[a]!.name,
          albumType: 'album',
        };
      });
      return { items, skipped: 0 };
    },
    async getAudioFeatures(ids) {
      stub.featureRequests.push(ids);
      const features = new Map<string, AudioFeatures | null>(
        ids.map((id) => {
          const n = Number(id.slice(3));
          return [id, NO_FEATURES.has(n) ? null : { id, liveness: LIVE_BY_FEATURES.has(n) ? 0.95 : 0.1 }];
        }),
      );
      return { available: true, features, skipped: 0 };
    },
  };
  return stub;
}

const unused = () => Promise.reject(new Error('not used by collectCatalogCandidates'));
const noTicketmaster: TicketmasterApi = { getAttraction: unused, searchAttractions: unused, getEventsPage: unused, planEventWindows: unused };
const noSetlistFm: SetlistFmApi = { searchArtist: unused, getArtistSetlists: unused };
/** Progress signals go nowhere: there is no workflow. */
const noTemporal = { workflow: { getHandle: () => ({ signal: async () => undefined }) } } as unknown as Client;

function collect(spotify: SpotifyApi, heartbeatDetails?: unknown) {
  const env = new MockActivityEnvironment(
    { activityType: 'collectCatalogCandidates', heartbeatTimeoutMs: 15_000, ...(heartbeatDetails === undefined ? {} : { attempt: 2, heartbeatDetails }) },
    { logger: new DefaultLogger('ERROR') },
  );
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => heartbeats.push(JSON.parse(JSON.stringify(details))));
  // This activity reads no table: a database it never reaches will do.
  const deps: ActivityDeps = {
    db: {} as Db,
    ticketmaster: noTicketmaster,
    spotify,
    setlistfm: noSetlistFm,
    temporal: noTemporal,
    logger: pino({ level: 'silent' }),
  };
  const { collectCatalogCandidates } = createCatalogActivities(deps);
  const result: Promise<CandidatesResult> = env.run(collectCatalogCandidates, { albums: ALBUMS, chunkIndex: 0, chunkCount: 1 });
  return { result, heartbeats };
}

const ALL_TRACKS = ALBUMS.length * TRACKS_PER_ALBUM;

describe('collectCatalogCandidates', () => {
  it('keeps the studio tracks of its albums: live titles and live recordings dropped, missing features noted', async () => {
    const spotify = stubSpotify();
    const { result } = collect(spotify);
    const r = await result;
    expect(spotify.albumsListed).toEqual(ALBUMS.map((a) => a.id));
    // Tracks listed as live are never asked for again.
    expect(spotify.trackRequests.flat()).not.toContain(trackId(3));
    expect(r).toMatchObject({
      tracksFetched: ALL_TRACKS,
      droppedLiveTitle: LIVE_IN_LISTING.size + LIVE_IN_FULL_TITLE.size,
      droppedLiveness: LIVE_BY_FEATURES.size,
      keptWithoutLiveness: [...NO_FEATURES].map(trackId),
      livenessApplied: true,
      livenessUnavailableReason: `no audio features for ${NO_FEATURES.size} of ${ALL_TRACKS - LIVE_IN_LISTING.size - LIVE_IN_FULL_TITLE.size} tracks; kept by title rules only`,
      malformed: 1,
    });
    const dropped = new Set([...LIVE_IN_LISTING, ...LIVE_IN_FULL_TITLE, ...LIVE_BY_FEATURES]);
    expect(r.tracks.map((t) => t.id)).toEqual(
      Array.from({ length: ALL_TRACKS }, (_, i) => i + 1)
        .filter((n) => !dropped.has(n))
        .map(trackId),
    );
  });

  it('heartbeats the listings it has read, one album more each time', async () => {
    const { result, heartbeats } = collect(stubSpotify());
    await result;
    const done = heartbeats
      .map((h) => Object.keys((h as { listings: Record<string, unknown> }).listings).length)
      .filter((n, i, all) => n !== all[i - 1]);
    expect(done).toEqual([1, 2, 3, 4, 5]);
  });

  it('a retry lists only the albums its previous attempt had not finished and returns what a clean run returns', async () => {
    const first = collect(stubSpotify());
    const clean = await first.result;
    // The checkpoint of an attempt that had listed three albums when it died.
    const checkpoint = first.heartbeats.find((h) => Object.keys((h as { listings: object }).listings).length === 3) as {
      listings: Record<string, unknown>;
    };
    const spotify = stubSpotify();
    const retried = await collect(spotify, checkpoint).result;
    expect(retried).toEqual(clean);
    const listedBefore = Object.keys(checkpoint.listings);
    expect(spotify.albumsListed).toEqual(ALBUMS.map((a) => a.id).filter((id) => !listedBefore.includes(id)));
  });
});
