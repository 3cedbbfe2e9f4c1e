// Ground truth: what a correct import of a fake artist stores, computed from
// the truth labels the generator put on every item — never from a name rule,
// and never from the product's code (the fakes are the oracle the import is
// checked against). Served at /_fake/artists/:id/expected and used by tests.

import { type FakeCatalog, getCatalog } from './catalog/fake-catalog';
import type { AlbumTruth, AudioFeaturesMode, FakeAlbum, FakeArtist, FakeEvent, FakeSetlistSong, FakeTrack, TrackTruth } from './catalog/types';
import type { SpotifyContract } from './state';

/** Track labels a correct studio-only import keeps (before deduplication) in each audio-features mode. */
export const KEPT_TRACK_TRUTHS: Record<AudioFeaturesMode, ReadonlySet<TrackTruth>> = {
  available: new Set<TrackTruth>(['studio', 'studio-lookalike', 'remix']),
  forbidden: new Set<TrackTruth>(['studio', 'studio-lookalike', 'remix', 'live-feel']),
};

export interface ExpectedImport {
  attractionId: string;
  name: string;
  seed: number;
  referenceDate: string;
  /** Audio features as the import meets them (always `forbidden` on the development-mode contract). */
  audioFeatures: AudioFeaturesMode;
  spotifyContract: SpotifyContract;
  ticketmaster: {
    /** Items `/events.json` reports for the attraction (valid + malformed) = page.totalElements. */
    totalElements: number;
    eventIds: string[];
    /** Events whose start (dateTime, else localDate 00:00Z) is ≥ the reference date. */
    upcomingEventIds: string[];
    pastEventIds: string[];
    /** Events with only a local date (no dateTime). */
    dateOnlyEventIds: string[];
    cancelledEventIds: string[];
    /** Venues of the valid events. */
    venueIds: string[];
    malformedEvents: number;
  };
  spotify: {
    /** Spotify artist id a correct identity phase resolves; null when there is none. */
    artistId: string | null;
    matchedBy: 'external-link' | 'search' | null;
    /** Valid album ids `/artists/{id}/albums?include_groups=album,single` lists. */
    listedAlbumIds: string[];
    /** Listed albums a studio-only import reads tracks from (not live, not compilation). */
    studioAlbumIds: string[];
    /** Exact Spotify track ids a correct studio-only, deduplicated import keeps. */
    trackIds: string[];
    /** Kept ids that are remixes (isRemix). */
    remixTrackIds: string[];
    /** Kept ids for which liveness could not be checked (403, or null features). */
    keptWithoutLivenessCheckIds: string[];
    /** Studio-titled tracks with liveness > 0.8 (features present): dropped when features are available. */
    liveFeelTrackIds: string[];
    /** Counts of every label among the tracks of listed albums. */
    trackLabelCounts: Partial<Record<TrackTruth, number>>;
    malformed: { albums: number; tracks: number };
    /** Listed live albums whose names do not say so (only MusicBrainz knows). */
    unnamedLiveAlbumIds: string[];
    /**
     * What a correct import keeps beyond `trackIds` when MusicBrainz cannot be
     * reached: the tracks of those albums (plain titles, their own recordings)
     * that the audio-features rule does not drop.
     */
    keptWithoutMusicBrainzIds: string[];
  };
  setlistfm: {
    mbid: string | null;
    setlistIds: string[];
    totalSetlists: number;
    malformedSetlists: number;
    /** Every valid setlist, most recent first: the show it belongs to (null: Ticketmaster never listed it) and its performed songs in order (tapes left out). */
    pastSetlists: ExpectedSetlist[];
    /** Upcoming held shows in date order: what the current tour plays there (held out, never served). */
    upcoming: Array<{ tmEventId: string; tour: string; songs: ExpectedSetlistSong[]; coreSpotifyIds: string[] }>;
  };
  /** Malformed items per source a client must skip and count. */
  malformed: { ticketmaster: number; spotify: number; setlistfm: number };
}

export interface ExpectedSetlistSong {
  title: string;
  /** The kept catalog track of the song's recording; null for covers and songs the catalog does not keep. */
  spotifyId: string | null;
  coverOf: string | null;
  encore: boolean;
}

export interface ExpectedSetlist {
  setlistId: string;
  tmEventId: string | null;
  /** YYYY-MM-DD. */
  eventDate: string;
  tour: string | null;
  url: string;
  songs: ExpectedSetlistSong[];
}

const LISTED_GROUPS = new Set<FakeAlbum['albumGroup']>(['album', 'single']);
const STUDIO_ALBUM_TRUTHS = new Set<AlbumTruth>(['studio', 'studio-lookalike', 'edition', 'single']);

type ExpectedTicketmaster = ExpectedImport['ticketmaster'];
type ExpectedSpotify = ExpectedImport['spotify'];
type ExpectedSetlistfm = ExpectedImport['setlistfm'];

const sortedIds = (events: FakeEvent[]): string[] => events.map((e) => e.id as string).sort();

function expectedTicketmaster(artist: FakeArtist): ExpectedTicketmaster {
  const valid = artist.events.filter((e) => e.truth === 'valid');
  return {
    totalElements: artist.events.length,
    eventIds: sortedIds(valid),
    upcomingEventIds: sortedIds(valid.filter((e) => e.upcoming)),
    pastEventIds: sortedIds(valid.filter((e) => !e.upcoming)),
    dateOnlyEventIds: sortedIds(valid.filter((e) => e.dateTime === null)),
    cancelledEventIds: sortedIds(valid.filter((e) => e.statusCode === 'cancelled')),
    venueIds: [...new Set(valid.map((e) => e.venueId))].sort(),
    malformedEvents: artist.events.length - valid.length,
  };
}

/**
 * When versions of a recording tie on popularity, which release the kept one
 * comes from, by the album's label: an album (studio album or edition) over a
 * single, over a compilation. Popularity alone cannot say which of two equally
 * popular versions "is" the song, so the truth must pick the way the product
 * documents it picks (activities/catalog-rules.ts, betterVersion: popularity,
 * then album before single before compilation, then the lower Spotify id).
 * Restated here from its documentation, not imported: the fakes stay the oracle.
 */
const RELEASE_RANK: Record<AlbumTruth, number> = {
  studio: 0,
  'studio-lookalike': 0,
  edition: 0,
  single: 1,
  compilation: 2,
  'appears-on': 2,
  live: 3,
  'live-unnamed': 3,
  malformed: 3,
};

/** A release date as a day: "1998" counts as 1998-01-01, "1998-03" as 1998-03-01. */
function releaseDay(date: string): string {
  return date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
}

/**
 * Without popularity (development mode), the version on the earliest release:
 * its album's release date, then an album before a single, then the lower
 * Spotify id (SPEC rule 5, restated from the spec, not imported).
 */
function earlierRelease(a: FakeTrack, b: FakeTrack, album: (t: FakeTrack) => FakeAlbum): boolean {
  const da = releaseDay(album(a).releaseDate);
  const db = releaseDay(album(b).releaseDate);
  if (da !== db) return da < db;
  const ta = album(a).albumType === 'album' ? 0 : 1;
  const tb = album(b).albumType === 'album' ? 0 : 1;
  if (ta !== tb) return ta < tb;
  return a.id < b.id;
}

/** Whether `a` represents its recording better than `b`: more popular; on a tie the album release; then the lower id. */
function betterVersion(a: FakeTrack, b: FakeTrack, releaseRank: (t: FakeTrack) => number): boolean {
  if (a.popularity !== b.popularity) return a.popularity > b.popularity;
  const rank = releaseRank(a) - releaseRank(b);
  if (rank !== 0) return rank < 0;
  return a.id < b.id;
}

/** Label filter first (SPEC rules 1–4), then one version per recording label (rule 5): the best one. */
function keptTracks(artist: FakeArtist, listedTracks: FakeTrack[], audioFeatures: AudioFeaturesMode, contract: SpotifyContract): FakeTrack[] {
  const keptTruths = KEPT_TRACK_TRUTHS[audioFeatures];
  const albums = new Map(artist.albums.map((a) => [a.id, a]));
  const album = (t: FakeTrack): FakeAlbum => albums.get(t.albumId) as FakeAlbum;
  const releaseRank = (t: FakeTrack): number => RELEASE_RANK[album(t).truth];
  const better = (a: FakeTrack, b: FakeTrack): boolean =>
    contract === 'development' ? earlierRelease(a, b, album) : betterVersion(a, b, releaseRank);
  const best = new Map<string, FakeTrack>();
  for (const t of listedTracks) {
    // A live-feel track Spotify has no audio features for cannot be told live: it is kept on its name.
    if (!keptTruths.has(t.truth) && !(t.truth === 'live-feel' && t.liveness === null)) continue;
    const current = best.get(t.recording);
    if (!current || better(t, current)) best.set(t.recording, t);
  }
  return [...best.values()];
}

function expectedSpotify(artist: FakeArtist, audioFeatures: AudioFeaturesMode, contract: SpotifyContract): ExpectedSpotify {
  const listed = artist.albums.filter((a) => LISTED_GROUPS.has(a.albumGroup));
  const listedIds = new Set(listed.filter((a) => a.id !== null).map((a) => a.id as string));
  const listedTracks = artist.tracks.filter((t) => listedIds.has(t.albumId));
  const kept = keptTracks(artist, listedTracks, audioFeatures, contract);
  const unnamedLive = new Set(listed.filter((a) => a.truth === 'live-unnamed').map((a) => a.id as string));
  const keptWithoutMusicBrainz = listedTracks.filter(
    (t) => unnamedLive.has(t.albumId) && (audioFeatures === 'forbidden' || t.liveness === null || t.liveness <= 0.8),
  );
  const labelCounts: Partial<Record<TrackTruth, number>> = {};
  for (const t of listedTracks) labelCounts[t.truth] = (labelCounts[t.truth] ?? 0) + 1;
  const hasSpotify = artist.spotify !== null && artist.spotify !== undefined;
  return {
    artistId: artist.spotify?.id ?? null,
    matchedBy: hasSpotify ? (artist.spotifyLinked ? 'external-link' : 'search') : null,
    listedAlbumIds: hasSpotify ? [...listedIds].sort() : [],
    studioAlbumIds: hasSpotify
      ? listed.filter((a) => a.id !== null && STUDIO_ALBUM_TRUTHS.has(a.truth)).map((a) => a.id as string).sort()
      : [],
    trackIds: kept.map((t) => t.id).sort(),
    remixTrackIds: kept.filter((t) => t.truth === 'remix').map((t) => t.id).sort(),
    keptWithoutLivenessCheckIds: kept
      .filter((t) => audioFeatures === 'forbidden' || t.liveness === null)
      .map((t) => t.id)
      .sort(),
    liveFeelTrackIds: listedTracks.filter((t) => t.truth === 'live-feel' && t.liveness !== null).map((t) => t.id).sort(),
    trackLabelCounts: labelCounts,
    malformed: {
      albums: listed.filter((a) => a.truth === 'malformed').length,
      tracks: listedTracks.filter((t) => t.truth === 'malformed').length,
    },
    unnamedLiveAlbumIds: [...unnamedLive].sort(),
    keptWithoutMusicBrainzIds: hasSpotify ? keptWithoutMusicBrainz.map((t) => t.id).sort() : [],
  };
}

function expectedSetlistfm(artist: FakeArtist, spotify: ExpectedSpotify): ExpectedSetlistfm {
  const validSetlists = artist.setlists.filter((s) => s.truth === 'valid');
  // The recording label names the song; the kept track of that recording is the catalog song it must match.
  const keptByRecording = new Map<string, string>();
  for (const id of spotify.trackIds) {
    const t = artist.trackById.get(id);
    if (t) keptByRecording.set(t.recording, id);
  }
  const song = (x: FakeSetlistSong, encore: boolean): ExpectedSetlistSong => ({
    title: x.name,
    spotifyId: x.recording === null ? null : (keptByRecording.get(x.recording) ?? null),
    coverOf: x.coverOf,
    encore,
  });
  return {
    mbid: artist.setlistfm?.mbid ?? null,
    setlistIds: validSetlists.map((s) => s.id as string).sort(),
    totalSetlists: artist.setlists.length,
    malformedSetlists: artist.setlists.length - validSetlists.length,
    pastSetlists: validSetlists.map((s) => {
      const [day, month, year] = s.eventDate.split('-');
      return {
        setlistId: s.id as string,
        tmEventId: s.eventId,
        eventDate: `${year}-${month}-${day}`,
        tour: s.tour,
        url: `https://www.setlist.fm/setlist/${s.id}.html`,
        songs: s.sets.flatMap((set) => set.songs.filter((x) => !x.tape).map((x) => song(x, (set.encore ?? 0) > 0))),
      };
    }),
    upcoming: artist.upcomingSetlists.map((u) => ({
      tmEventId: u.eventId,
      tour: u.tour,
      songs: [...u.main.filter((x) => !x.tape).map((x) => song(x, false)), ...u.encore.map((x) => song(x, true))],
      coreSpotifyIds: u.core.map((x) => (x.recording === null ? null : (keptByRecording.get(x.recording) ?? null))).filter((id): id is string => id !== null),
    })),
  };
}

export function computeExpectedImport(artist: FakeArtist, requestedFeatures: AudioFeaturesMode, contract: SpotifyContract = 'extended'): ExpectedImport {
  // Development-mode apps never get audio features.
  const audioFeatures: AudioFeaturesMode = contract === 'development' ? 'forbidden' : requestedFeatures;
  const ticketmaster = expectedTicketmaster(artist);
  const spotify = expectedSpotify(artist, audioFeatures, contract);
  const setlistfm = expectedSetlistfm(artist, spotify);
  return {
    attractionId: artist.attractionId,
    name: artist.name,
    seed: artist.seed,
    referenceDate: artist.referenceDate,
    audioFeatures,
    spotifyContract: contract,
    ticketmaster,
    spotify,
    setlistfm,
    malformed: {
      ticketmaster: ticketmaster.malformedEvents,
      spotify: spotify.malformed.albums + spotify.malformed.tracks,
      setlistfm: setlistfm.malformedSetlists,
    },
  };
}

const expectations = new WeakMap<FakeCatalog, Map<string, ExpectedImport>>();

/** The ground truth of one artist of `catalog` (computed once per catalog); null for an unknown attraction id. */
export function expectedFor(
  catalog: FakeCatalog,
  attractionId: string,
  audioFeatures: AudioFeaturesMode,
  contract: SpotifyContract = 'extended',
): ExpectedImport | null {
  let cache = expectations.get(catalog);
  if (!cache) {
    cache = new Map();
    expectations.set(catalog, cache);
  }
  const key = `${attractionId}|${audioFeatures}|${contract}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const artist = catalog.artist(attractionId);
  if (!artist) return null;
  const expected = computeExpectedImport(artist, audioFeatures, contract);
  cache.set(key, expected);
  return expected;
}

/**
 * Ground truth for importing `attractionId` from the fake providers started
 * with the same seed and reference date (defaults: DEFAULT_SEED, today).
 * Throws for an unknown attraction id.
 */
export function expectedImport(
  attractionId: string,
  opts: { audioFeatures: AudioFeaturesMode; spotifyContract?: SpotifyContract; seed?: number; referenceDate?: Date },
): ExpectedImport {
  const expected = expectedFor(getCatalog(opts), attractionId, opts.audioFeatures, opts.spotifyContract);
  if (!expected) throw new Error(`expectedImport: unknown fake attraction "${attractionId}"`);
  return expected;
}
