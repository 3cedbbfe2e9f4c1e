// Live albums whose names do not say so ("Made in Japan", "At Folsom Prison"),
// added to generated catalogs after every other album (so the rest is drawn
// exactly as without them): plain track titles, their own ISRCs; only
// MusicBrainz (release groups typed Live, fakes/musicbrainz) says what they are.

import { UNNAMED_LIVE_ALBUM_NAMES } from '../vocabulary';
import type { CatalogBuilder, Song } from './catalog-builder';
import type { FakeAlbum } from './types';

/** Live albums whose names do not say so, beyond the plan's album count: 1 per 30 album items (from 20 items on). */
export function unnamedLiveCount(albums: number): number {
  return albums >= 20 ? Math.max(1, Math.round(albums / 30)) : 0;
}

/** Their MusicBrainz title drops an edition suffix ("Made in Japan (Deluxe Edition)" → "Made in Japan"). */
export function buildUnnamedLiveAlbums(b: CatalogBuilder, studioAlbums: ReadonlyArray<{ songs: Song[]; year: number }>, allSongs: Song[], count: number): void {
  const rng = b.random;
  const refYear = new Date(b.refMs).getUTCFullYear();
  for (let i = 0; i < count; i++) {
    const base = studioAlbums[(i * 3) % studioAlbums.length] as { songs: Song[]; year: number };
    const year = Math.min(refYear, base.year + rng.int(0, 4));
    const name = (UNNAMED_LIVE_ALBUM_NAMES[i % UNNAMED_LIVE_ALBUM_NAMES.length] as string).replace('{artist}', b.artist);
    const album: FakeAlbum = b.openAlbum({ name, albumType: 'album', albumGroup: 'album', year, truth: 'live-unnamed' });
    const bare = album.name.replace(/\s*[([][^)\]]*(?:edition|remaster(?:ed)?)[^)\]]*[)\]]\s*$/i, '');
    if (bare !== album.name) album.musicbrainzTitle = bare;
    const last = (base.songs[base.songs.length - 1] as Song).index;
    const pool = rng.shuffle(allSongs.filter((s) => s.index <= last && s.truth !== 'live-feel'));
    for (const song of pool.slice(0, Math.min(pool.length, rng.int(8, 12)))) b.live(album, song, { title: null, year, truth: 'live-album' });
  }
}
