// Ticketmaster Discovery v2 JSON bodies: attractions, venues and events in
// the real shapes (coordinates as strings, embedded venue and attraction in
// every event, origin-relative `_links`).

import type { FakeArtist, FakeEvent, FakeVenue } from '../catalog/types';
import { PREFIX } from '../mounts';

const BASE = PREFIX.ticketmaster;
const MUSIC_SEGMENT = { id: 'KZFzniwnSyZfZ7v7nJ', name: 'Music' };

function classifications(artist: FakeArtist): unknown[] {
  return [
    {
      primary: true,
      segment: MUSIC_SEGMENT,
      genre: { id: 'KnvZfZ7vAeA', name: artist.genre },
      subGenre: { id: 'KZazBEonSMnZfZ7v6F1', name: artist.genre },
      type: { id: 'KZAyXgnZfZ7v7nI', name: 'Undefined' },
      subType: { id: 'KZFzBErXgnZfZ7v7lJ', name: 'Undefined' },
      family: false,
    },
  ];
}

function images(artist: FakeArtist): unknown[] {
  return artist.images.map((i) => ({ ratio: i.ratio, url: i.url, width: i.width, height: i.height, fallback: false }));
}

// Attraction and venue bodies are embedded in every event: build them once per artist.
const rendered = new WeakMap<FakeArtist, { attraction: Record<string, unknown>; venues: Map<string, Record<string, unknown>> }>();

function renderedFor(artist: FakeArtist): { attraction: Record<string, unknown>; venues: Map<string, Record<string, unknown>> } {
  let r = rendered.get(artist);
  if (!r) {
    const upcomingByVenue = new Map<string, number>();
    for (const e of artist.events) if (e.upcoming) upcomingByVenue.set(e.venueId, (upcomingByVenue.get(e.venueId) ?? 0) + 1);
    r = {
      attraction: renderAttraction(artist),
      venues: new Map(artist.venues.map((v) => [v.id, renderVenue(v, upcomingByVenue.get(v.id) ?? 0)])),
    };
    rendered.set(artist, r);
  }
  return r;
}

export function attractionJson(artist: FakeArtist): Record<string, unknown> {
  return renderedFor(artist).attraction;
}

function renderAttraction(artist: FakeArtist): Record<string, unknown> {
  const externalLinks: Record<string, unknown[]> = {
    homepage: [{ url: `https://www.${artist.attractionId.replace(/[^a-z0-9]/g, '')}.example.com/` }],
  };
  if (artist.spotify && artist.spotifyLinked) externalLinks.spotify = [{ url: `https://open.spotify.com/artist/${artist.spotify.id}` }];
  if (artist.setlistfm) externalLinks.musicbrainz = [{ id: artist.setlistfm.mbid, url: `https://musicbrainz.org/artist/${artist.setlistfm.mbid}` }];
  const upcoming = artist.events.filter((e) => e.upcoming).length;
  return {
    name: artist.name,
    type: 'attraction',
    id: artist.attractionId,
    test: false,
    url: artist.url,
    locale: 'en-us',
    externalLinks,
    images: images(artist),
    classifications: classifications(artist),
    upcomingEvents: { ticketmaster: upcoming, _total: upcoming, _filtered: 0 },
    _links: { self: { href: `${BASE}/attractions/${artist.attractionId}?locale=en-us` } },
  };
}

function renderVenue(venue: FakeVenue, upcoming: number): Record<string, unknown> {
  const city = venue.city;
  return {
    name: venue.name,
    type: 'venue',
    id: venue.id,
    test: false,
    url: venue.url,
    locale: 'en-us',
    postalCode: city.postalCode,
    timezone: city.timezone,
    city: { name: city.name },
    ...(city.state ? { state: { name: city.state, stateCode: city.stateCode } } : {}),
    country: { name: city.country, countryCode: city.countryCode },
    address: { line1: venue.address },
    // Ticketmaster sends coordinates as strings.
    location: { longitude: city.longitude.toFixed(6), latitude: city.latitude.toFixed(6) },
    upcomingEvents: { ticketmaster: upcoming, _total: upcoming, _filtered: 0 },
    _links: { self: { href: `${BASE}/venues/${venue.id}?locale=en-us` } },
  };
}

export function eventJson(event: FakeEvent, artist: FakeArtist): Record<string, unknown> {
  const venue = artist.venueById.get(event.venueId) as FakeVenue;
  const start: Record<string, unknown> = { localDate: event.localDate };
  if (event.localTime) start.localTime = event.localTime;
  if (event.dateTime) start.dateTime = event.dateTime;
  Object.assign(start, { dateTBD: false, dateTBA: false, timeTBA: event.localTime === null, noSpecificTime: event.localTime === null });
  const onsaleMs = event.startMs - 120 * 86_400_000;
  const body: Record<string, unknown> = {};
  if (event.name !== null) body.name = event.name;
  body.type = 'event';
  if (event.id !== null) body.id = event.id;
  Object.assign(body, {
    test: false,
    url: event.url,
    locale: 'en-us',
    images: images(artist),
    sales: {
      public: {
        startDateTime: new Date(onsaleMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        startTBD: false,
        startTBA: false,
        endDateTime: event.dateTime ?? `${event.localDate}T23:59:00Z`,
      },
    },
    dates: { start, timezone: venue.city.timezone, status: { code: event.statusCode }, spanMultipleDays: false },
    classifications: classifications(artist),
  });
  if (event.priceRange) body.priceRanges = [{ type: 'standard', currency: event.priceRange.currency, min: event.priceRange.min, max: event.priceRange.max }];
  body._links = {
    self: { href: `${BASE}/events/${event.id ?? ''}?locale=en-us` },
    attractions: [{ href: `${BASE}/attractions/${artist.attractionId}?locale=en-us` }],
    venues: [{ href: `${BASE}/venues/${venue.id}?locale=en-us` }],
  };
  const r = renderedFor(artist);
  body._embedded = { venues: [r.venues.get(venue.id)], attractions: [r.attraction] };
  return body;
}
