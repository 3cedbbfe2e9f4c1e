// SPEC studio-only rule 3: albums MusicBrainz files under the artist as `Live`
// or `Compilation` release groups are dropped, whatever their names say
// ("Stop Making Sense", "Made in Japan", "At Folsom Prison"). Spotify names
// a re-issue "Made in Japan (Deluxe Edition)" or "… [Remastered]" where
// MusicBrainz has one release group "Made in Japan", so titles are compared
// with such edition suffixes stripped. Pure: no I/O.

import { normaliseTitle } from './title-rules';
import type { SpotifyAlbum } from './catalog-types';

/** The part of a MusicBrainz release group this rule reads. */
export interface ReleaseGroupTypes {
  title: string;
  secondaryTypes: readonly string[];
}

/** Words of a trailing tag that mark an edition of the same album, not another album. */
const EDITION_WORDS =
  /\b(?:deluxe|edition|remaster(?:ed)?|expanded|anniversary|bonus|version|reissue|super|collector'?s|special|legacy|mono|stereo|\d{4})\b/i;

/**
 * An album title without trailing edition tags, folded like track titles:
 * "Made in Japan (Deluxe Edition)", "MADE IN JAPAN [Remastered]" and
 * "Made in Japan - 2014 Remaster" all read "made in japan".
 */
export function normaliseAlbumTitle(title: string): string {
  let t = title.trim();
  for (;;) {
    const m = /\s*(?:\(([^()]*)\)|\[([^[\]]*)\]|\s-\s+([^-]+))\s*$/.exec(t);
    const tag = m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
    if (!m || m.index === 0 || !EDITION_WORDS.test(tag)) break;
    t = t.slice(0, m.index).trim();
  }
  return normaliseTitle(t);
}

export interface MusicBrainzSplit<A> {
  kept: A[];
  droppedLive: A[];
  droppedCompilation: A[];
}

/**
 * Drops the albums whose normalised title matches a release group typed
 * `Live` (first) or `Compilation`, unless a plain release group (no secondary
 * type) has the same title: then MusicBrainz knows a studio album of that
 * name too, and the name alone cannot say which one Spotify lists.
 */
export function splitByMusicBrainz<A extends Pick<SpotifyAlbum, 'name'>>(albums: A[], groups: readonly ReleaseGroupTypes[]): MusicBrainzSplit<A> {
  const types = new Map<string, { live: boolean; compilation: boolean; plain: boolean }>();
  for (const g of groups) {
    const key = normaliseAlbumTitle(g.title);
    const t = types.get(key) ?? { live: false, compilation: false, plain: false };
    const secondary = g.secondaryTypes.map((s) => s.toLowerCase());
    if (secondary.includes('live')) t.live = true;
    else if (secondary.includes('compilation')) t.compilation = true;
    else if (secondary.length === 0) t.plain = true;
    types.set(key, t);
  }
  const split: MusicBrainzSplit<A> = { kept: [], droppedLive: [], droppedCompilation: [] };
  for (const album of albums) {
    const t = types.get(normaliseAlbumTitle(album.name));
    if (t && !t.plain && t.live) split.droppedLive.push(album);
    else if (t && !t.plain && t.compilation) split.droppedCompilation.push(album);
    else split.kept.push(album);
  }
  return split;
}
