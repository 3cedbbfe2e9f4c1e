// The hard cases of deduplication (SPEC rule 5), placed by hand in catalogs
// of 50+ album items (fake-large included): a studio album, two remastered
// editions of it and a remastered single, whose tracks re-issue the same
// recordings under titles, durations and popularities a naive dedupe gets
// wrong. Every version carries its `recording` and `hardCase` labels; the
// ground truth (expected.ts) merges by recording label, never by reading
// titles, so it stays an answer independent of the product's title rules.
//
//   remaster-tags            one ISRC as "Song", "Song - Remastered 2017",
//                            "Song (2020 Remaster)", "Song [Remastered]": one song,
//                            the most popular version (once a tagged one, once not)
//   popularity-tie           one ISRC whose most popular versions tie: album vs
//                            album, album vs single (the single has the lower id),
//                            album vs album vs single
//   no-isrc-variant-titles   no ISRC; titles differ by "&"/"and", accents,
//                            apostrophes, punctuation or a remaster tag; durations
//                            within 2 s of each other (not always the same second):
//                            one recording, one song
//   no-isrc-same-title-apart no ISRC; the same title on two recordings more than
//                            2 s apart: two songs

import type { CatalogBuilder, Song } from './catalog-builder';
import type { FakeAlbum, FakeTrack, HardCase } from './types';

/** Album items the hard cases occupy (the generic catalog gives up as many compilations). */
export const HARD_CASE_ALBUMS = 4;

type Release = 'edition1' | 'edition2' | 'single';

interface HardCaseAlbums {
  studio: FakeAlbum;
  edition1: FakeAlbum;
  edition2: FakeAlbum;
  single: FakeAlbum;
  /** Release years of the two editions, as their remaster tags name them. */
  year1: number;
  year2: number;
}

/**
 * ISRC-less songs re-issued under other titles. `offsetMs` is the version's
 * duration against the original's, `popularity` its popularity against the
 * original's (positive: the re-issue is the version a correct catalog keeps).
 * Every group spans at most 1.9 s, inside the spec's "duration within 2 s";
 * some versions stay in the original's second, others (1.2–1.9 s away) do
 * not, so a duration compared to the rounded second alone splits them.
 */
const VARIANT_TITLES: ReadonlyArray<{ title: string; versions: ReadonlyArray<{ on: Release; title: string; offsetMs: number; popularity: number }> }> = [
  { title: 'Rock & Roll Heart', versions: [{ on: 'edition1', title: 'Rock and Roll Heart', offsetMs: 60, popularity: 9 }] },
  { title: 'Café Noir', versions: [{ on: 'edition1', title: 'Cafe Noir', offsetMs: 1400, popularity: -7 }] },
  {
    title: 'Don’t Look Back',
    versions: [
      { on: 'edition1', title: "Don't Look Back", offsetMs: -1700, popularity: -4 },
      { on: 'edition2', title: 'Dont Look Back', offsetMs: 40, popularity: 6 },
    ],
  },
  { title: 'Hello, Goodbye!', versions: [{ on: 'edition2', title: 'Hello Goodbye', offsetMs: 1900, popularity: -10 }] },
  {
    title: 'Slow Motion',
    versions: [
      { on: 'edition1', title: 'Slow Motion - Remastered {year}', offsetMs: 60, popularity: 5 },
      { on: 'edition2', title: 'Slow Motion [Remastered]', offsetMs: -1200, popularity: -8 },
    ],
  },
];

/** ISRC-less songs with a second recording under the same title, more than 2 s longer or shorter. */
const SAME_TITLE_APART: ReadonlyArray<{ title: string; on: Release; offsetMs: number }> = [
  { title: 'Night Drive', on: 'edition2', offsetMs: 2600 },
  { title: 'Overtime', on: 'single', offsetMs: -3400 },
];

function releaseOf(albums: HardCaseAlbums, on: Release): FakeAlbum {
  return albums[on];
}

function withYear(title: string, albums: HardCaseAlbums, on: Release): string {
  return title.replace('{year}', String(on === 'edition2' ? albums.year2 : albums.year1));
}

/** The original version on the studio album. */
function original(b: CatalogBuilder, albums: HardCaseAlbums, song: Song, hardCase: HardCase): FakeTrack {
  return b.version(albums.studio, song, { name: song.title, durationMs: song.durationMs, popularity: song.basePopularity, hardCase });
}

/** The same master under four spellings of "remastered"; `taggedWins` makes a remaster, not the original, the most popular. */
function remasterTags(b: CatalogBuilder, albums: HardCaseAlbums, song: Song, taggedWins: boolean): void {
  const p = song.basePopularity;
  const versions: Array<{ on: Release; name: string; popularity: number }> = [
    { on: 'edition1', name: `${song.title} - Remastered ${albums.year1}`, popularity: p - 5 },
    { on: 'edition2', name: `${song.title} (${albums.year2} Remaster)`, popularity: taggedWins ? p + 8 : p - 9 },
    { on: 'single', name: `${song.title} [Remastered]`, popularity: p - 12 },
  ];
  original(b, albums, song, 'remaster-tags');
  for (const v of versions) {
    b.version(releaseOf(albums, v.on), song, {
      name: v.name,
      durationMs: song.durationMs + b.random.int(-1500, 1500),
      popularity: v.popularity,
      popularityDirection: v.popularity > p ? 'up' : 'down',
      hardCase: 'remaster-tags',
    });
  }
}

/** A re-issue holding exactly the original's popularity (the tie), optionally with an id sorting below `idBelow`. */
function tiedVersion(b: CatalogBuilder, album: FakeAlbum, song: Song, idBelow?: string): FakeTrack {
  return b.version(album, song, {
    name: song.title,
    durationMs: song.durationMs + b.random.int(-1500, 1500),
    popularity: song.basePopularity,
    exactPopularity: true,
    idBelow,
    hardCase: 'popularity-tie',
  });
}

/**
 * Ties at the top of a recording. Album vs album, the edition drawn with the
 * lower id: the edition wins (not the first-listed original). Album vs single,
 * the single drawn with the lower id: the album version wins anyway. Album vs
 * edition vs single, the single lowest: the lower id of the two album
 * releases wins.
 */
function popularityTies(b: CatalogBuilder, albums: HardCaseAlbums, albumVsAlbum: Song, albumVsSingle: Song, threeWay: Song): void {
  const albumOriginal = original(b, albums, albumVsAlbum, 'popularity-tie');
  tiedVersion(b, albums.edition1, albumVsAlbum, albumOriginal.id);
  b.version(albums.edition2, albumVsAlbum, {
    name: albumVsAlbum.title,
    durationMs: albumVsAlbum.durationMs,
    popularity: albumVsAlbum.basePopularity - 6,
    popularityDirection: 'down',
    hardCase: 'popularity-tie',
  });

  const albumVersion = original(b, albums, albumVsSingle, 'popularity-tie');
  tiedVersion(b, albums.single, albumVsSingle, albumVersion.id);

  const first = original(b, albums, threeWay, 'popularity-tie');
  const second = tiedVersion(b, albums.edition1, threeWay);
  tiedVersion(b, albums.single, threeWay, first.id < second.id ? first.id : second.id);
}

function variantTitles(b: CatalogBuilder, albums: HardCaseAlbums, songs: Song[]): void {
  VARIANT_TITLES.forEach((spec, i) => {
    const song = songs[i] as Song;
    original(b, albums, song, 'no-isrc-variant-titles');
    for (const v of spec.versions) {
      b.version(releaseOf(albums, v.on), song, {
        name: withYear(v.title, albums, v.on),
        durationMs: song.durationMs + v.offsetMs,
        popularity: song.basePopularity + v.popularity,
        popularityDirection: v.popularity > 0 ? 'up' : 'down',
        hardCase: 'no-isrc-variant-titles',
      });
    }
  });
}

function sameTitleApart(b: CatalogBuilder, albums: HardCaseAlbums, songs: Song[]): void {
  SAME_TITLE_APART.forEach((spec, i) => {
    const song = songs[i] as Song;
    original(b, albums, song, 'no-isrc-same-title-apart');
    b.version(releaseOf(albums, spec.on), song, {
      name: song.title,
      durationMs: song.durationMs + spec.offsetMs,
      popularity: b.random.int(5, 60),
      // Another recording of the song (an edit): a song of its own in a correct catalog.
      recording: b.newRecording(),
      hardCase: 'no-isrc-same-title-apart',
    });
  });
}

/** The four hard-case albums, appended to a catalog built from the same builder. */
export function buildHardCases(b: CatalogBuilder): void {
  const rng = b.random;
  const refYear = new Date(b.refMs).getUTCFullYear();
  const year = refYear - 14 - rng.int(0, 4);
  const year1 = year + 10;
  const year2 = Math.min(refYear - 1, year1 + 3);

  const [remasterA, remasterB, tieA, tieB, tieC] = Array.from({ length: 5 }, () => b.newSong(year)) as [Song, Song, Song, Song, Song];
  const variantSongs = VARIANT_TITLES.map((v) => b.newSong(year, { title: v.title, noIsrc: true }));
  const apartSongs = SAME_TITLE_APART.map((v) => b.newSong(year, { title: v.title, noIsrc: true }));

  const studio = b.openAlbum({ name: b.studioAlbumName(), albumType: 'album', albumGroup: 'album', year, truth: 'studio' });
  const albums: HardCaseAlbums = {
    studio,
    edition1: b.openAlbum({ name: `${studio.name} (Remastered ${year1})`, albumType: 'album', albumGroup: 'album', year: year1, truth: 'edition' }),
    edition2: b.openAlbum({ name: `${studio.name} (${year2} Remaster)`, albumType: 'album', albumGroup: 'album', year: year2, truth: 'edition' }),
    single: b.openAlbum({ name: `${remasterA.title} [Remastered]`, albumType: 'single', albumGroup: 'single', year: year2, truth: 'single' }),
    year1,
    year2,
  };
  remasterTags(b, albums, remasterA, true);
  remasterTags(b, albums, remasterB, false);
  popularityTies(b, albums, tieA, tieB, tieC);
  variantTitles(b, albums, variantSongs);
  sameTitleApart(b, albums, apartSongs);
}
