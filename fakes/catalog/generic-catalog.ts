// The Spotify catalog of fake-large, fake-nolink and every `gen-…` artist: a
// catalog of exactly `albums` album items (~10 tracks per album) in which
// every case of the studio-only rules occurs — studio albums (some with names
// or songs that only look live), editions re-issuing them under the same
// ISRCs, singles, live albums and singles, compilations, appears-on albums,
// malformed items and, in larger catalogs, the dedupe hard cases
// (hard-cases.ts). Built in a fixed order from one random stream.

import type { Rng } from '../random';
import {
  APPEARS_ON_NAMES,
  COMPILATION_NAMES,
  EDITION_TEMPLATES,
  LIVE_ALBUM_NAMES,
  LIVE_TRACK_TEMPLATES,
  LOOKALIKE_ALBUM_NAMES,
  LOOKALIKE_SONG_TITLES,
  REMIX_TEMPLATES,
} from '../vocabulary';
import { type CatalogBuilder, type Song, eraYears } from './catalog-builder';
import { HARD_CASE_ALBUMS, buildHardCases } from './hard-cases';
import { buildUnnamedLiveAlbums, unnamedLiveCount } from './unnamed-live';
import type { GenericCatalogPlan } from './plans';
import type { FakeAlbum } from './types';

/** Share of studio recordings Spotify has no audio features for. */
const NO_FEATURES_SHARE = 0.015;

interface StudioAlbum {
  album: FakeAlbum;
  songs: Song[];
  year: number;
}

/** How many album items of each kind the catalog has; they add up to the plan's `albums`. */
interface AlbumMix {
  studio: number;
  editions: number;
  singles: number;
  lives: number;
  compilations: number;
  appearsOn: number;
  malformedAlbums: number;
  /** The hard-case albums (HARD_CASE_ALBUMS or none), in place of as many compilations. */
  hardCases: number;
}

function albumMix(plan: GenericCatalogPlan): AlbumMix {
  const total = plan.albums;
  const mix: AlbumMix = {
    studio: 0,
    editions: Math.round(total * 0.08),
    singles: Math.round(total * 0.26),
    lives: Math.round(total * 0.14),
    compilations: Math.round(total * 0.1),
    appearsOn: Math.round(total * 0.02),
    malformedAlbums: Math.min(plan.malformedAlbums, total),
    hardCases: 0,
  };
  mix.studio = total - mix.editions - mix.singles - mix.lives - mix.compilations - mix.appearsOn - mix.malformedAlbums;
  if (mix.studio < 1) {
    // Tiny catalogs: studio albums first, the rest only if room remains.
    const studio = Math.max(1, total - mix.malformedAlbums);
    return { studio, editions: 0, singles: 0, lives: 0, compilations: 0, appearsOn: 0, malformedAlbums: total - studio, hardCases: 0 };
  }
  if (plan.hardCases && mix.compilations >= HARD_CASE_ALBUMS) {
    mix.compilations -= HARD_CASE_ALBUMS;
    mix.hardCases = HARD_CASE_ALBUMS;
  }
  return mix;
}

/** What every phase after the studio albums draws from. */
interface GenericBuild {
  b: CatalogBuilder;
  rng: Rng;
  refMs: number;
  plan: GenericCatalogPlan;
  studioAlbums: StudioAlbum[];
  /** Every song introduced so far; later phases add b-sides and outtakes. */
  allSongs: Song[];
  /** Studio songs (not live-feel) by popularity, taken once the studio albums are done. */
  hits: Song[];
  /** Cycle through every naming variant before repeating any. */
  nextLiveTemplate(): string;
  nextRemixTemplate(): string;
}

// ------------------------------------------------------------ studio albums

/** The special songs spread over the studio albums, each placed once. */
interface SpecialSongs {
  lookalikeTitles: string[];
  liveFeelAt: Set<number>;
  boundaryAt: number;
  boundaryPlaced: boolean;
}

function specialSongs(studio: number, totalAlbums: number): SpecialSongs {
  const liveFeelCount = Math.min(studio, Math.max(1, Math.round(totalAlbums * 0.04)));
  return {
    lookalikeTitles: [...LOOKALIKE_SONG_TITLES],
    liveFeelAt: new Set(Array.from({ length: liveFeelCount }, (_, j) => Math.floor(((j + 0.5) * studio) / liveFeelCount))),
    boundaryAt: Math.floor(studio / 2),
    boundaryPlaced: false,
  };
}

/** The i-th of `count` songs on studio album `s`: a lookalike title, a live-feel song, the 0.8 boundary, or an ordinary song. */
function studioSong(b: CatalogBuilder, special: SpecialSongs, s: number, i: number, count: number, year: number): Song {
  if (special.lookalikeTitles.length > 0 && i === 2 + (s % 5)) {
    return b.newSong(year, { title: special.lookalikeTitles.shift() as string, lookalike: true });
  }
  if (special.liveFeelAt.has(s) && i === count - 1) return b.newSong(year, { liveFeel: true });
  if (!special.boundaryPlaced && s === special.boundaryAt && i === 1) {
    // liveness exactly 0.8 is NOT "> 0.8": a studio track that must be kept.
    special.boundaryPlaced = true;
    return b.newSong(year, { liveness: 0.8 });
  }
  return b.newSong(year, { noIsrc: b.random.chance(0.035) });
}

function buildStudioAlbums(b: CatalogBuilder, plan: GenericCatalogPlan, studio: number, years: number[]): { studioAlbums: StudioAlbum[]; allSongs: Song[] } {
  const rng = b.random;
  const studioAlbums: StudioAlbum[] = [];
  const allSongs: Song[] = [];
  // Lookalike album names at three spread positions (studio catalogs of 6+ albums).
  const lookalikeStep = Math.max(1, Math.floor((studio - 1) / 3));
  const lookalikeAt = new Map<number, string>(
    studio >= 6 ? LOOKALIKE_ALBUM_NAMES.map((name, j) => [1 + j * lookalikeStep, name] as [number, string]) : [],
  );
  const special = specialSongs(studio, plan.albums);
  let malformedTracksLeft = plan.malformedTracks;

  for (let s = 0; s < studio; s++) {
    const year = years[s] as number;
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
      const song = studioSong(b, special, s, i, count, year);
      songs.push(song);
      allSongs.push(song);
      b.original(album, song, NO_FEATURES_SHARE);
    }
    if (malformedTracksLeft > 0 && s % 7 === 3) {
      malformedTracksLeft -= 1;
      b.malformedTrack(album, year);
    }
    studioAlbums.push({ album, songs, year });
  }
  // Malformed tracks not placed yet (small catalogs) go on the last studio albums.
  for (let s = studioAlbums.length - 1; malformedTracksLeft > 0 && s >= 0; s--, malformedTracksLeft--) {
    const entry = studioAlbums[s] as StudioAlbum;
    b.malformedTrack(entry.album, entry.year);
  }
  return { studioAlbums, allSongs };
}

// ------------------------------------------------------------------ editions

const hasNoIsrcSong = (e: StudioAlbum): boolean => e.songs.some((s) => !s.isrc);

/** Studio albums that get an edition; at least one plain edition re-issues a song without ISRC (title + duration duplicate). */
function editionBases(g: GenericBuild, count: number): StudioAlbum[] {
  const bases = g.rng.shuffle(g.studioAlbums).slice(0, count);
  const firstPlain = g.plan.superDeluxe ? 1 : 0;
  if (bases.length > firstPlain && !bases.slice(firstPlain).some(hasNoIsrcSong)) {
    const candidate = g.studioAlbums.find((e) => hasNoIsrcSong(e) && !bases.includes(e));
    if (candidate) bases[bases.length - 1] = candidate;
  }
  return bases;
}

/** Disc 2: outtakes; disc 3: live; disc 4: remixes — over 50 tracks, so album tracks must be paged. */
function addSuperDeluxeDiscs(g: GenericBuild, album: FakeAlbum, base: StudioAlbum, year: number): void {
  const { b } = g;
  for (let i = 0; i < 20; i++) {
    const song = b.newSong(year);
    g.allSongs.push(song);
    b.original(album, song, NO_FEATURES_SHARE, 2);
  }
  for (const song of base.songs) {
    b.live(album, song, { title: b.liveTitle(song, '{title} - Live at Madison Square Garden', base.year + 1), year, truth: 'live-title', disc: 3 });
  }
  for (const song of base.songs.slice(0, 10)) {
    b.remix(album, song, { template: g.nextRemixTemplate(), year, noFeaturesShare: NO_FEATURES_SHARE, disc: 4 });
  }
}

/** A plain edition's extras: a bonus song, a live bonus track, sometimes a remix. */
function addEditionBonusTracks(g: GenericBuild, album: FakeAlbum, base: StudioAlbum, year: number): void {
  const { b, rng } = g;
  const bonusSong = b.newSong(year);
  g.allSongs.push(bonusSong);
  b.original(album, bonusSong, NO_FEATURES_SHARE);
  const liveSong = rng.pick(base.songs);
  b.live(album, liveSong, { title: b.liveTitle(liveSong, g.nextLiveTemplate(), year), year, truth: 'live-title' });
  if (rng.chance(0.5)) b.remix(album, rng.pick(base.songs), { template: g.nextRemixTemplate(), year, noFeaturesShare: NO_FEATURES_SHARE });
}

/** Editions: re-issues of studio albums, ISRCs shared with the originals; the first may be a super-deluxe box. */
function buildEditions(g: GenericBuild, count: number): void {
  const { b, rng } = g;
  let caseVariantPlaced = false;
  editionBases(g, count).forEach((base, e) => {
    const year = laterYear(g.refMs, base.year, rng.int(5, 20));
    const superDeluxe = g.plan.superDeluxe && e === 0;
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
        noFeaturesShare: NO_FEATURES_SHARE,
        caseVariant,
      });
    }
    if (superDeluxe) addSuperDeluxeDiscs(g, album, base, year);
    else addEditionBonusTracks(g, album, base, year);
  });
}

/** `year + add`, but never after the reference year. */
function laterYear(refMs: number, year: number, add: number): number {
  return Math.min(new Date(refMs).getUTCFullYear(), year + add);
}

// ------------------------------------------------------------------- singles

/** The single's b-side: a remix, a live cut of another hit, a new song, or nothing. */
function addSingleBSide(g: GenericBuild, album: FakeAlbum, song: Song, year: number): void {
  const { b, rng } = g;
  const roll = rng.next();
  if (roll < 0.45) b.remix(album, song, { template: g.nextRemixTemplate(), year, noFeaturesShare: NO_FEATURES_SHARE });
  else if (roll < 0.65) {
    const other = rng.pick(g.hits.slice(0, 40));
    b.live(album, other, { title: b.liveTitle(other, g.nextLiveTemplate(), year), year, truth: 'live-title' });
  } else if (roll < 0.85) {
    const bSide = b.newSong(year, { noIsrc: rng.chance(0.1) });
    g.allSongs.push(bSide);
    b.original(album, bSide, NO_FEATURES_SHARE);
  }
}

/** Singles: the lead shares the album version's ISRC; b-sides are remixes, live cuts or new songs. */
function buildSingles(g: GenericBuild, count: number): void {
  const { b, rng } = g;
  let sameTitleEditPlaced = false;
  const noIsrcSong = g.allSongs.find((s) => !s.isrc && s.truth === 'studio');
  for (let i = 0; i < count; i++) {
    // Single #3 is the no-ISRC song (if any), so the same-title edit below always occurs.
    const song = i === 3 && noIsrcSong ? noIsrcSong : (g.hits[i % Math.max(1, g.hits.length)] as Song);
    const year = new Date(g.refMs).getUTCFullYear() - 1 - Math.floor((count - i) / 4);
    if (i % 11 === 7) {
      // A live single: "X (Live)" as the single's own name.
      const album = b.openAlbum({ name: `${song.title} (Live)`, albumType: 'single', albumGroup: 'single', year, truth: 'live' });
      b.live(album, song, { title: b.liveTitle(song, '{title} (Live)', year), year, truth: 'live-album' });
      continue;
    }
    const album = b.openAlbum({ name: song.title, albumType: 'single', albumGroup: 'single', year, truth: 'single' });
    b.reissue(album, song, { year, retitle: false, popularityHint: i % 2 === 0 ? 'higher' : 'lower', noFeaturesShare: NO_FEATURES_SHARE });
    addSingleBSide(g, album, song, year);
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
        // An edit: the same song, another recording.
        recording: b.newRecording(),
      });
    }
  }
}

// ------------------------------------------------- live, compiled, malformed

/** Live albums: every naming variant, plain or live-marked titles, own ISRCs. */
function buildLiveAlbums(g: GenericBuild, count: number): void {
  const { b, rng } = g;
  const liveNames = [...LIVE_ALBUM_NAMES];
  for (let i = 0; i < count; i++) {
    const base = g.studioAlbums[i % g.studioAlbums.length] as StudioAlbum;
    const year = laterYear(g.refMs, base.year, rng.int(0, 3));
    const template = liveNames.shift() ?? rng.pick(LIVE_ALBUM_NAMES);
    const name = template.replace('{year}', String(year)).replace('{album}', base.album.name);
    const album = b.openAlbum({ name, albumType: 'album', albumGroup: 'album', year, truth: 'live' });
    const pool = rng.shuffle(g.allSongs.filter((s) => s.index <= (base.songs[base.songs.length - 1] as Song).index));
    const tracks = Math.min(pool.length, rng.int(10, 16));
    for (const song of pool.slice(0, tracks)) {
      const title = rng.chance(0.35) ? b.liveTitle(song, g.nextLiveTemplate(), year) : null;
      b.live(album, song, { title, year, truth: 'live-album' });
    }
  }
}

/**
 * Compilations: album_type compilation, mostly listed under album_group "album";
 * hits re-used with the original ISRCs, often MORE popular than the original.
 */
function buildCompilations(g: GenericBuild, count: number): void {
  const { b, rng } = g;
  const compNames = [...COMPILATION_NAMES];
  for (let i = 0; i < count; i++) {
    const year = new Date(g.refMs).getUTCFullYear() - rng.int(1, 12);
    const name = (compNames.shift() ?? rng.pick(COMPILATION_NAMES))
      .replace('{artist}', b.artist)
      .replace('{year}', `${year - 10}–${year}`)
      .replace('{n}', String(i + 1));
    const album = b.openAlbum({ name, albumType: 'compilation', albumGroup: i % 3 === 2 ? 'compilation' : 'album', year, truth: 'compilation' });
    const picks = rng.shuffle(g.hits.slice(0, Math.max(20, Math.floor(g.hits.length / 3)))).slice(0, rng.int(12, 18));
    for (const song of picks) {
      b.reissue(album, song, { year, retitle: rng.chance(0.3), truth: 'compilation', popularityHint: rng.chance(0.6) ? 'higher' : 'any', noFeaturesShare: 0 });
    }
  }
}

/** Someone else's compilations the artist appears on (album_group appears_on). */
function buildAppearsOn(g: GenericBuild, count: number): void {
  const { b, rng } = g;
  for (let i = 0; i < count; i++) {
    const year = new Date(g.refMs).getUTCFullYear() - rng.int(1, 15);
    const name = rng.pick(APPEARS_ON_NAMES).replace('{year}', String(year)).replace('{n}', String(rng.int(10, 99)));
    const album = b.openAlbum({ name, albumType: 'compilation', albumGroup: 'appears_on', year, truth: 'appears-on' });
    b.reissue(album, rng.pick(g.hits.slice(0, 30)), { year, retitle: false, truth: 'appears-on', popularityHint: 'any', noFeaturesShare: 0 });
  }
}

/** Album items served without an id; their declared tracks are unreachable. */
function buildMalformedAlbums(b: CatalogBuilder, count: number, year: number): void {
  for (let i = 0; i < count; i++) {
    const album = b.openAlbum({ name: b.studioAlbumName(), albumType: 'album', albumGroup: 'album', year, truth: 'malformed' });
    album.totalTracks = b.random.int(8, 12);
  }
}

/**
 * A catalog of exactly `plan.albums` album items (~10 tracks per album) in
 * which every case of the studio-only rules occurs; fake-large is one instance.
 */
export function buildGenericCatalog(b: CatalogBuilder, plan: GenericCatalogPlan): void {
  if (plan.albums === 0) return;
  const rng = b.random;
  const mix = albumMix(plan);
  const years = eraYears(b.refMs, mix.studio);
  const { studioAlbums, allSongs } = buildStudioAlbums(b, plan, mix.studio, years);
  const liveTemplates = [...LIVE_TRACK_TEMPLATES];
  const remixTemplates = [...REMIX_TEMPLATES];
  const g: GenericBuild = {
    b,
    rng,
    refMs: b.refMs,
    plan,
    studioAlbums,
    allSongs,
    hits: allSongs.filter((s) => s.truth !== 'live-feel').sort((x, y) => y.basePopularity - x.basePopularity || x.index - y.index),
    nextLiveTemplate: () => liveTemplates.shift() ?? rng.pick(LIVE_TRACK_TEMPLATES),
    nextRemixTemplate: () => remixTemplates.shift() ?? rng.pick(REMIX_TEMPLATES),
  };
  buildEditions(g, mix.editions);
  buildSingles(g, mix.singles);
  buildLiveAlbums(g, mix.lives);
  buildCompilations(g, mix.compilations);
  buildAppearsOn(g, mix.appearsOn);
  buildMalformedAlbums(b, mix.malformedAlbums, years[0] ?? 2000);
  if (mix.hardCases > 0) buildHardCases(b);
  // Last, so every album before them is drawn exactly as before they existed.
  buildUnnamedLiveAlbums(b, studioAlbums, allSongs, unnamedLiveCount(plan.albums));
}
