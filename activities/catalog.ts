import pLimit from 'p-limit';
import { unlinkArtistSongsExcept, upsertArtistSongs } from '../db/bulk';
import type { AudioFeatures, AudioFeaturesResult, CallOptions, SpotifyAlbum, SpotifyAlbumTrack, SpotifyTrack } from '../providers/types';
import { applyLiveness, studioAlbums, type CatalogSong } from '../domain/catalog-rules';
import { isLiveTrackTitle } from '../domain/title-rules';
import { LIVENESS_THRESHOLD, SONGS_PER_BATCH, SPOTIFY_MAX_AUDIO_FEATURE_IDS, SPOTIFY_MAX_TRACK_IDS } from '../domain/limits';
import type { ActivityDeps } from './deps';
import { failFastOnRefusal } from './failures';
import { checkpointer, lastCheckpoint, phaseReporter, providerCall } from './reporting';

/** Album-track listings fetched at once (the HTTP layer rate-limits on top). */
const ALBUM_CONCURRENCY = 4;

export interface AlbumRef {
  id: string;
  name: string;
}

/** The artist's studio albums and singles, and what was dropped on the way. */
export interface StudioAlbumListing {
  albums: AlbumRef[];
  fetched: number;
  droppedCompilation: number;
  droppedLive: number;
  droppedAppearsOn: number;
  malformed: number;
  /** Incremental resync: studio albums left out of `albums` because an earlier sync read their tracks. */
  alreadyStored?: number;
}

export interface ListAlbumsInput {
  spotifyId: string;
  artistId?: string;
  /** Resync: list only albums whose tracks no earlier sync read (all of them when none is recorded). */
  incremental?: boolean;
}

export interface CandidatesInput {
  albums: AlbumRef[];
  /** Position of this chunk in the phase, for the progress bar. */
  chunkIndex: number;
  chunkCount: number;
}

export interface CandidatesResult {
  /** Name- and liveness-filtered tracks, not yet deduplicated. */
  tracks: SpotifyTrack[];
  tracksFetched: number;
  droppedLiveTitle: number;
  droppedLiveness: number;
  /** Ids of kept tracks whose liveness could not be checked (403, or no features). */
  keptWithoutLiveness: string[];
  livenessApplied: boolean;
  livenessUnavailableReason: string | null;
  malformed: number;
}

export interface StoreSongsInput {
  artistId: string;
  /** At most SONGS_PER_BATCH songs: one bulk statement. */
  songs: CatalogSong[];
  /**
   * Incremental resync: songs of new albums whose ISRC the artist's stored
   * catalog already holds (under another Spotify id) are not added, so the
   * catalog keeps one song per ISRC. The daily deep resync re-applies the
   * full dedupe rule (most popular version wins) over the whole catalog.
   */
  incremental?: boolean;
}

export interface FinishCatalogInput {
  artistId: string;
  /** Every song the catalog keeps: links to any other song are removed. */
  keepSpotifyIds: string[];
  /** The albums whose tracks this run read: recorded so that a resync reads only others. */
  albumIds?: string[];
  /** An incremental run read only new albums: links to earlier songs stay, album ids are added. */
  incremental?: boolean;
}

/**
 * Phase 3: the studio-only, deduplicated catalog, in steps the workflow
 * orchestrates: list the studio albums; collect name- and liveness-filtered
 * tracks album chunk by chunk (in parallel, each retried alone); the workflow
 * deduplicates them (a pure function); store the songs batch by batch.
 * Small steps keep every activity payload bounded whatever the catalog size.
 */
export function createCatalogActivities(deps: ActivityDeps) {
  return {
    async listStudioAlbums(input: ListAlbumsInput): Promise<StudioAlbumListing> {
      return failFastOnRefusal(async () => {
        const all = await deps.spotify.getArtistAlbums(input.spotifyId, providerCall(deps));
        const { kept, droppedCompilation, droppedLive, droppedAppearsOn } = studioAlbums(all.items);
        const read = input.incremental && input.artistId ? await albumsAlreadyRead(deps, input.artistId) : new Set<string>();
        const toRead = read.size > 0 ? kept.filter((a) => !read.has(a.id)) : kept;
        return {
          albums: toRead.map((a: SpotifyAlbum) => ({ id: a.id, name: a.name })),
          ...(read.size > 0 ? { alreadyStored: kept.length - toRead.length } : {}),
          fetched: all.items.length,
          droppedCompilation: droppedCompilation.length,
          droppedLive: droppedLive.length,
          droppedAppearsOn: droppedAppearsOn.length,
          malformed: all.skipped,
        };
      });
    },

    async collectCatalogCandidates(input: CandidatesInput): Promise<CandidatesResult> {
      return failFastOnRefusal(() => collectCandidates(deps, input));
    },

    /** Upserts one batch of songs and links them to the artist, in one statement. */
    async storeSongs(input: StoreSongsInput): Promise<number> {
      if (input.songs.length > SONGS_PER_BATCH) {
        throw new Error(`storeSongs takes at most ${SONGS_PER_BATCH} songs, got ${input.songs.length}`);
      }
      const songs = input.incremental ? await withoutStoredIsrcs(deps, input.artistId, input.songs) : input.songs;
      return upsertArtistSongs(deps.db, input.artistId, songs);
    },

    /** Drops links to songs the catalog no longer keeps and updates the artist's song count. */
    async finishCatalog(input: FinishCatalogInput): Promise<{ songs: number }> {
      if (!input.incremental) await unlinkArtistSongsExcept(deps.db, input.artistId, input.keepSpotifyIds);
      const songs = await deps.db.artistSong.count({ where: { artistId: input.artistId } });
      const earlier = input.incremental ? await albumsAlreadyRead(deps, input.artistId) : new Set<string>();
      await deps.db.artist.update({
        where: { id: input.artistId },
        data: {
          totalSongs: songs,
          catalogSyncedAt: new Date(),
          ...(input.albumIds ? { catalogAlbumIds: [...new Set([...earlier, ...input.albumIds])] } : {}),
        },
      });
      return { songs };
    },
  };
}

async function withoutStoredIsrcs(deps: ActivityDeps, artistId: string, songs: CatalogSong[]): Promise<CatalogSong[]> {
  const isrcs = songs.flatMap((s) => (s.isrc ? [s.isrc] : []));
  if (isrcs.length === 0) return songs;
  const stored = await deps.db.$queryRaw<Array<{ isrc: string; spotifyId: string }>>`
    SELECT s."isrc", s."spotifyId" FROM "Song" s JOIN "ArtistSong" a ON a."songId" = s."id"
    WHERE a."artistId" = ${artistId}::uuid AND s."isrc" = ANY(${isrcs}::text[])`;
  const holder = new Map(stored.map((r) => [r.isrc, r.spotifyId]));
  return songs.filter((s) => !s.isrc || !holder.has(s.isrc) || holder.get(s.isrc) === s.spotifyId);
}

/** The studio albums whose tracks an earlier catalog sync read. */
export async function albumsAlreadyRead(deps: ActivityDeps, artistId: string): Promise<Set<string>> {
  const artist = await deps.db.artist.findUnique({ where: { id: artistId }, select: { catalogAlbumIds: true } });
  return new Set(artist?.catalogAlbumIds ?? []);
}

/**
 * What a chunk's attempt has read so far: the track listing of every album
 * done (one request each, the bulk of a chunk's requests) and the malformed
 * items they held. Heartbeated after each album, so a retry after a crash
 * lists only the albums its previous attempt had not finished.
 */
interface CandidatesCheckpoint {
  listings: Record<string, SpotifyAlbumTrack[]>;
  malformedListed: number;
}

async function collectCandidates(deps: ActivityDeps, input: CandidatesInput): Promise<CandidatesResult> {
  const report = phaseReporter(deps, 'catalog');
  const call = providerCall(deps);
  const resumed = lastCheckpoint<Partial<CandidatesCheckpoint>>();
  const cp: CandidatesCheckpoint = { listings: { ...resumed?.listings }, malformedListed: resumed?.malformedListed ?? 0 };
  const heartbeat = checkpointer<CandidatesCheckpoint>({ ...cp });
  const save = () => heartbeat.save({ listings: { ...cp.listings }, malformedListed: cp.malformedListed });
  const limit = pLimit(ALBUM_CONCURRENCY);
  try {
    // 1. Album listings, with live titles dropped by name before any further request.
    const listed = await Promise.all(
      input.albums.map((album) =>
        limit(async () => {
          const known = cp.listings[album.id];
          if (known) return known;
          const tracks = await deps.spotify.getAlbumTracks(album.id, call);
          cp.listings[album.id] = tracks.items;
          cp.malformedListed += tracks.skipped;
          save();
          return tracks.items;
        }),
      ),
    );
    let malformed = cp.malformedListed;
    const flat = listed.flat();
    const byTitle = flat.filter((t) => !isLiveTrackTitle(t.name));
    const droppedByListingTitle = flat.length - byTitle.length;
    await report({
      fraction: (input.chunkIndex + 0.5) / input.chunkCount,
      message: `Reading tracks of ${input.albums.length} albums (part ${input.chunkIndex + 1} of ${input.chunkCount})`,
    });

    // 2. Full tracks (ISRC, popularity); the full title is checked again.
    const full: SpotifyTrack[] = [];
    for (const ids of chunk(byTitle.map((t) => t.id), SPOTIFY_MAX_TRACK_IDS)) {
      const res = await deps.spotify.getTracks(ids, call);
      malformed += res.skipped;
      full.push(...res.items);
      save();
    }
    const studio = full.filter((t) => !isLiveTrackTitle(t.name));
    const droppedLiveTitle = droppedByListingTitle + (full.length - studio.length);

    // 3. Audio features: liveness where Spotify still answers.
    return await checkLiveness(deps, input, studio, { tracksFetched: flat.length, droppedLiveTitle, malformed }, call, save, report);
  } finally {
    heartbeat.stop();
  }
}

/** Features for all ids, 100 per request; one refusal (403) means the endpoint is unavailable to this app. */
/**
 * The last step of a chunk on every catalog path: audio features for its
 * studio tracks, the liveness filter, the chunk's report, and the counts it
 * returns (`featuresAvailable` for the contract it met).
 */
export async function checkLiveness(
  deps: ActivityDeps,
  input: { albums: readonly unknown[]; chunkIndex: number; chunkCount: number },
  studio: SpotifyTrack[],
  counted: { tracksFetched: number; droppedLiveTitle: number; malformed: number },
  call: CallOptions,
  save: () => void,
  report: ReturnType<typeof phaseReporter>,
) {
  const features = await audioFeatures(deps, studio.map((t) => t.id), call, save);
  const malformed = counted.malformed + (features.available ? features.skipped : 0);
  const liveness = applyLiveness(studio, features, LIVENESS_THRESHOLD);
  await report({
    fraction: (input.chunkIndex + 1) / input.chunkCount,
    message: `Checked ${counted.tracksFetched} tracks of ${input.albums.length} albums (part ${input.chunkIndex + 1} of ${input.chunkCount})`,
  });
  return {
    tracks: liveness.kept,
    tracksFetched: counted.tracksFetched,
    droppedLiveTitle: counted.droppedLiveTitle,
    droppedLiveness: liveness.droppedLiveness.length,
    keptWithoutLiveness: liveness.keptWithoutLiveness.map((t) => t.id),
    livenessApplied: liveness.applied,
    livenessUnavailableReason: liveness.reason,
    malformed,
    featuresAvailable: features.available,
  };
}

/** Features for all ids, 100 per request; a refusal (403, remembered by the client) means none for this app. */
async function audioFeatures(deps: ActivityDeps, ids: string[], call: CallOptions, onBatch: () => void): Promise<AudioFeaturesResult> {
  const features = new Map<string, AudioFeatures | null>();
  let skipped = 0;
  for (const batch of chunk(ids, SPOTIFY_MAX_AUDIO_FEATURE_IDS)) {
    const res = await deps.spotify.getAudioFeatures(batch, call);
    if (!res.available) return res;
    for (const [id, f] of res.features) features.set(id, f);
    skipped += res.skipped;
    onBatch();
  }
  return { available: true, features, skipped };
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
