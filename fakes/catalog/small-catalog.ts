// fake-small's Spotify catalog: 8 albums, ~80 tracks, hand-placed so every
// studio-only rule fires once and a reader can check the outcome by eye.

import type { CatalogBuilder, Song } from './catalog-builder';
import { eraYears } from './catalog-builder';
import type { FakeAlbum } from './types';

/** fake-small places its no-features track explicitly: no random share of tracks without features. */
const NO_FEATURES_SHARE = 0;

/** The first three studio albums, with the songs each introduces. */
interface SmallStudioAlbums {
  first: FakeAlbum;
  firstSongs: Song[];
  secondSongs: Song[];
  thirdSongs: Song[];
}

/** Two studio albums (with "Alive", "Live Forever" and a no-ISRC song) and the studio album "Live Through This". */
function buildStudioAlbums(b: CatalogBuilder, y1: number, y2: number, y3: number): SmallStudioAlbums {
  const first = b.openAlbum({ name: b.studioAlbumName(), albumType: 'album', albumGroup: 'album', year: y1, truth: 'studio' });
  const firstSongs: Song[] = [];
  for (let i = 0; i < 12; i++) {
    const song =
      i === 4 ? b.newSong(y1, { title: 'Alive', lookalike: true }) : i === 9 ? b.newSong(y1, { noIsrc: true }) : b.newSong(y1);
    firstSongs.push(song);
    b.original(first, song, NO_FEATURES_SHARE);
  }

  const second = b.openAlbum({ name: b.studioAlbumName(), albumType: 'album', albumGroup: 'album', year: y2, truth: 'studio' });
  const secondSongs: Song[] = [];
  for (let i = 0; i < 11; i++) {
    const song = i === 2 ? b.newSong(y2, { title: 'Live Forever', lookalike: true }) : b.newSong(y2);
    secondSongs.push(song);
    b.original(second, song, NO_FEATURES_SHARE);
  }

  const third = b.openAlbum({ name: 'Live Through This', albumType: 'album', albumGroup: 'album', year: y3, truth: 'studio-lookalike' });
  const thirdSongs: Song[] = [];
  for (let i = 0; i < 10; i++) {
    const song = b.newSong(y3);
    thirdSongs.push(song);
    b.original(third, song, NO_FEATURES_SHARE);
  }
  return { first, firstSongs, secondSongs, thirdSongs };
}

/**
 * Releases of songs already out: a single with a remix, a remastered edition
 * sharing ISRCs (incl. a no-ISRC pair), a live album, and a compilation
 * (album_group album, more popular than the originals).
 */
function buildReleasesOfKnownSongs(b: CatalogBuilder, studio: SmallStudioAlbums, y2: number, y3: number, y4: number): void {
  const rng = b.random;
  const { first, firstSongs, secondSongs, thirdSongs } = studio;
  const lead = secondSongs[0] as Song;
  const single = b.openAlbum({ name: lead.title, albumType: 'single', albumGroup: 'single', year: y2, truth: 'single' });
  b.reissue(single, lead, { year: y2, retitle: false, popularityHint: 'higher', noFeaturesShare: NO_FEATURES_SHARE });
  b.remix(single, lead, { template: '{title} - Radio Remix', year: y2, noFeaturesShare: NO_FEATURES_SHARE });

  const remaster = b.openAlbum({ name: `${first.name} (Remastered ${y4})`, albumType: 'album', albumGroup: 'album', year: y4, truth: 'edition' });
  firstSongs.forEach((song, i) =>
    b.reissue(remaster, song, { year: y4, retitle: i % 2 === 0, popularityHint: i % 3 === 0 ? 'higher' : 'lower', noFeaturesShare: NO_FEATURES_SHARE }),
  );

  const live = b.openAlbum({ name: 'Live in Tokyo', albumType: 'album', albumGroup: 'album', year: y3, truth: 'live' });
  rng.shuffle([...firstSongs, ...secondSongs]).slice(0, 10).forEach((song, i) =>
    b.live(live, song, { title: i === 3 ? b.liveTitle(song, '{title} (Live)', y3) : null, year: y3, truth: 'live-album' }),
  );

  const best = b.openAlbum({ name: 'Greatest Hits', albumType: 'compilation', albumGroup: 'album', year: y4, truth: 'compilation' });
  rng.shuffle([...firstSongs, ...secondSongs, ...thirdSongs]).slice(0, 10).forEach((song) =>
    b.reissue(best, song, { year: y4, retitle: false, truth: 'compilation', popularityHint: 'higher', noFeaturesShare: 0 }),
  );
}

/** A studio album with a live-feel track, a track without features, a malformed track and a live bonus track. */
function buildLastStudioAlbum(b: CatalogBuilder, secondSongs: Song[], y4: number): void {
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
      recording: song.recording,
    });
  }
  b.malformedTrack(fourth, y4);
  const liveSong = secondSongs[5] as Song;
  b.live(fourth, liveSong, { title: b.liveTitle(liveSong, '{title} - Live at Madison Square Garden', y4), year: y4, truth: 'live-title' });
}

/**
 * fake-small: 8 albums, ~80 tracks, hand-placed so every rule fires once:
 * two studio albums, the studio album "Live Through This", a single with a
 * remix, a remastered edition sharing ISRCs (incl. a no-ISRC pair), a live
 * album, a compilation (album_group album, more popular than the originals),
 * a studio album with a live bonus track, a live-feel track, a track without
 * features and a malformed track; plus one album item without id.
 */
export function buildSmallCatalog(b: CatalogBuilder): void {
  const [y1, y2, y3, y4] = eraYears(b.refMs, 4) as [number, number, number, number];
  const studio = buildStudioAlbums(b, y1, y2, y3);
  buildReleasesOfKnownSongs(b, studio, y2, y3, y4);
  buildLastStudioAlbum(b, studio.secondSongs, y4);
  b.openAlbum({ name: b.studioAlbumName(), albumType: 'album', albumGroup: 'album', year: y3, truth: 'malformed' }).totalTracks = 9;
}
