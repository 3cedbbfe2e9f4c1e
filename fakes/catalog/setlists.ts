// setlist.fm side of an artist: tour histories. The artist's most recent past
// shows are split into tours (oldest first); each tour has a core set in a
// fixed order (half of it carried over from the tour before), a pool of
// rotating songs (three a night, at fixed slots), a cover, a tape intro and
// two encore staples. Most setlists belong to a Ticketmaster event (same
// venue and local date; setlist.fm names the venue its own way), a few to
// shows Ticketmaster never listed, one or so is malformed. The upcoming
// events get the setlist the current tour would play: the held-out truth
// predictions are scored against (never served).

import type { Rng } from '../random';
import type { ArtistPlan } from './plans';
import { DAY_MS, setlistDate } from './time';
import type { FakeEvent, FakeSetlist, FakeSetlistSong, FakeTrack, FakeUpcomingSetlist } from './types';

const SHOWS_PER_TOUR = 30;
const CORE_SIZE = 12;
const ROTATING_POOL = 8;
const ROTATING_PER_SHOW = 3;
const STAPLES = 2;
/** Main-set places (0-based, among core songs) before which the night's rotating songs are played. */
const ROTATING_SLOTS = [3, 7, 10];
const COVERS: ReadonlyArray<{ name: string; artist: string }> = [
  { name: 'Heroes', artist: 'David Bowie' },
  { name: 'Dancing in the Dark', artist: 'Bruce Springsteen' },
  { name: 'Just Like Heaven', artist: 'The Cure' },
  { name: 'Running Up That Hill', artist: 'Kate Bush' },
  { name: 'Where Is My Mind?', artist: 'Pixies' },
];
const TAPES = ['Intro', 'Also Sprach Zarathustra', 'Walk-on Tape'];
const TOUR_WORDS = ['World Tour', 'Tour', 'Arena Tour', 'Summer Tour'];

interface Tour {
  name: string;
  core: FakeSetlistSong[];
  rotating: FakeSetlistSong[];
  staples: FakeSetlistSong[];
  cover: FakeSetlistSong;
  tape: FakeSetlistSong;
}

/**
 * Studio songs a setlist can name unambiguously, most popular first: recordings
 * with a studio version and no dedupe hard case, named by their shortest
 * version's title (the others only add a remaster tag to it), no other
 * recording sharing that title (ignoring case).
 */
function songPool(tracks: FakeTrack[]): FakeSetlistSong[] {
  const byRecording = new Map<string, FakeTrack[]>();
  for (const t of tracks) byRecording.set(t.recording, [...(byRecording.get(t.recording) ?? []), t]);
  const recordingsByTitle = new Map<string, Set<string>>();
  for (const t of tracks) {
    const k = t.name.toLowerCase();
    recordingsByTitle.set(k, (recordingsByTitle.get(k) ?? new Set()).add(t.recording));
  }
  const pool: Array<FakeSetlistSong & { popularity: number }> = [];
  for (const [recording, versions] of byRecording) {
    if (!versions.some((v) => v.truth === 'studio') || versions.some((v) => v.hardCase !== null)) continue;
    const name = versions.map((v) => v.name).sort((a, b) => a.length - b.length)[0]!;
    if (!versions.every((v) => v.name === name || /^ ?(- .*Remaster.*|\((\d{4} )?Remaster(ed)?( \d{4})?\)|\[Remastered\])$/.test(v.name.slice(name.length)))) continue;
    if ((recordingsByTitle.get(name.toLowerCase())?.size ?? 0) !== 1) continue;
    if (!/^[\p{L}\p{N} ']+$/u.test(name)) continue;
    pool.push({ name, recording, coverOf: null, tape: false, popularity: Math.max(...versions.map((v) => v.popularity)) });
  }
  return pool
    .sort((a, b) => b.popularity - a.popularity || ((a.recording ?? '') < (b.recording ?? '') ? -1 : 1))
    .map(({ popularity: _p, ...song }) => song);
}

/** The pool in a random order that favours its head (the popular songs): artists play their hits more. */
function hitsFirst(rng: Rng, pool: FakeSetlistSong[]): FakeSetlistSong[] {
  return pool
    .map((song, i) => ({ song, at: i / pool.length + rng.next() * 0.6 }))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.song);
}

function buildTours(rng: Rng, count: number, pool: FakeSetlistSong[], artistName: string): Tour[] {
  const tours: Tour[] = [];
  let unused = hitsFirst(rng, pool);
  // Songs not played yet are used first; a tour never lists one song twice (no reprises).
  const take = (n: number, inTour: Set<string | null>) => {
    if (unused.filter((x) => !inTour.has(x.recording)).length < n) unused = hitsFirst(rng, pool);
    const picked = unused.filter((x) => !inTour.has(x.recording)).slice(0, n);
    unused = unused.filter((x) => !picked.includes(x));
    for (const x of picked) inTour.add(x.recording);
    return picked;
  };
  const size = (n: number) => Math.max(1, Math.min(n, Math.floor(pool.length / 4)));
  for (let i = 0; i < count; i++) {
    const previous = tours.at(-1);
    const carried = previous ? rng.shuffle(previous.core).slice(0, Math.floor(size(CORE_SIZE) / 2)) : [];
    const inTour = new Set(carried.map((x) => x.recording));
    const core = rng.shuffle([...carried, ...take(size(CORE_SIZE) - carried.length, inTour)]);
    const cover = rng.pick(COVERS);
    tours.push({
      name: `${artistName} ${rng.pick(['Northern', 'Electric', 'Midnight', 'Golden', 'Wide Open', 'Parallel'])} ${rng.pick(TOUR_WORDS)} ${2019 + i}`,
      core,
      rotating: take(size(ROTATING_POOL), inTour),
      staples: take(Math.min(STAPLES, size(STAPLES)), inTour),
      cover: { name: cover.name, recording: null, coverOf: cover.artist, tape: false },
      tape: { name: rng.pick(TAPES), recording: null, coverOf: null, tape: true },
    });
  }
  return tours;
}

/** One night of a tour: tape, core with the night's rotating songs at their slots, the cover near the end, the staples as encore. */
function night(rng: Rng, tour: Tour): { main: FakeSetlistSong[]; encore: FakeSetlistSong[] } {
  const rotating = rng.shuffle(tour.rotating).slice(0, ROTATING_PER_SHOW);
  const core = [...tour.core];
  // Now and then two neighbouring songs swap places.
  if (core.length > 3 && rng.chance(0.3)) {
    const i = rng.int(0, core.length - 2);
    [core[i], core[i + 1]] = [core[i + 1]!, core[i]!];
  }
  const main: FakeSetlistSong[] = [tour.tape];
  core.forEach((song, i) => {
    const slot = ROTATING_SLOTS.indexOf(i);
    if (slot !== -1 && rotating[slot]) main.push(rotating[slot]!);
    if (i === core.length - 1) main.push(tour.cover);
    main.push(song);
  });
  return { main, encore: [...tour.staples] };
}

/** How setlist.fm spells a song: now and then in lower case (titles are matched by their normalised form). */
const spelled = (rng: Rng, song: FakeSetlistSong): FakeSetlistSong =>
  song.recording !== null && rng.chance(0.15) ? { ...song, name: song.name.toLowerCase() } : song;

export function buildSetlists(
  rng: Rng,
  plan: ArtistPlan,
  events: FakeEvent[],
  tracks: FakeTrack[],
): { setlists: FakeSetlist[]; upcoming: FakeUpcomingSetlist[] } {
  if (!plan.setlistfm) return { setlists: [], upcoming: [] };
  const held = events.filter((e) => e.truth === 'valid' && e.statusCode !== 'cancelled' && e.statusCode !== 'postponed');
  const past = held.filter((e) => !e.upcoming);
  const upcomingEvents = held.filter((e) => e.upcoming).sort((a, b) => a.startMs - b.startMs || a.ordinal - b.ordinal);
  // One setlist per concert: a concert Ticketmaster lists twice (same venue and
  // local date) has its setlist on its first listing (earlier start, then lower id).
  const concerts = new Map<string, FakeEvent>();
  for (const e of past) {
    const key = `${e.venueId}|${e.localDate}`;
    const held = concerts.get(key);
    if (!held || e.startMs < held.startMs || (e.startMs === held.startMs && (e.id as string) < (held.id as string))) concerts.set(key, e);
  }
  const firstListings = past.filter((e) => concerts.get(`${e.venueId}|${e.localDate}`) === e);
  // The most recent concerts, oldest first; the malformed setlists come on top of the valid ones.
  const listed = firstListings.slice(-(plan.setlistfm.setlists + plan.setlistfm.malformed));
  const pool = songPool(tracks);
  if (pool.length === 0 || listed.length === 0) return { setlists: [], upcoming: [] };

  // Shows Ticketmaster never listed: days between listed shows with no event of the artist at all.
  const eventDays = new Set(events.map((e) => e.localDate));
  type Night = { event: FakeEvent | null; localDate: string; venueId: string };
  const nights: Night[] = listed.map((e) => ({ event: e, localDate: e.localDate, venueId: e.venueId }));
  for (let i = 0; i < (plan.setlistfm.unlisted ?? 0); i++) {
    const base = rng.pick(listed);
    let day = Date.parse(`${base.localDate}T00:00:00Z`);
    do day += DAY_MS;
    while (eventDays.has(new Date(day).toISOString().slice(0, 10)));
    const localDate = new Date(day).toISOString().slice(0, 10);
    if (localDate > past.at(-1)!.localDate) continue; // setlist.fm has no setlist of a show still to come
    eventDays.add(localDate);
    nights.push({ event: null, localDate, venueId: rng.pick(listed).venueId });
  }
  nights.sort((a, b) => (a.localDate < b.localDate ? -1 : a.localDate > b.localDate ? 1 : 0));

  const tours = buildTours(rng, Math.max(1, Math.ceil(nights.length / SHOWS_PER_TOUR)), pool, plan.name);
  const tourOf = (i: number) => tours[Math.min(tours.length - 1, Math.floor(i / SHOWS_PER_TOUR))]!;
  const ids = new Set<string>();
  const setlists: FakeSetlist[] = nights.map((n, i) => {
    let id = '';
    do id = rng.hex(8);
    while (ids.has(id));
    ids.add(id);
    const tour = tourOf(i);
    const { main, encore } = night(rng, tour);
    const startMs = n.event?.startMs ?? Date.parse(`${n.localDate}T20:00:00Z`);
    return {
      id,
      truth: 'valid',
      eventId: n.event?.id ?? null,
      versionId: `g${rng.hex(7)}`,
      eventDate: setlistDate(Date.parse(`${n.localDate}T00:00:00Z`)),
      lastUpdated: `${new Date(startMs + rng.int(1, 20) * DAY_MS).toISOString().slice(0, 19)}.000+0000`,
      venueId: n.venueId,
      tour: tour.name,
      sets: [{ songs: main.map((s) => spelled(rng, s)) }, { encore: 1, songs: encore.map((s) => spelled(rng, s)) }],
    };
  });
  // A few setlists setlist.fm serves without an id: a client must skip them.
  for (const i of rng.shuffle(setlists.map((_, i) => i)).slice(0, plan.setlistfm.malformed)) {
    setlists[i] = { ...setlists[i]!, id: null, truth: 'malformed-no-id', eventId: null };
  }

  const current = tours.at(-1)!;
  const upcoming = upcomingEvents.map((e) => {
    const { main, encore } = night(rng, current);
    return { eventId: e.id as string, tour: current.name, main, encore, core: [...current.core, ...current.staples] };
  });
  return { setlists: setlists.reverse(), upcoming }; // setlist.fm lists the most recent first
}
