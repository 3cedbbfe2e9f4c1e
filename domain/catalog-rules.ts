// The studio-only catalog rules (SPEC "Studio-only catalog rules") as pure
// functions: no I/O, no Temporal, so they are cheap to test exhaustively and
// safe to call from any activity or workflow. Titles are read by
// ./title-rules.ts (live and remix marks, the normalised title); here are the
// album filter, liveness, the deduplication and the stored song.

import type { AudioFeaturesResult, SpotifyAlbum, SpotifyTrack } from './catalog-types';
import { LIVENESS_THRESHOLD } from './limits';
import { isLiveAlbumName, isLiveTrackTitle, isRemixTitle, normaliseTitle } from './title-rules';

// ------------------------------------------------------------ album filter

export interface StudioAlbumSplit {
  kept: SpotifyAlbum[];
  droppedCompilation: SpotifyAlbum[];
  droppedLive: SpotifyAlbum[];
  /**
   * Albums of other artists the artist appears on (album_group `appears_on`).
   * `include_groups=album,single` should never return them; if a source does,
   * they are not this artist's catalog.
   */
  droppedAppearsOn: SpotifyAlbum[];
}

/**
 * Studio albums and singles of the artist. A compilation (by album_type or
 * album_group) is dropped even when its name also reads live, so each album
 * is counted once, under the first rule it breaks.
 */
export function studioAlbums(albums: SpotifyAlbum[]): StudioAlbumSplit {
  const result: StudioAlbumSplit = { kept: [], droppedCompilation: [], droppedLive: [], droppedAppearsOn: [] };
  for (const album of albums) {
    const type = album.albumType.trim().toLowerCase();
    const group = album.albumGroup?.trim().toLowerCase() ?? null;
    if (type === 'compilation' || group === 'compilation') result.droppedCompilation.push(album);
    else if (group === 'appears_on') result.droppedAppearsOn.push(album);
    else if (isLiveAlbumName(album.name)) result.droppedLive.push(album);
    else result.kept.push(album);
  }
  return result;
}

/** Tracks whose title does not mark a live recording, and those that do. */
export function studioTracks<T extends { name: string }>(tracks: T[]): { kept: T[]; droppedLive: T[] } {
  const kept: T[] = [];
  const droppedLive: T[] = [];
  for (const t of tracks) (isLiveTrackTitle(t.name) ? droppedLive : kept).push(t);
  return { kept, droppedLive };
}

// --------------------------------------------------------------- liveness

export interface LivenessResult {
  kept: SpotifyTrack[];
  droppedLiveness: SpotifyTrack[];
  /** Subset of `kept` whose liveness could not be checked (403, or no features for the track). */
  keptWithoutLiveness: SpotifyTrack[];
  /** Whether the audio-features endpoint answered (false on 403). */
  applied: boolean;
  /** Why some or all tracks were kept without a liveness check; null when every track was checked. */
  reason: string | null;
}

/**
 * Drops tracks Spotify measures as live (liveness > threshold). A track is
 * never dropped for lacking a measurement: when the endpoint is refused (403,
 * the norm for apps registered after 2024-11-27) or has no features for a
 * track, the name rules already applied are all there is, and dropping would
 * empty the catalog — the seeds' mistake.
 */
export function applyLiveness(tracks: SpotifyTrack[], features: AudioFeaturesResult, threshold = LIVENESS_THRESHOLD): LivenessResult {
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`liveness threshold must be within 0..1, got ${threshold}`);
  if (!features.available) {
    return {
      kept: [...tracks],
      droppedLiveness: [],
      keptWithoutLiveness: [...tracks],
      applied: false,
      reason: `audio features unavailable (${features.reason}); ${tracks.length} tracks kept by title rules only`,
    };
  }
  const kept: SpotifyTrack[] = [];
  const droppedLiveness: SpotifyTrack[] = [];
  const keptWithoutLiveness: SpotifyTrack[] = [];
  for (const track of tracks) {
    const f = features.features.get(track.id);
    if (f === undefined || f === null) {
      kept.push(track);
      keptWithoutLiveness.push(track);
    } else if (f.liveness > threshold) {
      droppedLiveness.push(track);
    } else {
      kept.push(track);
    }
  }
  return {
    kept,
    droppedLiveness,
    keptWithoutLiveness,
    applied: true,
    reason:
      keptWithoutLiveness.length === 0
        ? null
        : `no audio features for ${keptWithoutLiveness.length} of ${tracks.length} tracks; kept by title rules only`,
  };
}

// ---------------------------------------------------------- deduplication

/** ISRC as Spotify may spell it ("usrc17607839 ", "US-RC1-76-07839"), or null when absent. */
function normaliseIsrc(isrc: string | null): string | null {
  const n = isrc?.replace(/[\s-]/g, '').toUpperCase() ?? '';
  return n === '' ? null : n;
}

/** Versions without an ISRC are one recording when their normalised titles match and their lengths are this close. */
export const SAME_RECORDING_MAX_DURATION_GAP_MS = 2_000;

/**
 * Identity of a recording: its ISRC; without one, its normalised title and a
 * length within 2 s (SPEC, studio-only rule 5). The two key spaces are
 * separate — a track without an ISRC is never merged into one that has one,
 * because two different ISRCs can share a title and a length and the merge
 * would have to pick between them.
 *
 * Lengths are grouped per title, shortest first: a group takes every version
 * within 2 s of its shortest member, so no two versions of a group are more
 * than 2 s apart, and the grouping does not depend on the input order.
 */
function recordingKeys(tracks: SpotifyTrack[]): Map<SpotifyTrack, string> {
  const keys = new Map<SpotifyTrack, string>();
  const byTitle = new Map<string, SpotifyTrack[]>();
  for (const track of tracks) {
    const isrc = normaliseIsrc(track.isrc);
    if (isrc !== null) {
      keys.set(track, `isrc:${isrc}`);
      continue;
    }
    const title = normaliseTitle(track.name);
    byTitle.set(title, [...(byTitle.get(title) ?? []), track]);
  }
  for (const [title, versions] of byTitle) {
    const ordered = [...versions].sort((a, b) => a.durationMs - b.durationMs || byCodepoint(a.id, b.id));
    let shortest = ordered[0]!.durationMs;
    for (const track of ordered) {
      if (track.durationMs - shortest > SAME_RECORDING_MAX_DURATION_GAP_MS) shortest = track.durationMs;
      keys.set(track, `title:${title}|${shortest}`);
    }
  }
  return keys;
}

/** Album releases rank above singles and compilations as a song's home when popularity ties. */
const ALBUM_TYPE_RANK: Record<string, number> = { album: 0, single: 1, compilation: 2 };
const albumRank = (t: SpotifyTrack): number => ALBUM_TYPE_RANK[t.albumType.toLowerCase()] ?? 3;
const byCodepoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A release date as a sortable day: Spotify writes "1979", "1979-11" or
 * "1979-11-30" (release_date_precision); a partial date counts as its first
 * day. Unknown dates sort last.
 */
export function releaseDay(date: string | null | undefined): string {
  const d = date?.trim() ?? '';
  if (/^\d{4}$/.test(d)) return `${d}-01-01`;
  if (/^\d{4}-\d{2}$/.test(d)) return `${d}-01`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(d)) return d;
  return '9999-99-99';
}

/**
 * Which of two versions represents the recording when every version has a
 * popularity (extended-quota contract): the more popular; on a tie the one
 * released on an album (over a single, then a compilation); then the lower
 * Spotify id. A total order, so the winner never depends on input order.
 */
function morePopular(a: SpotifyTrack, b: SpotifyTrack): number {
  return (b.popularity ?? 0) - (a.popularity ?? 0) || albumRank(a) - albumRank(b) || byCodepoint(a.id, b.id);
}

/**
 * Which version represents the recording when popularity is absent
 * (development-mode contract, SPEC rule 5): the one on the earliest release —
 * release date, then album before single, then the lower Spotify id.
 */
export function earlierRelease(a: SpotifyTrack, b: SpotifyTrack): number {
  return byCodepoint(releaseDay(a.albumReleaseDate), releaseDay(b.albumReleaseDate)) || albumRank(a) - albumRank(b) || byCodepoint(a.id, b.id);
}

/**
 * One track per recording (see `recordingKeys`). The version kept is the most
 * popular when every version of the recording has a popularity, else the one
 * on the earliest release (a recording whose versions mix known and unknown
 * popularity is judged by release, the rule that reads every version).
 * `kept` is ordered most popular first (unknown last), then by Spotify id,
 * whatever the input order; `merged` is how many tracks were folded into
 * another.
 */
export function dedupeTracks(tracks: SpotifyTrack[]): { kept: SpotifyTrack[]; merged: number } {
  const keys = recordingKeys(tracks);
  const groups = new Map<string, SpotifyTrack[]>();
  for (const track of tracks) {
    const key = keys.get(track)!;
    const group = groups.get(key);
    if (group) group.push(track);
    else groups.set(key, [track]);
  }
  const kept: SpotifyTrack[] = [];
  for (const versions of groups.values()) {
    const order = versions.every((t) => t.popularity !== null) ? morePopular : earlierRelease;
    kept.push(versions.reduce((best, t) => (order(t, best) < 0 ? t : best)));
  }
  kept.sort((a, b) => (b.popularity ?? -1) - (a.popularity ?? -1) || byCodepoint(a.id, b.id));
  return { kept, merged: tracks.length - kept.length };
}

// ------------------------------------------------------------------ output

/** A song as the catalog stores it (db/bulk.ts upsertArtistSongs). */
export interface CatalogSong {
  spotifyId: string;
  isrc: string | null;
  name: string;
  albumName: string;
  albumId: string;
  /** null where the Spotify contract does not report popularity (development mode). */
  popularity: number | null;
  durationMs: number;
  /** Always false: live recordings never reach the catalog. */
  isLive: false;
  isRemix: boolean;
}

export function toCatalogSong(track: SpotifyTrack): CatalogSong {
  return {
    spotifyId: track.id,
    isrc: normaliseIsrc(track.isrc),
    name: track.name,
    albumName: track.albumName,
    albumId: track.albumId,
    popularity: track.popularity,
    durationMs: track.durationMs,
    isLive: false,
    // The track's own title only: an album called "Remixes" often opens with the original version.
    isRemix: isRemixTitle(track.name),
  };
}
