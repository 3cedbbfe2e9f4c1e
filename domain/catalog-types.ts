// The shapes the studio-only catalog rules work on: albums, full tracks and
// audio features as the Spotify client delivers them (after validation).
// Defined here, beside the rules, so the rules depend on nothing outside the
// domain; the provider client produces exactly these.

export interface SpotifyAlbum {
  id: string;
  name: string;
  /** album | single | compilation */
  albumType: string;
  /** album_group when present (album | single | compilation | appears_on). */
  albumGroup: string | null;
  releaseDate: string | null;
  totalTracks: number;
}

/**
 * A track as the catalog rules read it: a full track from `/tracks?ids=` or
 * `/tracks/{id}` (extended-quota contract), or an album's simplified track on
 * the development-mode contract, which carries neither popularity nor ISRC.
 */
export interface SpotifyTrack {
  id: string;
  name: string;
  durationMs: number;
  /** null where the contract does not report it (development mode, since February 2026). */
  popularity: number | null;
  /** null when the track has none, or when it was not fetched (development mode: only where the dedupe needs it). */
  isrc: string | null;
  albumId: string;
  albumName: string;
  albumType: string;
  /** The release date of the track's album as Spotify writes it (YYYY, YYYY-MM or YYYY-MM-DD), when known. */
  albumReleaseDate?: string | null;
}

export interface AudioFeatures {
  id: string;
  liveness: number;
}

/**
 * `/audio-features` either answers (features per requested id; null where
 * Spotify has none) or refuses with 403, as it does for apps registered after
 * 2024-11-27. A refusal is a normal outcome, not an error.
 */
export type AudioFeaturesResult =
  | { available: true; features: Map<string, AudioFeatures | null>; skipped: number }
  | { available: false; reason: string };

/** What the catalog's chunk activities report of their tracks, on every path. */
export interface ChunkCounts {
  tracksFetched: number;
  droppedLiveTitle: number;
  droppedLiveness: number;
  livenessApplied: boolean;
  livenessUnavailableReason: string | null;
  malformed: number;
}
