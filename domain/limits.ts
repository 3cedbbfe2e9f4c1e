// Limits and thresholds the import works within, each defined once: the
// providers' documented request limits (the clients enforce them, the
// activities plan around them) and the import's own batch sizes.
// The fake providers keep their own copies on purpose: they are the oracle,
// and one that shared these numbers could not catch the product getting them wrong.

/** Ticketmaster Discovery v2: the largest page size it serves. */
export const TICKETMASTER_MAX_PAGE_SIZE = 200;
/** Ticketmaster refuses any request where size × page reaches this (deep paging). */
export const TICKETMASTER_DEEP_PAGING_LIMIT = 1_000;

/** Spotify: the largest page of artist albums and album tracks (extended-quota contract). */
export const SPOTIFY_MAX_PAGE_SIZE = 50;
/** Spotify: ids per `/tracks?ids=` request. */
export const SPOTIFY_MAX_TRACK_IDS = 50;
/** Spotify: ids per `/audio-features?ids=` request. */
export const SPOTIFY_MAX_AUDIO_FEATURE_IDS = 100;

/** Tracks whose Spotify liveness is above this are live recordings (SPEC, studio-only rule 4). */
export const LIVENESS_THRESHOLD = 0.8;

/** Songs written per bulk statement, and so per storeSongs activity. */
export const SONGS_PER_BATCH = 1_000;
