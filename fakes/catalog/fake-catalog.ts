// The catalog the fake servers read from: the artists of one seed and
// reference day, with the indexes the provider routes look ids up in
// (Spotify artist, album, track, setlist.fm mbid) and the name searches each
// provider offers. Fixtures are generated eagerly; `gen-…` artists on first use.

import { generateArtist } from './artist';
import { DEFAULT_SEED, FIXTURE_IDS, generatedIdIn } from './plans';
import { startOfUtcDay } from './time';
import type { FakeAlbum, FakeArtist, FakeSetlistArtist, FakeSpotifyProfile, FakeTrack } from './types';

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

