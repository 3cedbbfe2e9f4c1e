// Ticketmaster side of an artist: shared venues and the events placed around
// the reference day (past and upcoming, some date-only, a few malformed), with
// exact counts from the plan and random positions.

import type { Rng } from '../random';
import { ADJECTIVES, CITIES, type City, NOUNS, VENUE_PATTERNS, VENUE_WORDS, slugify } from '../vocabulary';
import type { ArtistPlan } from './plans';
import { DAY_MS, isoDay, tmInstant, zonedToUtcMs } from './time';
import type { FakeEvent, FakeVenue } from './types';

const EVENT_TIMES = ['19:00:00', '19:30:00', '20:00:00', '20:30:00', '18:30:00', '21:00:00', '17:00:00'];
const CURRENCY: Record<string, string> = {
  US: 'USD', CA: 'CAD', MX: 'MXN', GB: 'GBP', IE: 'EUR', FR: 'EUR', DE: 'EUR', NL: 'EUR', BE: 'EUR', ES: 'EUR', IT: 'EUR',
  SE: 'SEK', NO: 'NOK', DK: 'DKK', PL: 'PLN', AT: 'EUR', CH: 'CHF', PT: 'EUR', JP: 'JPY', KR: 'KRW', AU: 'AUD', NZ: 'NZD',
  BR: 'BRL', AR: 'ARS',
};
const TOUR_WORDS = ['World Tour', 'Tour', 'Summer Tour', 'Anniversary Tour', 'Arena Tour', 'Club Tour'];

export function buildVenues(rng: Rng, count: number): FakeVenue[] {
  const venues: FakeVenue[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  const cities = rng.shuffle(CITIES);
  for (let i = 0; i < count; i++) {
    const city = cities[i % cities.length] as City;
    let name = '';
    for (let attempt = 0; attempt < 50 && (name === '' || names.has(name)); attempt++) {
      name = rng.pick(VENUE_PATTERNS).replace('{city}', city.name).replace('{word}', rng.pick(VENUE_WORDS));
    }
    if (names.has(name)) name = `${name} ${i}`;
    names.add(name);
    let id = '';
    do id = `KovZpZA${rng.base62(5)}`;
    while (ids.has(id));
    ids.add(id);
    venues.push({
      id,
      name,
      url: `https://www.ticketmaster.com/${slugify(name)}-tickets-${slugify(city.name)}/venue/${rng.int(10000, 999999)}`,
      address: `${rng.int(1, 2000)} ${rng.pick(NOUNS)} ${rng.pick(['Street', 'Avenue', 'Road', 'Boulevard', 'Way'])}`,
      city,
    });
  }
  return venues;
}

/** Which event positions (generation order) are upcoming, date-only or malformed. */
interface EventPositions {
  upcoming: Set<number>;
  dateOnly: Set<number>;
  noName: Set<number>;
  noId: Set<number>;
}

/** Exact counts, random positions: fixtures have predictable sizes. */
function eventPositions(rng: Rng, plan: ArtistPlan): EventPositions {
  const total = plan.events;
  const upcomingCount = Math.round(total * plan.upcomingShare);
  const dateOnlyCount = Math.round(total * plan.dateOnlyShare);
  const order = rng.shuffle(Array.from({ length: total }, (_, i) => i));
  const upcoming = new Set(order.slice(0, upcomingCount));
  const dateOnly = new Set(rng.shuffle(Array.from({ length: total }, (_, i) => i)).slice(0, dateOnlyCount));
  const malformedPositions = rng.shuffle(Array.from({ length: total }, (_, i) => i));
  const { noName: noNameCount, noId: noIdCount } = plan.malformedEvents;
  const noName = new Set(malformedPositions.slice(0, noNameCount));
  const noId = new Set(malformedPositions.slice(noNameCount, noNameCount + noIdCount));
  return { upcoming, dateOnly, noName, noId };
}

/** Venues are shared: a skewed pick makes a few venues host many shows. */
function weightedVenuePicker(rng: Rng, venues: FakeVenue[]): () => FakeVenue {
  const weights = venues.map((_, i) => 1 / (1 + i * 0.05));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  return () => {
    let r = rng.next() * weightSum;
    for (let i = 0; i < venues.length; i++) {
      r -= weights[i] as number;
      if (r <= 0) return venues[i] as FakeVenue;
    }
    return venues[venues.length - 1] as FakeVenue;
  };
}

/** Ticketmaster status of an event from one uniform roll: upcoming shows are mostly on sale, past ones off sale. */
function eventStatus(roll: number, upcoming: boolean): FakeEvent['statusCode'] {
  if (!upcoming) return roll < 0.97 ? 'offsale' : 'cancelled';
  if (roll < 0.86) return 'onsale';
  if (roll < 0.93) return 'offsale';
  if (roll < 0.96) return 'rescheduled';
  if (roll < 0.98) return 'postponed';
  return 'cancelled';
}

/** What every event of one artist draws from. */
interface EventContext {
  rng: Rng;
  plan: ArtistPlan;
  venues: FakeVenue[];
  refMs: number;
  positions: EventPositions;
  pickVenue: () => FakeVenue;
  tours: string[];
  ids: Set<string>;
  /** Venues of the valid events so far. */
  usedVenueIds: Set<string>;
}

/** The i-th venue first (every venue hosts a show), then a weighted pick. */
function eventVenue(ctx: EventContext, i: number, isMalformed: boolean): FakeVenue {
  const { venues, usedVenueIds } = ctx;
  let venue = i < venues.length ? (venues[i] as FakeVenue) : ctx.pickVenue();
  // Malformed events reuse a venue a valid event already uses, so the
  // expected venue set does not depend on how a client treats them.
  if (isMalformed && usedVenueIds.size > 0 && !usedVenueIds.has(venue.id)) {
    venue = venues.find((v) => usedVenueIds.has(v.id)) as FakeVenue;
  }
  if (!isMalformed) usedVenueIds.add(venue.id);
  return venue;
}

function buildEvent(ctx: EventContext, i: number): FakeEvent {
  const { rng, plan, positions } = ctx;
  const noName = positions.noName.has(i);
  const noId = positions.noId.has(i);
  const venue = eventVenue(ctx, i, noName || noId);
  // Nothing lands within [ref − 1 day, ref + 2 days]: "upcoming" is the same
  // whether a reader compares with the reference midnight or with "now".
  const dayOffset = positions.upcoming.has(i) ? rng.int(3, plan.futureDays) : -rng.int(2, plan.pastDays);
  const localDate = isoDay(ctx.refMs + dayOffset * DAY_MS);
  const localTime = positions.dateOnly.has(i) ? null : rng.pick(EVENT_TIMES);
  const startMs = localTime === null ? Date.parse(`${localDate}T00:00:00Z`) : zonedToUtcMs(localDate, localTime, venue.city.timezone);
  let id = '';
  do id = rng.chance(0.5) ? `vvG1${rng.base62(10)}` : `Z7r9jZ1A${rng.base62(6)}`;
  while (ctx.ids.has(id));
  ctx.ids.add(id);
  const isUpcoming = startMs >= ctx.refMs;
  const statusCode = eventStatus(rng.next(), isUpcoming);
  const tour = rng.chance(0.6) ? rng.pick(ctx.tours) : null;
  const name = tour ? `${plan.name} - ${tour}` : rng.chance(0.15) ? `${plan.name} with Special Guests` : plan.name;
  const min = rng.int(25, 90);
  return {
    id: noId ? null : id,
    name: noName ? null : name,
    truth: noName ? 'malformed-no-name' : noId ? 'malformed-no-id' : 'valid',
    venueId: venue.id,
    localDate,
    localTime,
    dateTime: localTime === null ? null : tmInstant(startMs),
    startMs,
    upcoming: isUpcoming,
    statusCode,
    priceRange: rng.chance(0.8) ? { min, max: min + rng.int(20, 250), currency: CURRENCY[venue.city.countryCode] ?? 'USD' } : null,
    url: `https://www.ticketmaster.com/${slugify(plan.name)}-${slugify(venue.city.name)}-${localDate}/event/${rng.upperAlnum(16)}`,
    ordinal: i,
  };
}

/** The plan's events, sorted by start then generation order (as Ticketmaster sorts by date). */
export function buildEvents(rng: Rng, plan: ArtistPlan, venues: FakeVenue[], refMs: number): FakeEvent[] {
  if (plan.events === 0 || venues.length === 0) return [];
  const positions = eventPositions(rng, plan);
  const pickVenue = weightedVenuePicker(rng, venues);
  const tours = Array.from({ length: 8 }, () => `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${rng.pick(TOUR_WORDS)}`);
  const ctx: EventContext = { rng, plan, venues, refMs, positions, pickVenue, tours, ids: new Set(), usedVenueIds: new Set() };
  const events = Array.from({ length: plan.events }, (_, i) => buildEvent(ctx, i));
  events.sort((a, b) => a.startMs - b.startMs || a.ordinal - b.ordinal);
  return events;
}
