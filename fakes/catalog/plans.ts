// Plans: how big each artist is and which special cases it carries. The four
// fixtures are fixed; any `gen-<seed>-e<events>-a<albums>` id gets a plan scaled
// from its numbers. The builders (events.ts, the *-catalog.ts files,
// setlists.ts) turn a plan into data; nothing here draws random numbers.

import { clamp } from '../random';

export const DEFAULT_SEED = 1;

/** Fixed fixtures; any `gen-<seed>-e<events>-a<albums>` id is generated on demand as well. */
export const FIXTURE_IDS = ['fake-small', 'fake-large', 'fake-nospotify', 'fake-nolink'] as const;
export type FixtureId = (typeof FIXTURE_IDS)[number];

export const GENERATED_ID_PATTERN = /^gen-(\d{1,9})-e(\d{1,6})-a(\d{1,5})$/;
/** Upper bounds for generated artists, so a typo cannot make the server allocate gigabytes. */
export const GENERATED_LIMITS = { events: 50_000, albums: 2_000 } as const;

/** Generated catalogs of at least this many album items carry the dedupe hard cases. */
export const HARD_CASES_FROM_ALBUMS = 50;

/** Albums, malformed items and the super-deluxe box of a generated Spotify catalog. */
export interface GenericCatalogPlan {
  albums: number;
  malformedAlbums: number;
  malformedTracks: number;
  superDeluxe: boolean;
  /** Whether four of the album items are the dedupe hard cases (catalog/hard-cases.ts). */
  hardCases: boolean;
}

export interface ArtistPlan {
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
    catalog: 'small' | GenericCatalogPlan;
    popularity: number;
    followers: number;
  };
  spotifyDecoys: string[];
  /** Setlists of past Ticketmaster shows, malformed ones, and setlists of shows Ticketmaster never listed. */
  setlistfm: null | { setlists: number; malformed: number; unlisted?: number };
  setlistDecoys: string[];
}

const FIXTURE_PLANS: Record<FixtureId, ArtistPlan> = {
  'fake-small': {
    attractionId: 'fake-small',
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
  },
  'fake-large': {
    attractionId: 'fake-large',
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
      catalog: { albums: 300, malformedAlbums: 2, malformedTracks: 3, superDeluxe: true, hardCases: true },
      popularity: 81,
      followers: 6_412_377,
    },
    spotifyDecoys: ['Atlas Parade Karaoke', 'The Atlas Paraders'],
    setlistfm: { setlists: 120, malformed: 1, unlisted: 4 },
    setlistDecoys: ['Atlas Parade Experience'],
  },
  'fake-nospotify': {
    attractionId: 'fake-nospotify',
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
  },
  'fake-nolink': {
    attractionId: 'fake-nolink',
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
      catalog: { albums: 12, malformedAlbums: 0, malformedTracks: 0, superDeluxe: false, hardCases: false },
      popularity: 39,
      followers: 9_870,
    },
    spotifyDecoys: ['Glass Meridian Quartet'],
    setlistfm: { setlists: 4, malformed: 0 },
    setlistDecoys: [],
  },
};

/** The plan of a fixture or generated id; null when the id is neither. */
export function planFor(attractionId: string): ArtistPlan | null {
  return (FIXTURE_IDS as readonly string[]).includes(attractionId) ? FIXTURE_PLANS[attractionId as FixtureId] : generatedPlan(attractionId);
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
        hardCases: albums >= HARD_CASES_FROM_ALBUMS,
      },
      popularity: 55,
      followers: 100_000 + events * 10,
    },
    spotifyDecoys: [],
    setlistfm: {
      setlists: Math.min(60, Math.max(2, Math.floor(events / 30))),
      malformed: events >= 100 ? 1 : 0,
      unlisted: events >= 300 ? 2 : 0,
    },
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
