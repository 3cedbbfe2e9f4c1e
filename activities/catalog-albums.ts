// The catalog's album list on either Spotify contract: the artist's albums
// and singles (page size discovered by the client), the studio-only name
// rules, then MusicBrainz's release-group types for live albums and
// compilations whose names do not say so. MusicBrainz is an improvement, never
// a requirement: no MBID or no answer → name rules only, with a warning.
import { Context } from '@temporalio/activity';
import { studioAlbums } from '../domain/catalog-rules';
import { splitByMusicBrainz } from '../domain/musicbrainz-rules';
import type { SpotifyContractReport } from '../domain/spotify-contract';
import { ProviderError } from '../providers/errors';
import type { MusicBrainzReleaseGroup, SpotifyAlbum } from '../providers/types';
import { albumsAlreadyRead } from './catalog';
import type { ActivityDeps } from './deps';
import { failFastOnRefusal } from './failures';
import { providerCall } from './reporting';

/** What the track step needs of an album: where to read it and what the dedupe compares. */
export interface CatalogAlbumRef {
  id: string;
  name: string;
  albumType: string;
  releaseDate: string | null;
}

export interface CatalogAlbumListing {
  albums: CatalogAlbumRef[];
  /** Incremental resync: studio albums left out because an earlier sync read their tracks. */
  alreadyStored?: number;
  fetched: number;
  droppedCompilation: number;
  droppedLive: number;
  droppedAppearsOn: number;
  droppedLiveMusicBrainz: number;
  droppedCompilationMusicBrainz: number;
  musicBrainzApplied: boolean;
  warnings: string[];
  malformed: number;
  spotifyContract: SpotifyContractReport;
}

export interface ListCatalogAlbumsInput {
  spotifyId: string;
  mbid: string | null;
  /** With `incremental`: the artist whose earlier syncs' albums are left out. */
  artistId?: string;
  incremental?: boolean;
}

export function createCatalogAlbumActivities(deps: ActivityDeps) {
  return {
    async listCatalogAlbums(input: ListCatalogAlbumsInput): Promise<CatalogAlbumListing> {
      return failFastOnRefusal(() => listCatalogAlbums(deps, input));
    },
  };
}

/** The artist's studio albums and singles and what was dropped on the way (the activities' shared body). */
export async function listCatalogAlbums(deps: ActivityDeps, input: ListCatalogAlbumsInput): Promise<CatalogAlbumListing> {
  const call = providerCall(deps);
  // Spotify's album list and MusicBrainz's release groups are independent: read them side by side
  // (MusicBrainz allows one request a second, so its pages would otherwise add to the phase).
  const [all, mb] = await Promise.all([deps.spotify.getArtistAlbums(input.spotifyId, call), releaseGroups(deps, input.mbid)]);
  const byName = studioAlbums(all.items);
  const split = mb.groups ? splitByMusicBrainz(byName.kept, mb.groups) : { kept: byName.kept, droppedLive: [], droppedCompilation: [] };
  // An incremental resync reads only albums no earlier sync read (a released album's tracks do not change).
  const read = input.incremental && input.artistId ? await albumsAlreadyRead(deps, input.artistId) : new Set<string>();
  const toRead = read.size > 0 ? split.kept.filter((a) => !read.has(a.id)) : split.kept;
  return {
    albums: toRead.map((a: SpotifyAlbum) => ({ id: a.id, name: a.name, albumType: a.albumType, releaseDate: a.releaseDate })),
    ...(read.size > 0 ? { alreadyStored: split.kept.length - toRead.length } : {}),
    fetched: all.items.length,
    droppedCompilation: byName.droppedCompilation.length,
    droppedLive: byName.droppedLive.length,
    droppedAppearsOn: byName.droppedAppearsOn.length,
    droppedLiveMusicBrainz: split.droppedLive.length,
    droppedCompilationMusicBrainz: split.droppedCompilation.length,
    musicBrainzApplied: mb.groups !== null,
    warnings: mb.warning ? [mb.warning] : [],
    malformed: all.skipped + mb.malformed,
    spotifyContract: deps.spotify.contract(),
  };
}

/** Attempts of the album listing that wait for MusicBrainz before the name rules go on without it. */
const MUSICBRAINZ_ATTEMPTS = 3;

/** The artist's release groups, or null with the reason the name rules must do alone. */
async function releaseGroups(
  deps: ActivityDeps,
  mbid: string | null,
): Promise<{ groups: MusicBrainzReleaseGroup[] | null; warning: string | null; malformed: number }> {
  const fallback = 'live albums are recognised by their names only';
  if (!deps.musicbrainz) return { groups: null, warning: `MusicBrainz is not configured: ${fallback}`, malformed: 0 };
  if (!mbid) return { groups: null, warning: `No MusicBrainz id for this artist: ${fallback}`, malformed: 0 };
  try {
    const found = await deps.musicbrainz.getReleaseGroups(mbid, providerCall(deps));
    return { groups: found.items, warning: null, malformed: found.skipped };
  } catch (err) {
    // A cancelled import stops here like anywhere else, a spent quota is waited out by the workflow;
    // any other failure only costs the MusicBrainz rule.
    if (Context.current().cancellationSignal.aborted || (err instanceof ProviderError && err.kind === 'quota')) throw err;
    // A passing outage (a storm of 5xx or 429) is ridden out by the activity's own retries first:
    // the catalog then does not depend on the minute it was read in. Only a lasting one costs the rule.
    if (err instanceof ProviderError && err.retryable && Context.current().info.attempt < MUSICBRAINZ_ATTEMPTS) throw err;
    const why = err instanceof Error ? err.message : String(err);
    deps.logger.warn({ err, mbid }, 'MusicBrainz unreachable; name rules only');
    return { groups: null, warning: `MusicBrainz could not be reached (${why}): ${fallback}`, malformed: 0 };
  }
}
