// setlist.fm REST 1.0 JSON bodies: artists and setlists in the real shapes
// (venue and city embedded, sets with optional name and encore number).

import type { FakeArtist, FakeSetlist, FakeSetlistArtist } from '../catalog/types';
import { Rng } from '../random';

export function artistJson(a: FakeSetlistArtist): Record<string, unknown> {
  const slug = a.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    mbid: a.mbid,
    name: a.name,
    sortName: a.sortName,
    disambiguation: a.disambiguation,
    url: `https://www.setlist.fm/setlists/${slug}-${a.mbid.slice(0, 8)}.html`,
  };
}

/** setlist.fm's own name for a Ticketmaster venue: "The" dropped or added, or the city appended. */
function setlistFmVenueName(name: string, r: Rng): string {
  const choice = r.int(0, 3);
  if (choice === 0) return name.startsWith('The ') ? name.slice(4) : `The ${name}`;
  if (choice === 1) return name.toUpperCase() === name ? name : name.replace(/ (Hall|Arena|Theatre)$/, ' $1 & Stage');
  return name;
}

export function setlistJson(setlist: FakeSetlist, profile: FakeSetlistArtist, artist: FakeArtist): Record<string, unknown> {
  const venue = artist.venueById.get(setlist.venueId);
  const r = new Rng(`setlistfm-venue|${setlist.venueId}`);
  const city = venue?.city;
  const body: Record<string, unknown> = {};
  if (setlist.id !== null) body.id = setlist.id;
  Object.assign(body, {
    versionId: setlist.versionId,
    eventDate: setlist.eventDate,
    lastUpdated: setlist.lastUpdated,
    artist: artistJson(profile),
    venue: {
      id: r.hex(8),
      name: venue ? setlistFmVenueName(venue.name, r) : 'Unknown venue',
      city: city
        ? {
            id: String(r.int(1_000_000, 9_999_999)),
            name: city.name,
            ...(city.state ? { state: city.state, stateCode: city.stateCode } : {}),
            coords: { lat: city.latitude, long: city.longitude },
            country: { code: city.countryCode, name: city.country },
          }
        : undefined,
      url: `https://www.setlist.fm/venue/${r.hex(8)}.html`,
    },
  });
  if (setlist.tour) body.tour = { name: setlist.tour };
  body.sets = {
    set: setlist.sets.map((s) => ({
      ...(s.name ? { name: s.name } : {}),
      ...(s.encore ? { encore: s.encore } : {}),
      song: s.songs.map((song) => ({
        name: song.name,
        ...(song.tape ? { tape: true } : {}),
        ...(song.coverOf ? { cover: { mbid: `cover-${song.coverOf.length}`, name: song.coverOf, sortName: song.coverOf } } : {}),
      })),
    })),
  };
  body.url = `https://www.setlist.fm/setlist/${setlist.id ?? 'unknown'}.html`;
  return body;
}
