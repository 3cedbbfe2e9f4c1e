// setlist.fm side of an artist: past setlists of valid, held shows, most
// recent first, made of the artist's studio song titles (a few malformed).

import { ADJECTIVES, NOUNS } from '../vocabulary';
import type { Rng } from '../random';
import type { ArtistPlan } from './plans';
import { DAY_MS, setlistDate } from './time';
import type { FakeEvent, FakeSetlist, FakeTrack } from './types';

export function buildSetlists(rng: Rng, plan: ArtistPlan, events: FakeEvent[], tracks: FakeTrack[]): FakeSetlist[] {
  if (!plan.setlistfm) return [];
  const past = events.filter((e) => e.truth === 'valid' && !e.upcoming && e.statusCode !== 'cancelled');
  const wanted = Math.min(past.length, plan.setlistfm.setlists + plan.setlistfm.malformed);
  const chosen = rng
    .shuffle(past)
    .slice(0, wanted)
    .sort((a, b) => b.startMs - a.startMs || a.ordinal - b.ordinal);
  const studioTitles = [...new Set(tracks.filter((t) => t.truth === 'studio' || t.truth === 'studio-lookalike').map((t) => t.name))];
  const songPool = studioTitles.length > 0 ? studioTitles : Array.from({ length: 30 }, () => `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`);
  const malformedAt = new Set(rng.shuffle(chosen.map((_, i) => i)).slice(0, plan.setlistfm.malformed));
  const ids = new Set<string>();
  return chosen.map((event, i) => {
    let id = '';
    do id = rng.hex(8);
    while (ids.has(id));
    ids.add(id);
    const picks = rng.shuffle(songPool).slice(0, Math.min(songPool.length, rng.int(12, 20)));
    const encoreSize = Math.min(picks.length > 4 ? rng.int(1, 3) : 0, picks.length);
    const main = picks.slice(0, picks.length - encoreSize);
    const encore = picks.slice(picks.length - encoreSize);
    const sets: FakeSetlist['sets'] = [{ songs: main }];
    if (encore.length > 0) sets.push({ encore: 1, songs: encore });
    return {
      id: malformedAt.has(i) ? null : id,
      truth: malformedAt.has(i) ? 'malformed-no-id' : 'valid',
      versionId: `g${rng.hex(7)}`,
      eventDate: setlistDate(Date.parse(`${event.localDate}T00:00:00Z`)),
      lastUpdated: `${new Date(event.startMs + rng.int(1, 20) * DAY_MS).toISOString().slice(0, 19)}.000+0000`,
      venueId: event.venueId,
      tour: event.name && event.name.includes(' - ') ? (event.name.split(' - ')[1] ?? null) : null,
      sets,
    };
  });
}
