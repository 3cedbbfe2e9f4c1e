// Domain shapes the provider clients return once a response has passed zod
// validation. Activities see only these, never raw JSON. Each client maps the
// source's own shape (validated in its module) onto these types.

import type { AudioFeaturesResult, SpotifyAlbum, SpotifyTrack } from '../domain/catalog-types';
import type { VenueDetails } from '../domain/show-rules';
import type { SpotifyContractReport } from '../domain/spotify-contract';

// The catalog's shapes are the domain's: the client produces exactly what the studio-only rules read.
export type { AudioFeatures, AudioFeaturesResult, SpotifyAlbum, SpotifyTrack } from '../domain/catalog-types';

export type ProviderName = 'ticketmaster' | 'spotify' | 'setlistfm' | 'musicbrainz';

/** Reported before the HTTP layer waits to retry a failed attempt. */
export interface RetryEvent {
  source: ProviderName;
  method: string;
  /** URL pathname only (never the query string, which may carry a key). */
  path: string;
  /** The attempt that failed (1 = the first try). */
  attempt: number;
  /** How long the HTTP layer waits before the next attempt. */
  delayMs: number;
  /** Why the attempt failed: "429 Too Many Requests", "timed out after 15000 ms", … */
  reason: string;
  status: number | null;
}

/**
 * Per-call context an activity passes to a client method: its cancellation
 * signal (aborts in-flight requests, queued requests and retry waits) and a
 * hook called before each retry wait (activities heartbeat or log from it).
 */
export interface CallOptions {
  signal?: AbortSignal;
  onRetry?: (event: RetryEvent) => void;
}

export interface Image {
  url: string;
  width: number | null;
  height: number | null;
}

/** A list read from a source: the items that validated and how many did not. */
export interface Validated<T> {
  items: T[];
  /** Items dropped because they failed validation (counted, never fatal). */
  skipped: number;
}

// ---------------------------------------------------------------- Ticketmaster

export interface TmAttraction {
  id: string;
  name: string;
  images: Image[];
  genres: string[];
  /** Spotify artist id parsed from `externalLinks.spotify[0].url`, if any. */
  spotifyId: string | null;
  /** `upcomingEvents._total` when Ticketmaster reports it. */
  upcomingEvents: number | null;
  /** The artist's MusicBrainz id from `externalLinks.musicbrainz[0].id`, when Ticketmaster links one. */
  musicbrainzId?: string;
}

export interface TmVenue extends VenueDetails {
  id: string;
}

export interface TmEvent {
  id: string;
  name: string;
  url: string | null;
  /** UTC instant (`dates.start.dateTime`), or null when only a local date is known. */
  startDateTime: string | null;
  /** `dates.start.localDate` (YYYY-MM-DD). */
  localDate: string | null;
  localTime: string | null;
  /** `dates.status.code`: onsale, offsale, cancelled, postponed, rescheduled … */
  statusCode: string | null;
  priceMin: number | null;
  priceMax: number | null;
  currency: string | null;
  /** First embedded venue. */
  venue: TmVenue | null;
}

/** One page of `/events.json`. */
export interface TmEventsPage extends Validated<TmEvent> {
  page: number;
  size: number;
  totalElements: number;
  totalPages: number;
}

/**
 * A date window of an attraction's events small enough to page through
 * without Ticketmaster's deep-paging refusal (size × page < 1,000).
 * Bounds are Ticketmaster's `YYYY-MM-DDTHH:mm:ssZ`; absent = open-ended.
 */
export interface EventWindow {
  startDateTime: string | null;
  endDateTime: string | null;
  /** totalElements Ticketmaster reported for this window when it was planned. */
  totalElements: number;
}

// --------------------------------------------------------------------- Spotify

export interface SpotifyArtist {
  id: string;
  name: string;
  images: Image[];
  genres: string[];
  popularity: number;
  followers: number;
}

/** A track as listed by `/albums/{id}/tracks` (no ISRC, no popularity). */
export interface SpotifyAlbumTrack {
  id: string;
  name: string;
  durationMs: number;
  trackNumber: number;
  discNumber: number;
}


// ------------------------------------------------------------------- setlist.fm

export interface SetlistFmArtist {
  mbid: string;
  name: string;
  sortName: string | null;
}

export interface SetlistFmSetlist {
  id: string;
  /** YYYY-MM-DD (setlist.fm's own dd-MM-yyyy, reordered). */
  eventDate: string;
  venueName: string | null;
  cityName: string | null;
  tourName: string | null;
  /** The setlist's page on setlist.fm (their terms require linking back). */
  url: string | null;
  /** Performed songs in set order (tape entries left out); `coverOf` names the original artist of a cover. */
  songs: Array<{ name: string; encore: boolean; coverOf: string | null }>;
  /** Tape entries (intros, outros played from a recording) that were skipped. */
  tapes: number;
}

// ------------------------------------------------------------- client contracts
// Activities depend on these interfaces; providers/*.ts implement them over
// HTTP. Every method validates with zod, retries per providers/http.ts and
// throws ProviderError (providers/errors.ts) when it gives up. The optional
// trailing `call` carries the activity's cancellation signal and retry hook.

export interface TicketmasterApi {
  getAttraction(attractionId: string, call?: CallOptions): Promise<TmAttraction>;
  searchAttractions(keyword: string, size?: number, call?: CallOptions): Promise<Validated<TmAttraction>>;
  /** One page of the attraction's events, sorted by date ascending. */
  getEventsPage(
    params: {
      attractionId: string;
      page: number;
      size: number;
      startDateTime?: string | null;
      endDateTime?: string | null;
    },
    call?: CallOptions,
  ): Promise<TmEventsPage>;
  /**
   * Splits the attraction's events into date windows of at most `maxPerWindow`
   * events each (bisecting by date), so that every event is reachable by
   * paging within Ticketmaster's size × page < 1,000 rule.
   */
  planEventWindows(attractionId: string, maxPerWindow?: number, call?: CallOptions): Promise<EventWindow[]>;
}

export interface SpotifyApi {
  getArtist(artistId: string, call?: CallOptions): Promise<SpotifyArtist>;
  searchArtist(name: string, call?: CallOptions): Promise<SpotifyArtist | null>;
  /** Every album of `include_groups=album,single`, following `next` links. */
  getArtistAlbums(artistId: string, call?: CallOptions): Promise<Validated<SpotifyAlbum>>;
  /** Every track of one album, following `next` links. */
  getAlbumTracks(albumId: string, call?: CallOptions): Promise<Validated<SpotifyAlbumTrack>>;
  /** Full tracks for up to 50 ids (`/tracks?ids=`); ids Spotify returns null for are skipped. */
  getTracks(ids: string[], call?: CallOptions): Promise<Validated<SpotifyTrack>>;
  /** Audio features for up to 100 ids, or `available: false` on 403. */
  getAudioFeatures(ids: string[], call?: CallOptions): Promise<AudioFeaturesResult>;
  /** Up to 20 full albums with every track (`/albums?ids=`); null when the app may not use the batch endpoint. */
  getAlbumsWithTracks(ids: string[], call?: CallOptions): Promise<Validated<SpotifyAlbumWithTracks> | null>;
  /** One full album with every track (`/albums/{id}` + `/albums/{id}/tracks`). */
  getAlbumWithTracks(albumId: string, call?: CallOptions): Promise<Validated<SpotifyAlbumWithTracks>>;
  /** One full track with its ISRC (`/tracks/{id}`); null when Spotify does not know it. */
  getTrack(trackId: string, call?: CallOptions): Promise<SpotifyTrack | null>;
  /** The contract found so far (or forced by SPOTIFY_API_MODE). */
  contract(): SpotifyContractReport;
  /** Whether the batch endpoints may be used: true, false, or null before the first try. */
  readonly batchEndpoints: boolean | null;
}

/** A full album and every one of its tracks (simplified: no ISRC, no popularity). */
export interface SpotifyAlbumWithTracks {
  album: SpotifyAlbum;
  tracks: Validated<SpotifyAlbumTrack>;
  /** The next page of the album's tracks as Spotify gave it; null once complete. */
  next: string | null;
}

export interface MusicBrainzReleaseGroup {
  id: string;
  title: string;
  /** Album, Single, EP … */
  primaryType: string | null;
  /** Live, Compilation, Remix … */
  secondaryTypes: string[];
  firstReleaseDate: string | null;
}

export interface MusicBrainzApi {
  /** Every release group of primary type album or single of the artist (paged 100 at a time). */
  getReleaseGroups(mbid: string, call?: CallOptions): Promise<Validated<MusicBrainzReleaseGroup>>;
}

export interface SetlistFmApi {
  /** Best match by name (setlist.fm relevance order), or null when none. */
  searchArtist(name: string, call?: CallOptions): Promise<SetlistFmArtist | null>;
  getArtistSetlists(
    mbid: string,
    page: number,
    call?: CallOptions,
  ): Promise<Validated<SetlistFmSetlist> & { total: number; itemsPerPage: number }>;
}
