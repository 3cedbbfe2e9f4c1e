// Which stored show a setlist.fm setlist belongs to, and which catalog song a
// setlist entry is. Pure functions: the setlists activity feeds them rows.
//
// Ticketmaster and setlist.fm name venues differently ("The O2 Arena" /
// "O2 Arena", "Madison Square Garden" / "Madison Square Garden, New York"), so
// a setlist matches a show of the same local date whose city is the same or
// whose venue name shares at least half of its words (normalised: accents,
// case, punctuation, "the", "&"); of several such shows that day, the one
// agreeing on most (a concert listed twice: the earlier listing, then the lower event id).
import { normaliseTitle } from './title-rules';

export interface ShowCandidate {
  id: string;
  /** Natural tie-breakers for a concert Ticketmaster lists twice (same date and venue): the earlier start, then the lower event id. */
  tmEventId: string;
  startsAt: number;
  /** YYYY-MM-DD, the show's local date. */
  localDate: string | null;
  venueName: string | null;
  city: string | null;
}

export interface SetlistPlace {
  eventDate: string;
  venueName: string | null;
  cityName: string | null;
}

function fold(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['\u2018\u2019`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && w !== 'the');
}

/** Share of words two venue names have in common (0–1, Jaccard). */
export function venueSimilarity(a: string | null, b: string | null): number {
  if (!a || !b) return 0;
  const x = new Set(fold(a));
  const y = new Set(fold(b));
  if (x.size === 0 || y.size === 0) return 0;
  const common = [...x].filter((w) => y.has(w)).length;
  return common / (x.size + y.size - common);
}

const sameCity = (a: string | null, b: string | null) => !!a && !!b && fold(a).join(' ') === fold(b).join(' ');

/** The id of the show a setlist was played at, or null when no show of that date agrees on city or venue. */
export function matchShow(setlist: SetlistPlace, shows: readonly ShowCandidate[]): string | null {
  let best: { show: ShowCandidate; score: number } | null = null;
  for (const show of shows) {
    if (show.localDate !== setlist.eventDate) continue;
    const venue = venueSimilarity(show.venueName, setlist.venueName);
    const city = sameCity(show.city, setlist.cityName);
    if (!city && venue < 0.5) continue;
    const score = (city ? 1 : 0) + venue;
    if (
      !best ||
      score > best.score ||
      (score === best.score && (show.startsAt < best.show.startsAt || (show.startsAt === best.show.startsAt && show.tmEventId < best.show.tmEventId)))
    ) {
      best = { show, score };
    }
  }
  return best?.show.id ?? null;
}

export interface CatalogSongRef {
  id: string;
  name: string;
  isRemix: boolean;
}

/**
 * normalised title → catalog song id. Where several songs share a normalised
 * title, the original (not a remix), then the lowest id, stands for it.
 */
export function songIndex(songs: readonly CatalogSongRef[]): Map<string, string> {
  const index = new Map<string, CatalogSongRef>();
  for (const song of songs) {
    const key = normaliseTitle(song.name);
    const held = index.get(key);
    if (!held || (held.isRemix && !song.isRemix) || (held.isRemix === song.isRemix && song.id < held.id)) index.set(key, song);
  }
  return new Map([...index].map(([k, s]) => [k, s.id]));
}
