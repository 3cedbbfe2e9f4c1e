// What the fake catalog is made of: the truth labels every generated item
// carries (what it IS, independently of its name) and the shapes of artists,
// events, albums, tracks and setlists. The providers render these shapes as
// JSON; the ground truth (fakes/expected.ts) is computed from the labels.

import type { City } from '../vocabulary';

export type AudioFeaturesMode = 'available' | 'forbidden';

// ------------------------------------------------------------------- labels

/** What an event is. Malformed events are served as-is and must be skipped by clients. */
export type EventTruth = 'valid' | 'malformed-no-name' | 'malformed-no-id';

/** What an album is, independently of its name. */
export type AlbumTruth =
  | 'studio' // studio album with a neutral name
  | 'studio-lookalike' // studio album whose name only looks live/compiled ("Live Through This")
  | 'edition' // deluxe / remastered / super-deluxe re-issue of a studio album
  | 'single' // album_type single (lead track, b-sides, remixes)
  | 'live' // live recording (by name: "Live at …", "Unplugged", "Live!" …)
  | 'live-unnamed' // live recording whose name does not say so ("Made in Japan"): only MusicBrainz (typed Live) knows
  | 'compilation' // album_type compilation returned under album_group album or compilation
  | 'appears-on' // someone else's compilation the artist appears on
  | 'malformed'; // album item without an id

/** What a track is, independently of its title. */
export type TrackTruth =
  | 'studio' // studio recording with a neutral title
  | 'studio-lookalike' // studio recording whose title only looks live ("Alive", "Live Forever")
  | 'remix' // studio remix ("X (Club Remix)", "X - Radio Remix"): kept, flagged isRemix
  | 'live-feel' // studio title on a studio album but liveness > 0.8: dropped only when features are available
  | 'live-title' // live recording marked by its title ("X (Live)") on a non-live album
  | 'live-album' // any track of a live album (title may be plain)
  | 'compilation' // track of a compilation album
  | 'appears-on' // track of an appears_on album
  | 'malformed'; // served with a non-numeric duration_ms

/** Dedupe situations placed on purpose in larger catalogs (catalog/hard-cases.ts). */
export type HardCase =
  | 'remaster-tags' // one ISRC as "Song", "Song - Remastered 2011", "Song (2011 Remaster)", "Song [Remastered]"
  | 'popularity-tie' // one ISRC whose most popular versions share the same popularity
  | 'no-isrc-variant-titles' // no ISRC; titles differ beyond case (punctuation, accents, "&", remaster tags); durations within 2 s
  | 'no-isrc-same-title-apart'; // no ISRC; the same title on two recordings more than 2 s apart

// ------------------------------------------------------------------- shapes

export interface FakeImage {
  url: string;
  width: number;
  height: number;
  ratio: string;
}

export interface FakeVenue {
  id: string;
  name: string;
  url: string;
  address: string;
  city: City;
}

export interface FakeEvent {
  /** null only for `malformed-no-id`. */
  id: string | null;
  /** null only for `malformed-no-name`. */
  name: string | null;
  truth: EventTruth;
  venueId: string;
  /** YYYY-MM-DD in the venue's timezone. */
  localDate: string;
  /** HH:mm:ss, null when only the date is known. */
  localTime: string | null;
  /** YYYY-MM-DDTHH:mm:ssZ, null when only the date is known. */
  dateTime: string | null;
  /** Instant Ticketmaster filters and sorts by: dateTime, else localDate at 00:00Z. */
  startMs: number;
  upcoming: boolean;
  statusCode: 'onsale' | 'offsale' | 'cancelled' | 'postponed' | 'rescheduled';
  priceRange: { min: number; max: number; currency: string } | null;
  url: string;
  /** Position in generation order; stable tie-breaker. */
  ordinal: number;
}

export interface FakeAlbum {
  /** null only for `malformed`. */
  id: string | null;
  name: string;
  albumType: 'album' | 'single' | 'compilation';
  albumGroup: 'album' | 'single' | 'compilation' | 'appears_on';
  releaseDate: string;
  releaseDatePrecision: 'day' | 'month' | 'year';
  truth: AlbumTruth;
  trackIds: string[];
  /** Declared track count (for a malformed album its tracks are unreachable). */
  totalTracks: number;
  images: FakeImage[];
  /** The title of its MusicBrainz release group when it differs from the Spotify name (edition suffix dropped). */
  musicbrainzTitle?: string;
}

export interface FakeTrack {
  id: string;
  albumId: string;
  name: string;
  durationMs: number;
  /** Set only for `malformed`: what is served as duration_ms instead of a number. */
  malformedDuration: string | null;
  discNumber: number;
  trackNumber: number;
  popularity: number;
  isrc: string | null;
  /** null = `/audio-features` answers null for this track. */
  liveness: number | null;
  explicit: boolean;
  truth: TrackTruth;
  /** Index of the underlying song (same song ⇒ same composition), for auditing. */
  songIndex: number;
  /**
   * The recording this track carries. Tracks with the same recording are the
   * same master re-issued (remaster, edition, single, compilation): a correct
   * catalog keeps one of them. Live takes, remixes and edits are recordings
   * of their own.
   */
  recording: string;
  /** Which hard case of the dedupe rule this track belongs to, if any (see catalog/hard-cases.ts). */
  hardCase: HardCase | null;
}

/** One entry of a fake setlist, labelled with what it is. */
export interface FakeSetlistSong {
  /** As setlist.fm spells it. */
  name: string;
  /** The catalog recording it is (FakeTrack.recording); null for covers and tapes. */
  recording: string | null;
  /** Original artist of a cover. */
  coverOf: string | null;
  /** Played from a recording (intro): not a performed song. */
  tape: boolean;
}

/** What the current tour would play at an upcoming show: the held-out truth predictions are scored against. */
export interface FakeUpcomingSetlist {
  eventId: string;
  tour: string;
  main: FakeSetlistSong[];
  encore: FakeSetlistSong[];
  /** The tour's core and encore staples (played every night). */
  core: FakeSetlistSong[];
}

export interface FakeSetlist {
  /** null only for malformed setlists. */
  id: string | null;
  truth: 'valid' | 'malformed-no-id';
  /** The Ticketmaster event it was played at; null for a show Ticketmaster never listed (and malformed ones). */
  eventId: string | null;
  versionId: string;
  /** dd-MM-yyyy, as setlist.fm writes it. */
  eventDate: string;
  lastUpdated: string;
  venueId: string;
  tour: string | null;
  sets: Array<{ name?: string; encore?: number; songs: FakeSetlistSong[] }>;
}

export interface FakeSpotifyProfile {
  id: string;
  name: string;
  popularity: number;
  followers: number;
  genres: string[];
  images: FakeImage[];
}

export interface FakeSetlistArtist {
  mbid: string;
  name: string;
  sortName: string;
  disambiguation: string;
}

export interface FakeArtist {
  attractionId: string;
  name: string;
  genre: string;
  url: string;
  images: FakeImage[];
  /** Spotify artist; null when Spotify has no such artist. */
  spotify: FakeSpotifyProfile | null;
  /** Whether the Ticketmaster attraction carries `externalLinks.spotify`. */
  spotifyLinked: boolean;
  /** Artists Spotify search returns for this name that are NOT this artist. */
  spotifyDecoys: FakeSpotifyProfile[];
  setlistfm: FakeSetlistArtist | null;
  setlistDecoys: FakeSetlistArtist[];
  venues: FakeVenue[];
  venueById: Map<string, FakeVenue>;
  /** Sorted by startMs, then ordinal. */
  events: FakeEvent[];
  albums: FakeAlbum[];
  tracks: FakeTrack[];
  trackById: Map<string, FakeTrack>;
  /** Most recent first, as setlist.fm lists them. */
  setlists: FakeSetlist[];
  /** Upcoming held events, date order: what the current tour would play there (never served). */
  upcomingSetlists: FakeUpcomingSetlist[];
  referenceDate: string;
  seed: number;
}
