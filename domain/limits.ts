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
/** Spotify, development-mode contract (February 2026): the largest page of artist albums and search results. */
export const SPOTIFY_DEVELOPMENT_PAGE_SIZE = 10;
/** Spotify: ids per `/albums?ids=` request (extended contract), each with its first 50 tracks inline. */
export const SPOTIFY_MAX_ALBUM_IDS = 20;
/** Spotify: tracks inline in a full album object; the rest come from `/albums/{id}/tracks`. */
export const SPOTIFY_ALBUM_TRACKS_INLINE = 50;
/** MusicBrainz WS/2: the largest browse page. */
export const MUSICBRAINZ_PAGE_SIZE = 100;
/** Spotify: ids per `/audio-features?ids=` request. */
export const SPOTIFY_MAX_AUDIO_FEATURE_IDS = 100;

/** Tracks whose Spotify liveness is above this are live recordings (SPEC, studio-only rule 4). */
export const LIVENESS_THRESHOLD = 0.8;

/** Songs written per bulk statement, and so per storeSongs activity. */
export const SONGS_PER_BATCH = 1_000;

// Request budgets per provider key, shared by every worker and API process
// (providers/request-permits.ts keeps them in PostgreSQL); the env variables
// <PROVIDER>_REQUESTS_PER_SECOND / _PER_DAY override them (config/env.ts).
/** Ticketmaster Discovery v2: 5 requests/s and 5,000 a day per key. */
export const TICKETMASTER_REQUESTS_PER_SECOND = 5;
export const TICKETMASTER_REQUESTS_PER_DAY = 5_000;
/** Spotify publishes no number (a rolling 30 s window): a modest rate keeps clear of 429s; no daily quota. */
export const SPOTIFY_REQUESTS_PER_SECOND = 10;
/** setlist.fm: about 2 requests/s and 1,440 a day on a standard key. */
export const SETLISTFM_REQUESTS_PER_SECOND = 2;
export const SETLISTFM_REQUESTS_PER_DAY = 1_440;
/** MusicBrainz: 1 request/s per client (503 above it); no daily quota. */
export const MUSICBRAINZ_REQUESTS_PER_SECOND = 1;
/** How many of an artist's most recent setlists a first import reads (SETLISTFM_HISTORY_DEPTH overrides it). */
export const SETLIST_HISTORY_DEPTH = 200;

/** Upcoming shows that get a predicted setlist. */
export const PREDICTED_SHOWS = 10;
/** Catalog fallback (no setlist history at all): songs per predicted setlist, and the encore after this position. */
export const FALLBACK_SETLIST_SONGS = 15;
export const FALLBACK_ENCORE_AFTER = 12;
