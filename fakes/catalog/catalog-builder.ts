// The Spotify catalog builder: songs (the compositions), albums, and the
// tracks that record a song on an album — originals, re-issues sharing the
// master's ISRC, live recordings, remixes and malformed items — each with its
// truth label. The catalog shapes (small-catalog.ts, generic-catalog.ts) call
// it in a fixed order, so the same seed always yields the same catalog.

import { type Rng, clamp } from '../random';
import { ADJECTIVES, NOUNS, REMASTER_TEMPLATES } from '../vocabulary';
import { CatalogNames } from './names';
import { PopularityLedger } from './popularity';
import { DAY_MS, isoDay } from './time';
import type { AlbumTruth, FakeAlbum, FakeImage, FakeTrack, HardCase, TrackTruth } from './types';

/** A song: one composition and its studio master, which originals and re-issues record. */
export interface Song {
  index: number;
  title: string;
  durationMs: number;
  isrc: string | null;
  basePopularity: number;
  liveness: number;
  /** Exact liveness with no jitter on re-issues (the 0.8 boundary song). */
  fixedLiveness: boolean;
  truth: 'studio' | 'studio-lookalike' | 'live-feel';
  /** The master recording every original and re-issue of the song carries. */
  recording: string;
}

/** Everything addTrack needs to place one track on an album. */
export interface TrackSpec {
  name: string;
  durationMs: number;
  isrc: string | null;
  popularity: number;
  liveness: number | null;
  truth: TrackTruth;
  songIndex: number;
  /** The recording the track carries (see FakeTrack.recording). */
  recording: string;
  hardCase?: HardCase;
  malformedDuration?: string;
  disc?: number;
  /** Where to look for a free popularity value when `popularity` is taken by another version of the recording. */
  popularityDirection?: 'up' | 'down';
  /** Take `popularity` as it is even when another version holds it (a deliberate tie). */
  exactPopularity?: boolean;
  /** Draw an id that sorts before this one (code points), when the hard case needs that order. */
  idBelow?: string;
}

export class CatalogBuilder {
  readonly albums: FakeAlbum[] = [];
  readonly tracks: FakeTrack[] = [];
  readonly songs: Song[] = [];
  private readonly names: CatalogNames;
  private readonly popularity = new PopularityLedger();
  private readonly ids = new Set<string>();
  /** Tracks per disc so far, per album id: next track_number. */
  private readonly discCounts = new Map<string, Map<number, number>>();
  private readonly registrant: string;
  private readonly country: string;
  private isrcSeq = 0;
  private recordingSeq = 0;

  constructor(
    private readonly rng: Rng,
    private readonly artistName: string,
    readonly refMs: number,
  ) {
    this.names = new CatalogNames(rng);
    this.registrant = rng.upperAlnum(3);
    this.country = rng.pick(['US', 'GB', 'SE', 'DE', 'CA']);
  }

  /** A new Spotify id; with `below`, one that sorts before it if a few draws find one. */
  private freshId(below?: string): string {
    let id = '';
    let attempts = 0;
    do id = this.rng.spotifyId();
    while (this.ids.has(id) || (below !== undefined && id >= below && ++attempts < 1000));
    this.ids.add(id);
    return id;
  }

  /** A recording no track carries yet (live takes, remixes, edits, new songs). */
  newRecording(): string {
    this.recordingSeq += 1;
    return `rec-${this.recordingSeq}`;
  }

  private isrc(year: number): string {
    this.isrcSeq += 1;
    return `${this.country}${this.registrant}${String(year % 100).padStart(2, '0')}${String(this.isrcSeq).padStart(5, '0')}`;
  }

  newSong(
    year: number,
    opts: { title?: string; lookalike?: boolean; noIsrc?: boolean; liveFeel?: boolean; liveness?: number } = {},
  ): Song {
    const title = opts.title ?? this.names.uniqueTitle();
    this.names.takeTitle(title);
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
      recording: this.newRecording(),
    };
    this.songs.push(song);
    return song;
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
      name: this.names.uniqueAlbumName(a.name),
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
    const disc = spec.disc ?? 1;
    let discs = this.discCounts.get(album.id);
    if (!discs) {
      discs = new Map();
      this.discCounts.set(album.id, discs);
    }
    const onDisc = discs.get(disc) ?? 0;
    discs.set(disc, onDisc + 1);
    const track: FakeTrack = {
      id: this.freshId(spec.idBelow),
      albumId: album.id,
      name: spec.name,
      durationMs: spec.durationMs,
      malformedDuration: spec.malformedDuration ?? null,
      discNumber: disc,
      trackNumber: onDisc + 1,
      popularity: spec.exactPopularity
        ? this.popularity.claim(spec.recording, spec.popularity)
        : this.popularity.distinct(spec.recording, spec.popularity, spec.popularityDirection ?? 'up'),
      isrc: spec.isrc,
      liveness: spec.liveness,
      explicit: this.rng.chance(0.08),
      truth: spec.truth,
      songIndex: spec.songIndex,
      recording: spec.recording,
      hardCase: spec.hardCase ?? null,
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
      recording: song.recording,
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
    const max = this.popularity.groupMax(song.recording);
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
      recording: song.recording,
      disc: o.disc,
    });
  }

  /**
   * A version of `song` placed by hand (the hard cases): title, duration and
   * popularity as given, the song's master recording unless another is named,
   * liveness as any studio version of the song.
   */
  version(
    album: FakeAlbum,
    song: Song,
    v: {
      name: string;
      durationMs: number;
      popularity: number;
      hardCase: HardCase;
      recording?: string;
      popularityDirection?: 'up' | 'down';
      exactPopularity?: boolean;
      idBelow?: string;
    },
  ): FakeTrack {
    return this.addTrack(album, {
      name: v.name,
      durationMs: v.durationMs,
      isrc: song.isrc,
      popularity: v.popularity,
      popularityDirection: v.popularityDirection,
      exactPopularity: v.exactPopularity,
      idBelow: v.idBelow,
      liveness: this.studioLiveness(song, 0),
      truth: song.truth,
      songIndex: song.index,
      recording: v.recording ?? song.recording,
      hardCase: v.hardCase,
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
      recording: this.newRecording(),
      disc: o.disc,
    });
  }

  liveTitle(song: Song, template: string, year: number): string {
    return template.replace('{title}', song.title).replace('{year}', String(year));
  }

  remix(album: FakeAlbum, song: Song, o: { template: string; year: number; noFeaturesShare: number; disc?: number }): FakeTrack {
    // Remix titles stay unique, so two kept remixes never share a title.
    let name = o.template.replace('{title}', song.title).replace('{adj}', this.rng.pick(ADJECTIVES));
    while (this.names.isTitleTaken(name)) name = `${song.title} (${this.rng.pick(ADJECTIVES)} ${this.rng.pick(NOUNS)} Remix)`;
    this.names.takeTitle(name);
    return this.addTrack(album, {
      name,
      durationMs: song.durationMs + this.rng.int(30, 180) * 1000,
      isrc: this.isrc(o.year),
      popularity: this.rng.int(5, 55),
      liveness: this.rng.chance(o.noFeaturesShare) ? null : 0.04 + this.rng.next() * 0.25,
      truth: 'remix',
      songIndex: song.index,
      recording: this.newRecording(),
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
      recording: song.recording,
    });
  }

  /** Studio albums are named like songs (a title no song has). */
  studioAlbumName(): string {
    return this.names.uniqueTitle();
  }

  get artist(): string {
    return this.artistName;
  }

  get random(): Rng {
    return this.rng;
  }
}

/** Years the catalog spans, newest release a little before the reference date. */
export function eraYears(refMs: number, count: number): number[] {
  const lastYear = new Date(refMs).getUTCFullYear() - 1;
  const firstYear = lastYear - Math.max(3, Math.min(35, count));
  return Array.from({ length: count }, (_, i) => Math.round(firstYear + ((lastYear - firstYear) * i) / Math.max(1, count - 1)));
}

