// Deterministic fake artists for the fake providers (fakes/server.ts).
//
// Same seed + same reference date → byte-identical artists. Every generated
// item carries an explicit `truth` label saying what it is (a studio song, a
// live recording, a compilation track, a malformed item …), and the expected
// import (`expectedImport`) is computed from those labels only — never from a
// name rule — so tests can check the real rules against an independent answer.

import { Rng } from './random';
import {
  ADJECTIVES,
  APPEARS_ON_NAMES,
  CITIES,
  COMPILATION_NAMES,
  EDITION_TEMPLATES,
  GENRES,
  LIVE_ALBUM_NAMES,
  LIVE_TRACK_TEMPLATES,
  LOOKALIKE_ALBUM_NAMES,
  LOOKALIKE_SONG_TITLES,
  NOUNS,
  REMASTER_TEMPLATES,
  REMIX_TEMPLATES,
  TITLE_PATTERNS,
  VENUE_PATTERNS,
  VENUE_WORDS,
  type City,
} from './vocabulary';

export const DEFAULT_SEED = 1;

/** Fixed fixtures; any `gen-<seed>-e<events>-a<albums>` id is generated on demand as well. */
export const FIXTURE_IDS = ['fake-small', 'fake-large', 'fake-nospotify', 'fake-nolink'] as const;
export type FixtureId = (typeof FIXTURE_IDS)[number];

export const GENERATED_ID_PATTERN = /^gen-(\d{1,9})-e(\d{1,6})-a(\d{1,5})$/;
/** Upper bounds for generated artists, so a typo cannot make the server allocate gigabytes. */
export const GENERATED_LIMITS = { events: 50_000, albums: 2_000 } as const;

export type AudioFeaturesMode = 'available' | 'forbidden';

const DAY_MS = 86_400_000;

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

/** Track labels a correct studio-only import keeps (before ISRC dedupe) in each audio-features mode. */
export const KEPT_TRACK_TRUTHS: Record<AudioFeaturesMode, ReadonlySet<TrackTruth>> = {
  available: new Set<TrackTruth>(['studio', 'studio-lookalike', 'remix']),
  forbidden: new Set<TrackTruth>(['studio', 'studio-lookalike', 'remix', 'live-feel']),
};

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
}

export interface FakeSetlist {
  /** null only for malformed setlists. */
  id: string | null;
  truth: 'valid' | 'malformed-no-id';
  versionId: string;
  /** dd-MM-yyyy, as setlist.fm writes it. */
  eventDate: string;
  lastUpdated: string;
  venueId: string;
  tour: string | null;
  sets: Array<{ name?: string; encore?: number; songs: string[] }>;
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
  referenceDate: string;
  seed: number;
}

// --------------------------------------------------------------- plans

interface ArtistPlan {
  attractionId: string;
  name: string;
  events: number;
  venues: number;
  pastDays: number;
  futureDays: number;
  upcomingShare: number;
  dateOnlyShare: number;
  malformedEvents: { noName: number; noId: number };
  spotify: null | {
    linked: boolean;
    catalog: 'small' | { albums: number; malformedAlbums: number; malformedTracks: number; superDeluxe: boolean };
    popularity: number;
    followers: number;
  };
  spotifyDecoys: string[];
  setlistfm: null | { setlists: number; malformed: number };
  setlistDecoys: string[];
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

function fixturePlan(id: FixtureId): ArtistPlan {
  switch (id) {
    case 'fake-small':
      return {
        attractionId: id,
        name: 'Velvet Static',
        events: 25,
        venues: 6,
        pastDays: 400,
        futureDays: 200,
        upcomingShare: 0.36,
        dateOnlyShare: 0.04,
        malformedEvents: { noName: 1, noId: 0 },
        spotify: { linked: true, catalog: 'small', popularity: 47, followers: 48_210 },
        spotifyDecoys: ['Velvet Static Tribute'],
        setlistfm: { setlists: 6, malformed: 1 },
        setlistDecoys: ['Velvet Static Revival'],
      };
    case 'fake-large':
      return {
        attractionId: id,
        name: 'Atlas Parade',
        events: 1500,
        venues: 120,
        pastDays: 2300,
        futureDays: 540,
        upcomingShare: 0.14,
        dateOnlyShare: 0.02,
        malformedEvents: { noName: 3, noId: 1 },
        spotify: {
          linked: true,
          catalog: { albums: 300, malformedAlbums: 2, malformedTracks: 3, superDeluxe: true },
          popularity: 81,
          followers: 6_412_377,
        },
        spotifyDecoys: ['Atlas Parade Karaoke', 'The Atlas Paraders'],
        setlistfm: { setlists: 45, malformed: 1 },
        setlistDecoys: ['Atlas Parade Experience'],
      };
    case 'fake-nospotify':
      return {
        attractionId: id,
        name: 'Nowhere Radio',
        events: 10,
        venues: 4,
        pastDays: 300,
        futureDays: 150,
        upcomingShare: 0.4,
        dateOnlyShare: 0,
        malformedEvents: { noName: 0, noId: 0 },
        spotify: null,
        // Search finds near-misses only: a correct client must not take them.
        spotifyDecoys: ['Nowhere Radioactive', 'The Nowhere Radio Hour'],
        setlistfm: null,
        setlistDecoys: [],
      };
    case 'fake-nolink':
      return {
        attractionId: id,
        name: 'Glass Meridian',
        events: 15,
        venues: 5,
        pastDays: 350,
        futureDays: 180,
        upcomingShare: 0.3,
        dateOnlyShare: 0,
        malformedEvents: { noName: 0, noId: 0 },
        // No externalLinks.spotify: the id must come from an exact-name search.
        spotify: {
          linked: false,
          catalog: { albums: 12, malformedAlbums: 0, malformedTracks: 0, superDeluxe: false },
          popularity: 39,
          followers: 9_870,
        },
        spotifyDecoys: ['Glass Meridian Quartet'],
        setlistfm: { setlists: 4, malformed: 0 },
        setlistDecoys: [],
      };
  }
}

function generatedPlan(attractionId: string): ArtistPlan | null {
  const m = GENERATED_ID_PATTERN.exec(attractionId);
  if (!m) return null;
  const events = Number(m[2]);
  const albums = Number(m[3]);
  if (events > GENERATED_LIMITS.events || albums > GENERATED_LIMITS.albums) return null;
  return {
    attractionId,
    name: generatedArtistName(attractionId),
    events,
    venues: events === 0 ? 0 : clamp(Math.round(events / 12.5), 3, 400),
    pastDays: clamp(Math.round(events * 1.5), 200, 9000),
    futureDays: clamp(Math.round(events * 0.36), 60, 900),
    upcomingShare: 0.15,
    dateOnlyShare: 0.02,
    malformedEvents: { noName: events >= 100 ? 1 : 0, noId: 0 },
    spotify: {
      linked: true,
      catalog: {
        albums,
        malformedAlbums: albums >= 20 ? 1 : 0,
        malformedTracks: albums >= 10 ? 2 : 0,
        superDeluxe: albums >= 100,
      },
      popularity: 55,
      followers: 100_000 + events * 10,
    },
    spotifyDecoys: [],
    setlistfm: { setlists: Math.min(60, Math.max(2, Math.floor(events / 30))), malformed: events >= 100 ? 1 : 0 },
    setlistDecoys: [],
  };
}

/** Name of a generated artist; it embeds the id so name searches can find it again. */
export function generatedArtistName(attractionId: string): string {
  return `Generated Artist ${attractionId}`;
}

/** The generated attraction id a free-text query refers to, if any. */
export function generatedIdIn(text: string): string | null {
  const m = /gen-\d{1,9}-e\d{1,6}-a\d{1,5}/i.exec(text);
  return m ? m[0].toLowerCase() : null;
}

// ---------------------------------------------------------- time helpers

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at `utcMs`, in ms (local − UTC). */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, fmt);
  }
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return asUtc - utcMs;
}

/** UTC instant of a wall-clock time in `timeZone`. */
function zonedToUtcMs(localDate: string, localTime: string, timeZone: string): number {
  const naive = Date.parse(`${localDate}T${localTime}Z`);
  let guess = naive - zoneOffsetMs(timeZone, naive);
  guess = naive - zoneOffsetMs(timeZone, guess);
  return guess;
}

/** Ticketmaster's instant format: YYYY-MM-DDTHH:mm:ssZ (no milliseconds). */
export function tmInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Start of the UTC day of `date` (the reference date is always a midnight). */
export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

// ------------------------------------------------------------- events

const EVENT_TIMES = ['19:00:00', '19:30:00', '20:00:00', '20:30:00', '18:30:00', '21:00:00', '17:00:00'];
const CURRENCY: Record<string, string> = {
  US: 'USD', CA: 'CAD', MX: 'MXN', GB: 'GBP', IE: 'EUR', FR: 'EUR', DE: 'EUR', NL: 'EUR', BE: 'EUR', ES: 'EUR', IT: 'EUR',
  SE: 'SEK', NO: 'NOK', DK: 'DKK', PL: 'PLN', AT: 'EUR', CH: 'CHF', PT: 'EUR', JP: 'JPY', KR: 'KRW', AU: 'AUD', NZ: 'NZD',
  BR: 'BRL', AR: 'ARS',
};
const TOUR_WORDS = ['World Tour', 'Tour', 'Summer Tour', 'Anniversary Tour', 'Arena Tour', 'Club Tour'];

function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function buildVenues(rng: Rng, count: number): FakeVenue[] {
  const venues: FakeVenue[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  const cities = rng.shuffle(CITIES);
  for (let i = 0; i < count; i++) {
    const city = cities[i % cities.length] as City;
    let name = '';
    for (let attempt = 0; attempt < 50 && (name === '' || names.has(name)); attempt++) {
      name = rng.pick(VENUE_PATTERNS).replace('{city}', city.name).replace('{word}', rng.pick(VENUE_WORDS));
    }
    if (names.has(name)) name = `${name} ${i}`;
    names.add(name);
    let id = '';
    do id = `KovZpZA${rng.base62(5)}`;
    while (ids.has(id));
    ids.add(id);
    venues.push({
      id,
      name,
      url: `https://www.ticketmaster.com/${slugify(name)}-tickets-${slugify(city.name)}/venue/${rng.int(10000, 999999)}`,
      address: `${rng.int(1, 2000)} ${rng.pick(NOUNS)} ${rng.pick(['Street', 'Avenue', 'Road', 'Boulevard', 'Way'])}`,
      city,
    });
  }
  return venues;
}

function buildEvents(rng: Rng, plan: ArtistPlan, venues: FakeVenue[], refMs: number): FakeEvent[] {
  const total = plan.events;
  if (total === 0 || venues.length === 0) return [];
  const upcomingCount = Math.round(total * plan.upcomingShare);
  const dateOnlyCount = Math.round(total * plan.dateOnlyShare);
  // Exact counts, random positions: fixtures have predictable sizes.
  const order = rng.shuffle(Array.from({ length: total }, (_, i) => i));
  const upcoming = new Set(order.slice(0, upcomingCount));
  const dateOnly = new Set(rng.shuffle(Array.from({ length: total }, (_, i) => i)).slice(0, dateOnlyCount));
  const malformedPositions = rng.shuffle(Array.from({ length: total }, (_, i) => i));
  const noName = new Set(malformedPositions.slice(0, plan.malformedEvents.noName));
  const noId = new Set(malformedPositions.slice(plan.malformedEvents.noName, plan.malformedEvents.noName + plan.malformedEvents.noId));
  // Venues are shared: a skewed pick makes a few venues host many shows.
  const weights = venues.map((_, i) => 1 / (1 + i * 0.05));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const pickVenue = (): FakeVenue => {
    let r = rng.next() * weightSum;
    for (let i = 0; i < venues.length; i++) {
      r -= weights[i] as number;
      if (r <= 0) return venues[i] as FakeVenue;
    }
    return venues[venues.length - 1] as FakeVenue;
  };
  const tours = Array.from({ length: 8 }, () => `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${rng.pick(TOUR_WORDS)}`);
  const ids = new Set<string>();
  const events: FakeEvent[] = [];
  const usedVenueIds = new Set<string>();
  for (let i = 0; i < total; i++) {
    const isMalformed = noName.has(i) || noId.has(i);
    // Malformed events reuse a venue a valid event already uses, so the
    // expected venue set does not depend on how a client treats them.
    let venue = i < venues.length ? (venues[i] as FakeVenue) : pickVenue();
    if (isMalformed && usedVenueIds.size > 0 && !usedVenueIds.has(venue.id)) {
      venue = venues.find((v) => usedVenueIds.has(v.id)) as FakeVenue;
    }
    if (!isMalformed) usedVenueIds.add(venue.id);
    // Nothing lands within [ref − 1 day, ref + 2 days]: "upcoming" is the same
    // whether a reader compares with the reference midnight or with "now".
    const dayOffset = upcoming.has(i) ? rng.int(3, plan.futureDays) : -rng.int(2, plan.pastDays);
    const localDate = isoDay(refMs + dayOffset * DAY_MS);
    const onlyDate = dateOnly.has(i);
    const localTime = onlyDate ? null : rng.pick(EVENT_TIMES);
    const startMs = localTime === null ? Date.parse(`${localDate}T00:00:00Z`) : zonedToUtcMs(localDate, localTime, venue.city.timezone);
    let id = '';
    do id = rng.chance(0.5) ? `vvG1${rng.base62(10)}` : `Z7r9jZ1A${rng.base62(6)}`;
    while (ids.has(id));
    ids.add(id);
    const isUpcoming = startMs >= refMs;
    const statusRoll = rng.next();
    const statusCode: FakeEvent['statusCode'] = isUpcoming
      ? statusRoll < 0.86
        ? 'onsale'
        : statusRoll < 0.93
          ? 'offsale'
          : statusRoll < 0.96
            ? 'rescheduled'
            : statusRoll < 0.98
              ? 'postponed'
              : 'cancelled'
      : statusRoll < 0.97
        ? 'offsale'
        : 'cancelled';
    const tour = rng.chance(0.6) ? rng.pick(tours) : null;
    const name = tour ? `${plan.name} - ${tour}` : rng.chance(0.15) ? `${plan.name} with Special Guests` : plan.name;
    const min = rng.int(25, 90);
    events.push({
      id: noId.has(i) ? null : id,
      name: noName.has(i) ? null : name,
      truth: noName.has(i) ? 'malformed-no-name' : noId.has(i) ? 'malformed-no-id' : 'valid',
      venueId: venue.id,
      localDate,
      localTime,
      dateTime: localTime === null ? null : tmInstant(startMs),
      startMs,
      upcoming: isUpcoming,
      statusCode,
      priceRange: rng.chance(0.8) ? { min, max: min + rng.int(20, 250), currency: CURRENCY[venue.city.countryCode] ?? 'USD' } : null,
      url: `https://www.ticketmaster.com/${slugify(plan.name)}-${slugify(venue.city.name)}-${localDate}/event/${rng.upperAlnum(16)}`,
      ordinal: i,
    });
  }
  events.sort((a, b) => a.startMs - b.startMs || a.ordinal - b.ordinal);
  return events;
}

// ------------------------------------------------------------- catalog

interface Song {
  index: number;
  title: string;
  durationMs: number;
  isrc: string | null;
  basePopularity: number;
  liveness: number;
  /** Exact liveness with no jitter on re-issues (the 0.8 boundary song). */
  fixedLiveness: boolean;
  truth: 'studio' | 'studio-lookalike' | 'live-feel';
}

interface TrackSpec {
  name: string;
  durationMs: number;
  isrc: string | null;
  popularity: number;
  liveness: number | null;
  truth: TrackTruth;
  songIndex: number;
  malformedDuration?: string;
  disc?: number;
  /** Where to look for a free popularity value when `popularity` is taken in its group. */
  popularityDirection?: 'up' | 'down';
}

/** Normalised title used for the no-ISRC dedupe key: lower-case, trimmed, inner whitespace collapsed. */
export function normaliseTitle(title: string): string {
  return title.toLowerCase().trim().replace(/\s+/g, ' ');
}

/** Dedupe key of the spec: ISRC, else normalised title + duration rounded to seconds. */
export function dedupeKey(track: { isrc: string | null; name: string; durationMs: number }): string {
  return track.isrc ? `isrc:${track.isrc}` : `title:${normaliseTitle(track.name)}|${Math.round(track.durationMs / 1000)}`;
}

class CatalogBuilder {
  readonly albums: FakeAlbum[] = [];
  readonly tracks: FakeTrack[] = [];
  readonly songs: Song[] = [];
  private readonly titles = new Set<string>();
  private readonly albumNames = new Set<string>();
  private readonly usedPopularity = new Map<string, Set<number>>();
  private readonly ids = new Set<string>();
  /** Tracks per disc so far, per album id: next track_number. */
  private readonly discCounts = new Map<string, Map<number, number>>();
  private readonly registrant: string;
  private readonly country: string;
  private isrcSeq = 0;

  constructor(
    private readonly rng: Rng,
    private readonly artistName: string,
    readonly refMs: number,
  ) {
    this.registrant = rng.upperAlnum(3);
    this.country = rng.pick(['US', 'GB', 'SE', 'DE', 'CA']);
  }

  private freshId(): string {
    let id = '';
    do id = this.rng.spotifyId();
    while (this.ids.has(id));
    this.ids.add(id);
    return id;
  }

  private isrc(year: number): string {
    this.isrcSeq += 1;
    return `${this.country}${this.registrant}${String(year % 100).padStart(2, '0')}${String(this.isrcSeq).padStart(5, '0')}`;
  }

  uniqueTitle(): string {
    for (let attempt = 0; attempt < 60; attempt++) {
      const a = this.rng.pick(NOUNS);
      let b = this.rng.pick(NOUNS);
      if (b === a) b = this.rng.pick(NOUNS);
      const t = this.rng
        .pick(TITLE_PATTERNS)
        .replace('{adj}', this.rng.pick(ADJECTIVES))
        .replace('{noun}', a)
        .replace('{noun2}', b);
      if (!this.titles.has(normaliseTitle(t))) return t;
    }
    // Word space exhausted (very large generated catalogs): number the title.
    for (let n = 2; ; n++) {
      const t = `${this.rng.pick(ADJECTIVES)} ${this.rng.pick(NOUNS)} No. ${n}`;
      if (!this.titles.has(normaliseTitle(t))) return t;
    }
  }

  uniqueAlbumName(candidate: string): string {
    let name = candidate;
    for (let n = 2; this.albumNames.has(name.toLowerCase()); n++) name = `${candidate} Vol. ${n}`;
    this.albumNames.add(name.toLowerCase());
    return name;
  }

  newSong(
    year: number,
    opts: { title?: string; lookalike?: boolean; noIsrc?: boolean; liveFeel?: boolean; liveness?: number } = {},
  ): Song {
    const title = opts.title ?? this.uniqueTitle();
    this.titles.add(normaliseTitle(title));
    // Whole seconds plus 100–400 ms: every re-issue that keeps the same second
    // rounds identically (no .5 boundary ambiguity in the title+duration key).
    const durationMs = this.rng.int(140, 360) * 1000 + this.rng.int(100, 400);
    const song: Song = {
      index: this.songs.length,
      title,
      durationMs,
      isrc: opts.noIsrc ? null : this.isrc(year),
      // Lookalikes are hits: their re-issues need room below the original.
      basePopularity: opts.lookalike ? this.rng.int(45, 75) : this.rng.int(8, 70),
      liveness: opts.liveness ?? (opts.liveFeel ? 0.82 + this.rng.next() * 0.15 : 0.03 + this.rng.next() * 0.32),
      fixedLiveness: opts.liveness !== undefined,
      truth: opts.liveFeel ? 'live-feel' : opts.lookalike ? 'studio-lookalike' : 'studio',
    };
    this.songs.push(song);
    return song;
  }

  /** A popularity value no other track with the same dedupe key holds (never tied within a group). */
  private distinctPopularity(key: string, desired: number, direction: 'up' | 'down'): number {
    let used = this.usedPopularity.get(key);
    if (!used) {
      used = new Set();
      this.usedPopularity.set(key, used);
    }
    const start = clamp(Math.round(desired), 0, 100);
    let p = start;
    // Move away from taken values in the hinted direction, so "lower" stays lower.
    if (direction === 'down') {
      while (p >= 0 && used.has(p)) p--;
      if (p < 0) for (p = start; used.has(p); p++);
    } else {
      while (p <= 100 && used.has(p)) p++;
      if (p > 100) for (p = start; used.has(p); p--);
    }
    used.add(p);
    return p;
  }

  /** Highest popularity held so far in a dedupe group (−1 when empty). */
  private groupMax(key: string): number {
    const used = this.usedPopularity.get(key);
    return used && used.size > 0 ? Math.max(...used) : -1;
  }

  releaseDate(year: number, forcePrecision?: FakeAlbum['releaseDatePrecision']): { date: string; precision: FakeAlbum['releaseDatePrecision'] } {
    const roll = this.rng.next();
    const precision = forcePrecision ?? (roll < 0.9 ? 'day' : roll < 0.97 ? 'year' : 'month');
    const maxMs = this.refMs - 30 * DAY_MS;
    let ms = Date.UTC(year, this.rng.int(0, 11), this.rng.int(1, 28));
    if (ms > maxMs) ms = maxMs - this.rng.int(0, 200) * DAY_MS;
    const day = isoDay(ms);
    return { date: precision === 'day' ? day : precision === 'month' ? day.slice(0, 7) : day.slice(0, 4), precision };
  }

  private images(): FakeImage[] {
    const hash = this.rng.hex(24);
    return [640, 300, 64].map((size) => ({
      url: `https://i.scdn.co/image/ab67616d0000${size === 640 ? 'b273' : size === 300 ? '1e02' : '4851'}${hash}`,
      width: size,
      height: size,
      ratio: '1_1',
    }));
  }

  openAlbum(a: { name: string; albumType: FakeAlbum['albumType']; albumGroup: FakeAlbum['albumGroup']; year: number; truth: AlbumTruth }): FakeAlbum {
    const { date, precision } = this.releaseDate(a.year);
    const album: FakeAlbum = {
      id: a.truth === 'malformed' ? null : this.freshId(),
      name: this.uniqueAlbumName(a.name),
      albumType: a.albumType,
      albumGroup: a.albumGroup,
      releaseDate: date,
      releaseDatePrecision: precision,
      truth: a.truth,
      trackIds: [],
      totalTracks: 0,
      images: this.images(),
    };
    this.albums.push(album);
    return album;
  }

  addTrack(album: FakeAlbum, spec: TrackSpec): FakeTrack {
    if (album.id === null) throw new Error('tracks of a malformed album are unreachable');
    const key = dedupeKey(spec);
    const disc = spec.disc ?? 1;
    let discs = this.discCounts.get(album.id);
    if (!discs) {
      discs = new Map();
      this.discCounts.set(album.id, discs);
    }
    const onDisc = discs.get(disc) ?? 0;
    discs.set(disc, onDisc + 1);
    const track: FakeTrack = {
      id: this.freshId(),
      albumId: album.id,
      name: spec.name,
      durationMs: spec.durationMs,
      malformedDuration: spec.malformedDuration ?? null,
      discNumber: disc,
      trackNumber: onDisc + 1,
      popularity: this.distinctPopularity(key, spec.popularity, spec.popularityDirection ?? 'up'),
      isrc: spec.isrc,
      liveness: spec.liveness,
      explicit: this.rng.chance(0.08),
      truth: spec.truth,
      songIndex: spec.songIndex,
    };
    this.tracks.push(track);
    album.trackIds.push(track.id);
    album.totalTracks = album.trackIds.length;
    return track;
  }

  /** Liveness of one recording of a studio song; null ⇒ no audio features for this track. */
  private studioLiveness(song: Song, noFeaturesShare: number): number | null {
    if (this.rng.chance(noFeaturesShare)) return null;
    if (song.fixedLiveness) return song.liveness;
    const jitter = (this.rng.next() - 0.5) * 0.04;
    return song.truth === 'live-feel' ? clamp(song.liveness + jitter, 0.81, 0.99) : clamp(song.liveness + jitter, 0.01, 0.6);
  }

  /** The song's original studio recording on `album`. */
  original(album: FakeAlbum, song: Song, noFeaturesShare: number, disc?: number): FakeTrack {
    return this.addTrack(album, {
      name: song.title,
      durationMs: song.durationMs,
      isrc: song.isrc,
      popularity: song.basePopularity,
      liveness: this.studioLiveness(song, noFeaturesShare),
      truth: song.truth,
      songIndex: song.index,
      disc,
    });
  }

  /**
   * A re-issue of the same master (remaster, deluxe, single version): same
   * ISRC, or — without ISRC — a title equal up to case and a duration in the
   * same second. Popularity differs from every other version.
   */
  reissue(
    album: FakeAlbum,
    song: Song,
    o: { year: number; retitle: boolean; truth?: TrackTruth; popularityHint: 'higher' | 'lower' | 'any'; noFeaturesShare: number; caseVariant?: boolean; disc?: number },
  ): FakeTrack {
    let name = song.title;
    if (song.isrc && o.retitle) {
      name = this.rng.pick(REMASTER_TEMPLATES).replace('{title}', song.title).replace('{year}', String(o.year));
    } else if (!song.isrc && o.caseVariant) {
      name = song.title.toLowerCase() === song.title ? song.title.toUpperCase() : song.title.toLowerCase();
    }
    const durationMs = song.isrc
      ? song.durationMs + this.rng.int(-1500, 1500)
      : Math.floor(song.durationMs / 1000) * 1000 + this.rng.int(100, 400);
    const key = dedupeKey({ isrc: song.isrc, name, durationMs });
    const max = this.groupMax(key);
    // A lookalike song's original always wins its group, so the studio title
    // that only looks live ("Live Forever") is the one a correct import keeps.
    const hint = song.truth === 'studio-lookalike' && o.truth === undefined ? 'lower' : o.popularityHint;
    const popularity =
      hint === 'higher'
        ? clamp(max + this.rng.int(1, 15), 0, 100)
        : hint === 'lower'
          ? clamp(song.basePopularity - this.rng.int(1, 20), 0, 100)
          : this.rng.int(0, 90);
    const truth = o.truth ?? song.truth;
    const liveness = truth === 'compilation' || truth === 'appears-on' ? this.studioLiveness(song, 0) : this.studioLiveness(song, o.noFeaturesShare);
    return this.addTrack(album, {
      name,
      durationMs,
      isrc: song.isrc,
      popularity,
      popularityDirection: hint === 'lower' ? 'down' : 'up',
      liveness,
      truth,
      songIndex: song.index,
      disc: o.disc,
    });
  }

  /** A live recording of `song` (its own ISRC, as live recordings have). */
  live(album: FakeAlbum, song: Song, o: { title: string | null; year: number; truth: 'live-title' | 'live-album'; disc?: number }): FakeTrack {
    const name = o.title === null ? song.title : o.title;
    // Most live recordings have high liveness, but not all: name rules are needed even with features.
    const liveness = this.rng.chance(0.75) ? 0.81 + this.rng.next() * 0.18 : 0.35 + this.rng.next() * 0.4;
    return this.addTrack(album, {
      name,
      durationMs: song.durationMs + this.rng.int(5, 90) * 1000,
      isrc: this.rng.chance(0.85) ? this.isrc(o.year) : null,
      popularity: this.rng.int(2, 45),
      liveness: this.rng.chance(0.03) ? null : liveness,
      truth: o.truth,
      songIndex: song.index,
      disc: o.disc,
    });
  }

  liveTitle(song: Song, template: string, year: number): string {
    return template.replace('{title}', song.title).replace('{year}', String(year));
  }

  remix(album: FakeAlbum, song: Song, o: { template: string; year: number; noFeaturesShare: number; disc?: number }): FakeTrack {
    // Remix titles stay unique, so two kept remixes never share a title.
    let name = o.template.replace('{title}', song.title).replace('{adj}', this.rng.pick(ADJECTIVES));
    while (this.titles.has(normaliseTitle(name))) name = `${song.title} (${this.rng.pick(ADJECTIVES)} ${this.rng.pick(NOUNS)} Remix)`;
    this.titles.add(normaliseTitle(name));
    return this.addTrack(album, {
      name,
      durationMs: song.durationMs + this.rng.int(30, 180) * 1000,
      isrc: this.isrc(o.year),
      popularity: this.rng.int(5, 55),
      liveness: this.rng.chance(o.noFeaturesShare) ? null : 0.04 + this.rng.next() * 0.25,
      truth: 'remix',
      songIndex: song.index,
      disc: o.disc,
    });
  }

  malformedTrack(album: FakeAlbum, year: number): FakeTrack {
    const song = this.newSong(year);
    const minutes = Math.floor(song.durationMs / 60000);
    const seconds = String(Math.floor((song.durationMs % 60000) / 1000)).padStart(2, '0');
    return this.addTrack(album, {
      name: song.title,
      durationMs: song.durationMs,
      malformedDuration: `${minutes}:${seconds}`,
      isrc: song.isrc,
      popularity: song.basePopularity,
      liveness: 0.1,
      truth: 'malformed',
      songIndex: song.index,
    });
  }

  studioAlbumName(): string {
    return this.uniqueTitle();
  }

  get artist(): string {
    return this.artistName;
  }

  get random(): Rng {
    return this.rng;
  }
}

/** Years the catalog spans, newest release a little before the reference date. */
function eraYears(refMs: number, count: number): number[] {
  const lastYear = new Date(refMs).getUTCFullYear() - 1;
  const firstYear = lastYear - Math.max(3, Math.min(35, count));
  return Array.from({ length: count }, (_, i) => Math.round(firstYear + ((lastYear - firstYear) * i) / Math.max(1, count - 1)));
}

/**
 * fake-small: 8 albums, ~80 tracks, hand-placed so every rule fires once:
 * two studio albums, the studio album "Live Through This", a single with a
 * remix, a remastered edition sharing ISRCs (incl. a no-ISRC pair), a live
 * album, a compilation (album_group album, more popular than the originals),
 * a studio album with a live bonus track, a live-feel track, a track without
 * features and a malformed track; plus one album item without id.
 */
function buildSmallCatalog(b: CatalogBuilder): void {
  const rng = b.random;
  const [y1, y2, y3, y4] = eraYears(b.refMs, 4) as [number, number, number, number];
  const NOF = 0; // fake-small places its no-features track explicitly

  const first = b.openAlbum({ name: b.studioAlbumName(), albumType: 'album', albumGroup: 'album', year: y1, truth: 'studio' });
  const firstSongs: Song[] = [];
  for (let i = 0; i < 12; i++) {
    const song =
      i === 4 ? b.newSong(y1, { title: 'Alive', lookalike: true }) : i === 9 ? b.newSong(y1, { noIsrc: true }) : b.newSong(y1);
    firstSongs.push(song);
    b.original(first, song, NOF);
  }

  const second = b.openAlbum({ name: b.studioAlbumName(), albumType: 'album', albumGroup: 'album', year: y2, truth: 'studio' });
  const secondSongs: Song[] = [];
  for (let i = 0; i < 11; i++) {
    const song = i === 2 ? b.newSong(y2, { title: 'Live Forever', lookalike: true }) : b.newSong(y2);
    secondSongs.push(song);
    b.original(second, song, NOF);
  }

  const third = b.openAlbum({ name: 'Live Through This', albumType: 'album', albumGroup: 'album', year: y3, truth: 'studio-lookalike' });
  const thirdSongs: Song[] = [];
  for (let i = 0; i < 10; i++) {
    const song = b.newSong(y3);
    thirdSongs.push(song);
    b.original(third, song, NOF);
  }

  const lead = secondSongs[0] as Song;
  const single = b.openAlbum({ name: lead.title, albumType: 'single', albumGroup: 'single', year: y2, truth: 'single' });
  b.reissue(single, lead, { year: y2, retitle: false, popularityHint: 'higher', noFeaturesShare: NOF });
  b.remix(single, lead, { template: '{title} - Radio Remix', year: y2, noFeaturesShare: NOF });

  const remaster = b.openAlbum({ name: `${first.name} (Remastered ${y4})`, albumType: 'album', albumGroup: 'album', year: y4, truth: 'edition' });
  firstSongs.forEach((song, i) =>
    b.reissue(remaster, song, { year: y4, retitle: i % 2 === 0, popularityHint: i % 3 === 0 ? 'higher' : 'lower', noFeaturesShare: NOF }),
  );

  const live = b.openAlbum({ name: 'Live in Tokyo', albumType: 'album', albumGroup: 'album', year: y3, truth: 'live' });
  rng.shuffle([...firstSongs, ...secondSongs]).slice(0, 10).forEach((song, i) =>
    b.live(live, song, { title: i === 3 ? b.liveTitle(song, '{title} (Live)', y3) : null, year: y3, truth: 'live-album' }),
  );

  const best = b.openAlbum({ name: 'Greatest Hits', albumType: 'compilation', albumGroup: 'album', year: y4, truth: 'compilation' });
  rng.shuffle([...firstSongs, ...secondSongs, ...thirdSongs]).slice(0, 10).forEach((song) =>
    b.reissue(best, song, { year: y4, retitle: false, truth: 'compilation', popularityHint: 'higher', noFeaturesShare: 0 }),
  );

  const fourth = b.openAlbum({ name: b.studioAlbumName(), albumType: 'album', albumGroup: 'album', year: y4, truth: 'studio' });
  for (let i = 0; i < 10; i++) {
    const song = i === 3 ? b.newSong(y4, { liveFeel: true }) : b.newSong(y4);
    b.addTrack(fourth, {
      name: song.title,
      durationMs: song.durationMs,
      isrc: song.isrc,
      popularity: song.basePopularity,
      // One studio track Spotify has no audio features for.
      liveness: i === 6 ? null : song.liveness,
      truth: song.truth,
      songIndex: song.index,
    });
  }
  b.malformedTrack(fourth, y4);
  b.live(fourth, secondSongs[5] as Song, { title: b.liveTitle(secondSongs[5] as Song, '{title} - Live at Madison Square Garden', y4), year: y4, truth: 'live-title' });

  b.openAlbum({ name: b.studioAlbumName(), albumType: 'album', albumGroup: 'album', year: y3, truth: 'malformed' }).totalTracks = 9;
}

/**
 * A catalog of exactly `albums` album items (~10 tracks per album) in which
 * every case of the studio-only rules occurs; fake-large is one instance.
 */
function buildGenericCatalog(
  b: CatalogBuilder,
  opts: { albums: number; malformedAlbums: number; malformedTracks: number; superDeluxe: boolean },
): void {
  const rng = b.random;
  const total = opts.albums;
  if (total === 0) return;
  const refMs = b.refMs;
  const NOF = 0.015;

  let editions = Math.round(total * 0.08);
  let singles = Math.round(total * 0.26);
  let lives = Math.round(total * 0.14);
  let compilations = Math.round(total * 0.1);
  let appearsOn = Math.round(total * 0.02);
  let malformedAlbums = Math.min(opts.malformedAlbums, total);
  let studio = total - editions - singles - lives - compilations - appearsOn - malformedAlbums;
  if (studio < 1) {
    // Tiny catalogs: studio albums first, the rest only if room remains.
    studio = Math.max(1, total - malformedAlbums);
    editions = singles = lives = compilations = appearsOn = 0;
    malformedAlbums = total - studio;
  }

  const years = eraYears(refMs, studio);
  const studioAlbums: Array<{ album: FakeAlbum; songs: Song[]; year: number }> = [];
  const allSongs: Song[] = [];
  const lookalikeSongs = [...LOOKALIKE_SONG_TITLES];
  // Lookalike album names at three spread positions (studio catalogs of 6+ albums).
  const lookalikeStep = Math.max(1, Math.floor((studio - 1) / 3));
  const lookalikeAt = new Map<number, string>(
    studio >= 6 ? LOOKALIKE_ALBUM_NAMES.map((name, j) => [1 + j * lookalikeStep, name] as [number, string]) : [],
  );
  const liveFeelCount = Math.min(studio, Math.max(1, Math.round(total * 0.04)));
  const liveFeelAt = new Set(Array.from({ length: liveFeelCount }, (_, j) => Math.floor(((j + 0.5) * studio) / liveFeelCount)));
  let boundaryPlaced = false;
  let malformedTracksLeft = opts.malformedTracks;

  for (let s = 0; s < studio; s++) {
    const year = years[s] as number;
    // Spread the lookalike album names over the discography.
    const lookalikeName = lookalikeAt.get(s);
    const album = b.openAlbum({
      name: lookalikeName ?? b.studioAlbumName(),
      albumType: 'album',
      albumGroup: 'album',
      year,
      truth: lookalikeName ? 'studio-lookalike' : 'studio',
    });
    const songs: Song[] = [];
    const count = rng.int(10, 13);
    for (let i = 0; i < count; i++) {
      let song: Song;
      if (lookalikeSongs.length > 0 && i === 2 + (s % 5)) {
        song = b.newSong(year, { title: lookalikeSongs.shift() as string, lookalike: true });
      } else if (liveFeelAt.has(s) && i === count - 1) {
        song = b.newSong(year, { liveFeel: true });
      } else if (!boundaryPlaced && s === Math.floor(studio / 2) && i === 1) {
        // liveness exactly 0.8 is NOT "> 0.8": a studio track that must be kept.
        boundaryPlaced = true;
        song = b.newSong(year, { liveness: 0.8 });
      } else {
        song = b.newSong(year, { noIsrc: rng.chance(0.035) });
      }
      songs.push(song);
      allSongs.push(song);
      b.original(album, song, NOF);
    }
    if (malformedTracksLeft > 0 && s % 7 === 3) {
      malformedTracksLeft -= 1;
      b.malformedTrack(album, year);
    }
    studioAlbums.push({ album, songs, year });
  }
  // Malformed tracks not placed yet (small catalogs) go on the last studio albums.
  for (let s = studioAlbums.length - 1; malformedTracksLeft > 0 && s >= 0; s--, malformedTracksLeft--) {
    const entry = studioAlbums[s] as (typeof studioAlbums)[number];
    b.malformedTrack(entry.album, entry.year);
  }

  const hits = allSongs.filter((s) => s.truth !== 'live-feel').sort((x, y) => y.basePopularity - x.basePopularity || x.index - y.index);
  const laterYear = (year: number, add: number): number => Math.min(new Date(refMs).getUTCFullYear(), year + add);
  // Cycle through every naming variant before repeating any.
  const liveTemplates = [...LIVE_TRACK_TEMPLATES];
  const nextLiveTemplate = (): string => liveTemplates.shift() ?? rng.pick(LIVE_TRACK_TEMPLATES);
  const remixTemplates = [...REMIX_TEMPLATES];
  const nextRemixTemplate = (): string => remixTemplates.shift() ?? rng.pick(REMIX_TEMPLATES);

  // Editions: re-issues of studio albums, ISRCs shared with the originals.
  let caseVariantPlaced = false;
  const editionBases = rng.shuffle(studioAlbums).slice(0, editions);
  // At least one plain edition re-issues a song without ISRC (title + duration duplicate).
  const hasNoIsrc = (e: (typeof studioAlbums)[number]): boolean => e.songs.some((s) => !s.isrc);
  const firstPlain = opts.superDeluxe ? 1 : 0;
  if (editionBases.length > firstPlain && !editionBases.slice(firstPlain).some(hasNoIsrc)) {
    const candidate = studioAlbums.find((e) => hasNoIsrc(e) && !editionBases.includes(e));
    if (candidate) editionBases[editionBases.length - 1] = candidate;
  }
  editionBases.forEach((base, e) => {
    const year = laterYear(base.year, rng.int(5, 20));
    const superDeluxe = opts.superDeluxe && e === 0;
    const name = superDeluxe
      ? `${base.album.name} (Super Deluxe Edition)`
      : rng.pick(EDITION_TEMPLATES).replace('{album}', base.album.name).replace('{year}', String(year));
    const album = b.openAlbum({ name, albumType: 'album', albumGroup: 'album', year, truth: 'edition' });
    for (const [i, song] of base.songs.entries()) {
      const caseVariant = !song.isrc && !caseVariantPlaced;
      if (caseVariant) caseVariantPlaced = true;
      b.reissue(album, song, {
        year,
        retitle: rng.chance(0.6),
        popularityHint: i % 3 === 0 ? 'higher' : 'lower',
        noFeaturesShare: NOF,
        caseVariant,
      });
    }
    if (superDeluxe) {
      // Disc 2: outtakes; disc 3: live; disc 4: remixes — over 50 tracks, so album tracks must be paged.
      for (let i = 0; i < 20; i++) {
        const song = b.newSong(year);
        allSongs.push(song);
        b.original(album, song, NOF, 2);
      }
      for (const song of base.songs) {
        b.live(album, song, { title: b.liveTitle(song, '{title} - Live at Madison Square Garden', base.year + 1), year, truth: 'live-title', disc: 3 });
      }
      for (const song of base.songs.slice(0, 10)) {
        b.remix(album, song, { template: nextRemixTemplate(), year, noFeaturesShare: NOF, disc: 4 });
      }
      return;
    }
    const bonusSong = b.newSong(year);
    allSongs.push(bonusSong);
    b.original(album, bonusSong, NOF);
    const liveSong = rng.pick(base.songs);
    b.live(album, liveSong, { title: b.liveTitle(liveSong, nextLiveTemplate(), year), year, truth: 'live-title' });
    if (rng.chance(0.5)) b.remix(album, rng.pick(base.songs), { template: nextRemixTemplate(), year, noFeaturesShare: NOF });
  });

  // Singles: the lead shares the album version's ISRC; b-sides are remixes, live cuts or new songs.
  let sameTitleEditPlaced = false;
  const noIsrcSong = allSongs.find((s) => !s.isrc && s.truth === 'studio');
  for (let i = 0; i < singles; i++) {
    // Single #3 is the no-ISRC song (if any), so the same-title edit below always occurs.
    const song = i === 3 && noIsrcSong ? noIsrcSong : (hits[i % Math.max(1, hits.length)] as Song);
    const year = new Date(refMs).getUTCFullYear() - 1 - Math.floor((singles - i) / 4);
    if (i % 11 === 7) {
      // A live single: "X (Live)" as the single's own name.
      const album = b.openAlbum({ name: `${song.title} (Live)`, albumType: 'single', albumGroup: 'single', year, truth: 'live' });
      b.live(album, song, { title: b.liveTitle(song, '{title} (Live)', year), year, truth: 'live-album' });
      continue;
    }
    const album = b.openAlbum({ name: song.title, albumType: 'single', albumGroup: 'single', year, truth: 'single' });
    b.reissue(album, song, { year, retitle: false, popularityHint: i % 2 === 0 ? 'higher' : 'lower', noFeaturesShare: NOF });
    const roll = rng.next();
    if (roll < 0.45) b.remix(album, song, { template: nextRemixTemplate(), year, noFeaturesShare: NOF });
    else if (roll < 0.65) {
      const other = rng.pick(hits.slice(0, 40));
      b.live(album, other, { title: b.liveTitle(other, nextLiveTemplate(), year), year, truth: 'live-title' });
    } else if (roll < 0.85) {
      const bSide = b.newSong(year, { noIsrc: rng.chance(0.1) });
      allSongs.push(bSide);
      b.original(album, bSide, NOF);
    }
    if (!song.isrc && !sameTitleEditPlaced) {
      // Same title, no ISRC, clearly different length: a different recording, both kept.
      sameTitleEditPlaced = true;
      b.addTrack(album, {
        name: song.title,
        durationMs: song.durationMs - 41_000,
        isrc: null,
        popularity: rng.int(5, 40),
        liveness: 0.12,
        truth: 'studio',
        songIndex: song.index,
      });
    }
  }

  // Live albums: every naming variant, plain or live-marked titles, own ISRCs.
  const liveNames = [...LIVE_ALBUM_NAMES];
  for (let i = 0; i < lives; i++) {
    const base = studioAlbums[i % studioAlbums.length] as (typeof studioAlbums)[number];
    const year = laterYear(base.year, rng.int(0, 3));
    const template = liveNames.shift() ?? rng.pick(LIVE_ALBUM_NAMES);
    const name = template.replace('{year}', String(year)).replace('{album}', base.album.name);
    const album = b.openAlbum({ name, albumType: 'album', albumGroup: 'album', year, truth: 'live' });
    const pool = rng.shuffle(allSongs.filter((s) => s.index <= (base.songs[base.songs.length - 1] as Song).index));
    const count = Math.min(pool.length, rng.int(10, 16));
    for (const song of pool.slice(0, count)) {
      const title = rng.chance(0.35) ? b.liveTitle(song, nextLiveTemplate(), year) : null;
      b.live(album, song, { title, year, truth: 'live-album' });
    }
  }

  // Compilations: album_type compilation, mostly listed under album_group "album";
  // hits re-used with the original ISRCs, often MORE popular than the original.
  const compNames = [...COMPILATION_NAMES];
  for (let i = 0; i < compilations; i++) {
    const year = new Date(refMs).getUTCFullYear() - rng.int(1, 12);
    const name = (compNames.shift() ?? rng.pick(COMPILATION_NAMES))
      .replace('{artist}', b.artist)
      .replace('{year}', `${year - 10}–${year}`)
      .replace('{n}', String(i + 1));
    const album = b.openAlbum({ name, albumType: 'compilation', albumGroup: i % 3 === 2 ? 'compilation' : 'album', year, truth: 'compilation' });
    const picks = rng.shuffle(hits.slice(0, Math.max(20, Math.floor(hits.length / 3)))).slice(0, rng.int(12, 18));
    for (const song of picks) {
      b.reissue(album, song, { year, retitle: rng.chance(0.3), truth: 'compilation', popularityHint: rng.chance(0.6) ? 'higher' : 'any', noFeaturesShare: 0 });
    }
  }

  for (let i = 0; i < appearsOn; i++) {
    const year = new Date(refMs).getUTCFullYear() - rng.int(1, 15);
    const name = rng.pick(APPEARS_ON_NAMES).replace('{year}', String(year)).replace('{n}', String(rng.int(10, 99)));
    const album = b.openAlbum({ name, albumType: 'compilation', albumGroup: 'appears_on', year, truth: 'appears-on' });
    b.reissue(album, rng.pick(hits.slice(0, 30)), { year, retitle: false, truth: 'appears-on', popularityHint: 'any', noFeaturesShare: 0 });
  }

  for (let i = 0; i < malformedAlbums; i++) {
    const album = b.openAlbum({ name: b.studioAlbumName(), albumType: 'album', albumGroup: 'album', year: years[0] ?? 2000, truth: 'malformed' });
    album.totalTracks = rng.int(8, 12);
  }
}

// -------------------------------------------------------------- setlists

function setlistDate(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCDate()).padStart(2, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${d.getUTCFullYear()}`;
}

function buildSetlists(rng: Rng, plan: ArtistPlan, events: FakeEvent[], tracks: FakeTrack[]): FakeSetlist[] {
  if (!plan.setlistfm) return [];
  const past = events.filter((e) => e.truth === 'valid' && !e.upcoming && e.statusCode !== 'cancelled');
  const wanted = Math.min(past.length, plan.setlistfm.setlists + plan.setlistfm.malformed);
  const chosen = rng
    .shuffle(past)
    .slice(0, wanted)
    .sort((a, b) => b.startMs - a.startMs || a.ordinal - b.ordinal);
  const studioTitles = [...new Set(tracks.filter((t) => t.truth === 'studio' || t.truth === 'studio-lookalike').map((t) => t.name))];
  const songPool = studioTitles.length > 0 ? studioTitles : Array.from({ length: 30 }, () => `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`);
  const malformedAt = new Set(rng.shuffle(chosen.map((_, i) => i)).slice(0, plan.setlistfm.malformed));
  const ids = new Set<string>();
  return chosen.map((event, i) => {
    let id = '';
    do id = rng.hex(8);
    while (ids.has(id));
    ids.add(id);
    const picks = rng.shuffle(songPool).slice(0, Math.min(songPool.length, rng.int(12, 20)));
    const encoreSize = Math.min(picks.length > 4 ? rng.int(1, 3) : 0, picks.length);
    const main = picks.slice(0, picks.length - encoreSize);
    const encore = picks.slice(picks.length - encoreSize);
    const sets: FakeSetlist['sets'] = [{ songs: main }];
    if (encore.length > 0) sets.push({ encore: 1, songs: encore });
    return {
      id: malformedAt.has(i) ? null : id,
      truth: malformedAt.has(i) ? 'malformed-no-id' : 'valid',
      versionId: `g${rng.hex(7)}`,
      eventDate: setlistDate(Date.parse(`${event.localDate}T00:00:00Z`)),
      lastUpdated: `${new Date(event.startMs + rng.int(1, 20) * DAY_MS).toISOString().slice(0, 19)}.000+0000`,
      venueId: event.venueId,
      tour: event.name && event.name.includes(' - ') ? (event.name.split(' - ')[1] ?? null) : null,
      sets,
    };
  });
}

// -------------------------------------------------------------- artists

function tmImages(rng: Rng): FakeImage[] {
  const folder = rng.hex(3);
  const uuid = rng.uuid();
  return [
    { ratio: '16_9', width: 640, height: 360, suffix: 'RETINA_PORTRAIT_16_9' },
    { ratio: '16_9', width: 1024, height: 576, suffix: 'RETINA_LANDSCAPE_16_9' },
    { ratio: '3_2', width: 640, height: 427, suffix: 'RETINA_PORTRAIT_3_2' },
    { ratio: '4_3', width: 305, height: 225, suffix: 'CUSTOM' },
  ].map((i) => ({ url: `https://s1.ticketm.net/dam/a/${folder}/${uuid}_${i.suffix}.jpg`, width: i.width, height: i.height, ratio: i.ratio }));
}

function spotifyProfile(rng: Rng, name: string, popularity: number, followers: number, genre: string): FakeSpotifyProfile {
  const hash = rng.hex(24);
  return {
    id: rng.spotifyId(),
    name,
    popularity,
    followers,
    genres: [genre.toLowerCase(), `${rng.pick(['modern', 'indie', 'classic', 'nordic'])} ${genre.toLowerCase()}`],
    images: [640, 320, 160].map((size) => ({
      url: `https://i.scdn.co/image/ab6761610000${size === 640 ? 'e5eb' : size === 320 ? '5174' : 'f178'}${hash}`,
      width: size,
      height: size,
      ratio: '1_1',
    })),
  };
}

function setlistArtist(rng: Rng, name: string, disambiguation = ''): FakeSetlistArtist {
  const sortName = name.startsWith('The ') ? `${name.slice(4)}, The` : name;
  return { mbid: rng.uuid(), name, sortName, disambiguation };
}

/** Generates one artist; null when the id is neither a fixture nor a valid generated id. */
export function generateArtist(attractionId: string, opts: { seed: number; referenceDate: Date }): FakeArtist | null {
  const plan = (FIXTURE_IDS as readonly string[]).includes(attractionId) ? fixturePlan(attractionId as FixtureId) : generatedPlan(attractionId);
  if (!plan) return null;
  const ref = startOfUtcDay(opts.referenceDate);
  const refMs = ref.getTime();
  const label = `${opts.seed}|${plan.attractionId}`;
  // Independent streams: changing one part of a plan never shifts the others.
  const idRng = new Rng(`${label}|identity`);
  const eventRng = new Rng(`${label}|events`);
  const catalogRng = new Rng(`${label}|catalog`);
  const setlistRng = new Rng(`${label}|setlists`);

  const genre = idRng.pick(GENRES);
  const spotify = plan.spotify ? spotifyProfile(idRng, plan.name, plan.spotify.popularity, plan.spotify.followers, genre) : null;
  const spotifyDecoys = plan.spotifyDecoys.map((n, i) => spotifyProfile(idRng, n, 10 + i * 7, 1200 + i * 900, genre));
  const setlistfm = plan.setlistfm ? setlistArtist(idRng, plan.name) : null;
  const setlistDecoys = plan.setlistDecoys.map((n) => setlistArtist(idRng, n, 'tribute band'));
  const images = tmImages(idRng);

  const venues = buildVenues(eventRng, plan.venues);
  const events = buildEvents(eventRng, plan, venues, refMs);

  const builder = new CatalogBuilder(catalogRng, plan.name, refMs);
  if (plan.spotify) {
    if (plan.spotify.catalog === 'small') buildSmallCatalog(builder);
    else buildGenericCatalog(builder, plan.spotify.catalog);
  }
  const setlists = buildSetlists(setlistRng, plan, events, builder.tracks);

  return {
    attractionId: plan.attractionId,
    name: plan.name,
    genre,
    url: `https://www.ticketmaster.com/${slugify(plan.name)}-tickets/artist/${idRng.int(100000, 9999999)}`,
    images,
    spotify,
    spotifyLinked: plan.spotify?.linked ?? false,
    spotifyDecoys,
    setlistfm,
    setlistDecoys,
    venues,
    venueById: new Map(venues.map((v) => [v.id, v])),
    events,
    albums: builder.albums,
    tracks: builder.tracks,
    trackById: new Map(builder.tracks.map((t) => [t.id, t])),
    setlists,
    referenceDate: ref.toISOString(),
    seed: opts.seed,
  };
}

// ------------------------------------------------------------ expectation

export interface ExpectedImport {
  attractionId: string;
  name: string;
  seed: number;
  referenceDate: string;
  audioFeatures: AudioFeaturesMode;
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
    /** Studio-titled tracks with liveness > 0.8: dropped when features are available. */
    liveFeelTrackIds: string[];
    /** Counts of every label among the tracks of listed albums. */
    trackLabelCounts: Partial<Record<TrackTruth, number>>;
    malformed: { albums: number; tracks: number };
  };
  setlistfm: {
    mbid: string | null;
    setlistIds: string[];
    totalSetlists: number;
    malformedSetlists: number;
  };
  /** Malformed items per source a client must skip and count. */
  malformed: { ticketmaster: number; spotify: number; setlistfm: number };
}

const LISTED_GROUPS = new Set<FakeAlbum['albumGroup']>(['album', 'single']);
const STUDIO_ALBUM_TRUTHS = new Set<AlbumTruth>(['studio', 'studio-lookalike', 'edition', 'single']);

export function computeExpectedImport(artist: FakeArtist, audioFeatures: AudioFeaturesMode): ExpectedImport {
  const valid = artist.events.filter((e) => e.truth === 'valid');
  const ids = (events: FakeEvent[]): string[] => events.map((e) => e.id as string).sort();
  const malformedEvents = artist.events.length - valid.length;

  const listed = artist.albums.filter((a) => LISTED_GROUPS.has(a.albumGroup));
  const listedIds = new Set(listed.filter((a) => a.id !== null).map((a) => a.id as string));
  const listedTracks = artist.tracks.filter((t) => listedIds.has(t.albumId));
  const keptTruths = KEPT_TRACK_TRUTHS[audioFeatures];
  // Label filter first (rules 1–3), then one winner per dedupe key (rule 4).
  const best = new Map<string, FakeTrack>();
  for (const t of listedTracks) {
    if (!keptTruths.has(t.truth)) continue;
    const key = dedupeKey(t);
    const current = best.get(key);
    if (!current || t.popularity > current.popularity) best.set(key, t);
  }
  const kept = [...best.values()];
  const labelCounts: Partial<Record<TrackTruth, number>> = {};
  for (const t of listedTracks) labelCounts[t.truth] = (labelCounts[t.truth] ?? 0) + 1;
  const hasSpotify = artist.spotify !== null && artist.spotify !== undefined;
  const malformedAlbums = listed.filter((a) => a.truth === 'malformed').length;
  const malformedTracks = listedTracks.filter((t) => t.truth === 'malformed').length;
  const validSetlists = artist.setlists.filter((s) => s.truth === 'valid');
  const malformedSetlists = artist.setlists.length - validSetlists.length;

  return {
    attractionId: artist.attractionId,
    name: artist.name,
    seed: artist.seed,
    referenceDate: artist.referenceDate,
    audioFeatures,
    ticketmaster: {
      totalElements: artist.events.length,
      eventIds: ids(valid),
      upcomingEventIds: ids(valid.filter((e) => e.upcoming)),
      pastEventIds: ids(valid.filter((e) => !e.upcoming)),
      dateOnlyEventIds: ids(valid.filter((e) => e.dateTime === null)),
      cancelledEventIds: ids(valid.filter((e) => e.statusCode === 'cancelled')),
      venueIds: [...new Set(valid.map((e) => e.venueId))].sort(),
      malformedEvents,
    },
    spotify: {
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
      liveFeelTrackIds: listedTracks.filter((t) => t.truth === 'live-feel').map((t) => t.id).sort(),
      trackLabelCounts: labelCounts,
      malformed: { albums: malformedAlbums, tracks: malformedTracks },
    },
    setlistfm: {
      mbid: artist.setlistfm?.mbid ?? null,
      setlistIds: validSetlists.map((s) => s.id as string).sort(),
      totalSetlists: artist.setlists.length,
      malformedSetlists,
    },
    malformed: { ticketmaster: malformedEvents, spotify: malformedAlbums + malformedTracks, setlistfm: malformedSetlists },
  };
}

// ---------------------------------------------------------------- catalog

export interface CatalogOptions {
  seed?: number;
  /** Truncated to 00:00 UTC; default: today. */
  referenceDate?: Date;
}

export interface SpotifyArtistEntry {
  profile: FakeSpotifyProfile;
  /** The artist this profile belongs to; null for a decoy (a different artist with a similar name). */
  artist: FakeArtist | null;
}

export interface SetlistArtistEntry {
  profile: FakeSetlistArtist;
  artist: FakeArtist | null;
}

/**
 * Artists of one seed and reference date, with the indexes the fake servers
 * look ids up in. Fixtures are generated eagerly; `gen-…` artists on first use.
 */
export class FakeCatalog {
  readonly seed: number;
  readonly referenceDate: Date;
  private readonly artists = new Map<string, FakeArtist>();
  private readonly spotifyArtists = new Map<string, SpotifyArtistEntry>();
  private readonly albums = new Map<string, { artist: FakeArtist; album: FakeAlbum }>();
  private readonly tracks = new Map<string, { artist: FakeArtist; track: FakeTrack }>();
  private readonly setlistArtists = new Map<string, SetlistArtistEntry>();
  private readonly expectations = new Map<string, ExpectedImport>();

  constructor(opts: CatalogOptions = {}) {
    this.seed = opts.seed ?? DEFAULT_SEED;
    this.referenceDate = startOfUtcDay(opts.referenceDate ?? new Date());
    for (const id of FIXTURE_IDS) this.artist(id);
  }

  /** The artist of a Ticketmaster attraction id, generating `gen-…` ids on demand. */
  artist(attractionId: string): FakeArtist | null {
    const cached = this.artists.get(attractionId);
    if (cached) return cached;
    const artist = generateArtist(attractionId, { seed: this.seed, referenceDate: this.referenceDate });
    if (!artist) return null;
    this.index(artist);
    return artist;
  }

  private index(artist: FakeArtist): void {
    this.artists.set(artist.attractionId, artist);
    if (artist.spotify) this.spotifyArtists.set(artist.spotify.id, { profile: artist.spotify, artist });
    for (const d of artist.spotifyDecoys) this.spotifyArtists.set(d.id, { profile: d, artist: null });
    if (artist.setlistfm) this.setlistArtists.set(artist.setlistfm.mbid, { profile: artist.setlistfm, artist });
    for (const d of artist.setlistDecoys) this.setlistArtists.set(d.mbid, { profile: d, artist: null });
    for (const album of artist.albums) if (album.id) this.albums.set(album.id, { artist, album });
    for (const track of artist.tracks) this.tracks.set(track.id, { artist, track });
  }

  /** Artists generated so far (fixtures first). */
  list(): FakeArtist[] {
    return [...this.artists.values()];
  }

  expected(attractionId: string, audioFeatures: AudioFeaturesMode): ExpectedImport | null {
    const key = `${attractionId}|${audioFeatures}`;
    const cached = this.expectations.get(key);
    if (cached) return cached;
    const artist = this.artist(attractionId);
    if (!artist) return null;
    const expected = computeExpectedImport(artist, audioFeatures);
    this.expectations.set(key, expected);
    return expected;
  }

  /** Attractions whose name contains every word of the keyword (case-insensitive). */
  searchAttractions(keyword: string): FakeArtist[] {
    const genId = generatedIdIn(keyword);
    if (genId) {
      const a = this.artist(genId);
      return a ? [a] : [];
    }
    const words = keyword.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    return FIXTURE_IDS.map((id) => this.artist(id) as FakeArtist).filter((a) => words.every((w) => a.name.toLowerCase().includes(w)));
  }

  spotifyArtist(id: string): SpotifyArtistEntry | null {
    return this.spotifyArtists.get(id) ?? null;
  }

  /** Spotify artists matching a search query; exact name matches first. */
  searchSpotifyArtists(query: string): FakeSpotifyProfile[] {
    // Spotify's field filter syntax: artist:"Name" searches the name only.
    const q = query.replace(/\bartist:/gi, '').replace(/"/g, '').trim().toLowerCase();
    const genId = generatedIdIn(q);
    if (genId) this.artist(genId);
    const words = q.split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    const matches = [...this.spotifyArtists.values()]
      .map((e) => e.profile)
      .filter((p) => words.every((w) => p.name.toLowerCase().includes(w)));
    return matches.sort((a, b) => Number(b.name.toLowerCase() === q) - Number(a.name.toLowerCase() === q) || b.popularity - a.popularity || a.id.localeCompare(b.id));
  }

  album(id: string): { artist: FakeArtist; album: FakeAlbum } | null {
    return this.albums.get(id) ?? null;
  }

  track(id: string): { artist: FakeArtist; track: FakeTrack } | null {
    return this.tracks.get(id) ?? null;
  }

  setlistArtist(mbid: string): SetlistArtistEntry | null {
    return this.setlistArtists.get(mbid) ?? null;
  }

  /** setlist.fm artist search: names containing the query, exact matches first. */
  searchSetlistArtists(name: string): FakeSetlistArtist[] {
    const q = name.trim().toLowerCase();
    const genId = generatedIdIn(q);
    if (genId) this.artist(genId);
    if (q === '') return [];
    const matches = [...this.setlistArtists.values()].map((e) => e.profile).filter((p) => p.name.toLowerCase().includes(q));
    return matches.sort((a, b) => Number(b.name.toLowerCase() === q) - Number(a.name.toLowerCase() === q) || a.name.localeCompare(b.name));
  }
}

const catalogCache = new Map<string, FakeCatalog>();

/** A shared catalog per (seed, reference day): generation happens once per process. */
export function getCatalog(opts: CatalogOptions = {}): FakeCatalog {
  const seed = opts.seed ?? DEFAULT_SEED;
  const ref = startOfUtcDay(opts.referenceDate ?? new Date());
  const key = `${seed}|${ref.toISOString()}`;
  let catalog = catalogCache.get(key);
  if (!catalog) {
    catalog = new FakeCatalog({ seed, referenceDate: ref });
    catalogCache.set(key, catalog);
  }
  return catalog;
}

/**
 * Ground truth for importing `attractionId` from the fake providers started
 * with the same seed and reference date (defaults: DEFAULT_SEED, today).
 * Throws for an unknown attraction id.
 */
export function expectedImport(
  attractionId: string,
  opts: { audioFeatures: AudioFeaturesMode; seed?: number; referenceDate?: Date },
): ExpectedImport {
  const expected = getCatalog(opts).expected(attractionId, opts.audioFeatures);
  if (!expected) throw new Error(`expectedImport: unknown fake attraction "${attractionId}"`);
  return expected;
}
