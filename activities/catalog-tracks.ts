// The catalog's candidate tracks on either Spotify contract, album chunk by
// album chunk:
// - extended quota: `/albums?ids=` (20 albums, tracks inline) and
//   `/tracks?ids=` (50 full tracks: ISRC, popularity), audio features by 100;
// - development mode: `/albums/{id}` per album (50 tracks inline, the rest
//   from `/albums/{id}/tracks`); no popularity, no ISRC (the workflow asks
//   for the few ISRCs the dedupe needs: lookUpIsrcs, or lookUpStagedIsrcs
//   on staged candidates), no audio features.
// The client discovers which one applies; a chunk heartbeats the albums it
// has read, so a retry reads only the rest.
import pLimit from 'p-limit';
import { isLiveTrackTitle } from '../domain/title-rules';
import { describeSpotifyContract, type SpotifyContractReport } from '../domain/spotify-contract';
import { SPOTIFY_MAX_ALBUM_IDS, SPOTIFY_MAX_TRACK_IDS } from '../domain/limits';
import type { CallOptions, SpotifyAlbumTrack, SpotifyTrack } from '../providers/types';
import type { CatalogAlbumRef } from './catalog-albums';
import { checkLiveness, chunk, type CandidatesResult } from './catalog';
import type { ActivityDeps } from './deps';
import { failFastOnRefusal } from './failures';
import { checkpointer, lastCheckpoint, phaseReporter, providerCall } from './reporting';

/** Albums read at once on the per-album path (the HTTP layer rate-limits on top). */
const ALBUM_CONCURRENCY = 4;

export interface ContractCandidatesInput {
  albums: CatalogAlbumRef[];
  chunkIndex: number;
  chunkCount: number;
}

export interface ContractCandidatesResult extends CandidatesResult {
  /** Whether the tracks came as full tracks (extended contract): a null ISRC then means the track has none. */
  isrcsIncluded: boolean;
  spotifyContract: SpotifyContractReport;
}

/** Album id → its track listing, heartbeated after every album (or batch of albums). */
interface ListingsCheckpoint {
  listings: Record<string, SpotifyAlbumTrack[]>;
  malformedListed: number;
  /** Whether `/albums?ids=` answered (extended contract), refused (development), or was not tried yet. */
  batched: boolean | null;
}

export function createCatalogTrackActivities(deps: ActivityDeps) {
  return {
    async collectContractCandidates(input: ContractCandidatesInput): Promise<ContractCandidatesResult> {
      return failFastOnRefusal(() => collect(deps, input));
    },

    /** ISRCs of the given tracks (`/tracks?ids=` where allowed, else `/tracks/{id}` each); null where Spotify has none. */
    async lookUpIsrcs(input: { trackIds: string[] }): Promise<{ isrcs: Record<string, string | null> }> {
      return failFastOnRefusal(async () => ({ isrcs: await lookUpIsrcs(deps, input.trackIds) }));
    },
  };
}

/** ISRCs of the given tracks, one `/tracks/{id}` each (a few at a time); null where Spotify has none. */
export async function lookUpIsrcs(deps: ActivityDeps, trackIds: readonly string[]): Promise<Record<string, string | null>> {
  const call = providerCall(deps);
  const isrcs: Record<string, string | null> = {};
  // Only the development contract lacks ISRCs, and there `/tracks/{id}` is the one way to them.
  const limit = pLimit(ALBUM_CONCURRENCY);
  await Promise.all(
    trackIds.map((id) =>
      limit(async () => {
        isrcs[id] = (await deps.spotify.getTrack(id, call))?.isrc ?? null;
      }),
    ),
  );
  for (const id of trackIds) isrcs[id] ??= null;
  return isrcs;
}

/** One chunk's candidate tracks (the activities' shared body: they differ in where the tracks go). */
export async function collect(deps: ActivityDeps, input: ContractCandidatesInput): Promise<ContractCandidatesResult> {
  const report = phaseReporter(deps, 'catalog');
  const call = providerCall(deps);
  const resumed = lastCheckpoint<Partial<ListingsCheckpoint>>();
  const cp: ListingsCheckpoint = { listings: { ...resumed?.listings }, malformedListed: resumed?.malformedListed ?? 0, batched: resumed?.batched ?? null };
  const heartbeat = checkpointer<ListingsCheckpoint>({ ...cp });
  const save = () => heartbeat.save({ listings: { ...cp.listings }, malformedListed: cp.malformedListed, batched: cp.batched });
  try {
    await readListings(deps, input.albums.filter((a) => !cp.listings[a.id]), cp, save, call);
    // The contract this chunk met: what the batch endpoint answered (or, with nothing left to read, what the client knows).
    const extended = (cp.batched ?? deps.spotify.batchEndpoints) === true;
    const byId = new Map(input.albums.map((a) => [a.id, a]));
    const listed = input.albums.flatMap((a) => (cp.listings[a.id] ?? []).map((t) => ({ track: t, album: a })));
    const byTitle = listed.filter((l) => !isLiveTrackTitle(l.track.name));
    let droppedLiveTitle = listed.length - byTitle.length;
    let malformed = cp.malformedListed;
    await report({
      fraction: (input.chunkIndex + 0.5) / input.chunkCount,
      message: `Reading tracks of ${input.albums.length} albums (part ${input.chunkIndex + 1} of ${input.chunkCount})`,
    });

    let tracks: SpotifyTrack[];
    if (extended) {
      // Extended contract: full tracks for ISRC and popularity, 50 per request.
      tracks = [];
      for (const ids of chunk(byTitle.map((l) => l.track.id), SPOTIFY_MAX_TRACK_IDS)) {
        const res = await deps.spotify.getTracks(ids, call);
        malformed += res.skipped;
        tracks.push(...res.items.map((t) => ({ ...t, albumReleaseDate: t.albumReleaseDate ?? byId.get(t.albumId)?.releaseDate ?? null })));
        save();
      }
      const studio = tracks.filter((t) => !isLiveTrackTitle(t.name));
      droppedLiveTitle += tracks.length - studio.length;
      tracks = studio;
    } else {
      // Development contract: the listing is all there is; ISRCs only where the dedupe needs them (the workflow asks).
      tracks = byTitle.map(({ track, album }) => ({
        id: track.id,
        name: track.name,
        durationMs: track.durationMs,
        popularity: null,
        isrc: null,
        albumId: album.id,
        albumName: album.name,
        albumType: album.albumType,
        albumReleaseDate: album.releaseDate,
      }));
    }

    const { featuresAvailable, ...checked } = await checkLiveness(deps, input, tracks, { tracksFetched: listed.length, droppedLiveTitle, malformed }, call, save, report);
    return {
      ...checked,
      isrcsIncluded: extended,
      spotifyContract: metContract(deps, cp.batched, tracks.length > 0 ? featuresAvailable : null),
    };
  } finally {
    heartbeat.stop();
  }
}

/** The contract as this chunk met it (its checkpoint survives a worker that knew nothing yet), else as the client knows it. */
function metContract(deps: ActivityDeps, batched: boolean | null, features: boolean | null): SpotifyContractReport {
  const known = deps.spotify.contract();
  return describeSpotifyContract({
    mode: known.mode,
    pageSize: known.pageSize,
    batchEndpoints: batched ?? known.batchEndpoints,
    audioFeatures: features ?? known.audioFeatures,
  });
}

/** Track listings of `albums`: 20 per `/albums?ids=` while the app may batch, else one `/albums/{id}` each. */
async function readListings(deps: ActivityDeps, albums: CatalogAlbumRef[], cp: ListingsCheckpoint, save: () => void, call: CallOptions): Promise<void> {
  let rest = albums;
  while (rest.length > 0 && cp.batched !== false && (cp.batched === true || deps.spotify.batchEndpoints !== false)) {
    const batch = rest.slice(0, SPOTIFY_MAX_ALBUM_IDS);
    const res = await deps.spotify.getAlbumsWithTracks(batch.map((a) => a.id), call);
    cp.batched = res !== null;
    if (res === null) break; // refused: a development-mode app
    for (const a of batch) cp.listings[a.id] = [];
    for (const item of res.items) cp.listings[item.album.id] = item.tracks.items;
    cp.malformedListed += res.skipped;
    save();
    rest = rest.slice(batch.length);
  }
  const limit = pLimit(ALBUM_CONCURRENCY);
  await Promise.all(
    rest.map((album) =>
      limit(async () => {
        const res = await deps.spotify.getAlbumWithTracks(album.id, call);
        cp.listings[album.id] = res.items[0]?.tracks.items ?? [];
        cp.malformedListed += res.skipped;
        save();
      }),
    ),
  );
}

