// One artist from its plan: identity (Ticketmaster images, the Spotify and
// setlist.fm profiles and their decoys), then events, catalog and setlists,
// each drawn from its own random stream so that changing one part of a plan
// never shifts the others.

import { Rng } from '../random';
import { GENRES, slugify } from '../vocabulary';
import { CatalogBuilder } from './catalog-builder';
import { buildEvents, buildVenues } from './events';
import { buildGenericCatalog } from './generic-catalog';
import { planFor } from './plans';
import { buildSetlists } from './setlists';
import { buildSmallCatalog } from './small-catalog';
import { startOfUtcDay } from './time';
import type { FakeArtist, FakeImage, FakeSetlistArtist, FakeSpotifyProfile } from './types';

function tmImages(rng: Rng): FakeImage[] {
  const folder = rng.hex(3);
  const uuid = rng.uuid();
  return [
    { ratio: '16_9', width: 640, height: 360, suffix: 'RETINA_PORTRAIT_16_9' },
    { ratio: '16_9', width: 1024, height: 576, suffix: 'RETINA_LANDSCAPE_16_9' },
    { ratio: '3_2', width: 640, height: 427, suffix: 'RETINA_PORTRAIT_3_2' },
    { ratio: '4_3', width: 305, height: 225, suffix: 'CUSTOM' },
  ].map((i) => ({ url: `https://s1.ticketm.net/dam/a/${folder}/${uuid}_${i.suffix}.jpg`, width: i.width, height: i.height, ratio: i.ratio }));
}

function spotifyProfile(rng: Rng, name: string, popularity: number, followers: number, genre: string): FakeSpotifyProfile {
  const hash = rng.hex(24);
  return {
    id: rng.spotifyId(),
    name,
    popularity,
    followers,
    genres: [genre.toLowerCase(), `${rng.pick(['modern', 'indie', 'classic', 'nordic'])} ${genre.toLowerCase()}`],
    images: [640, 320, 160].map((size) => ({
      url: `https://i.scdn.co/image/ab6761610000${size === 640 ? 'e5eb' : size === 320 ? '5174' : 'f178'}${hash}`,
      width: size,
      height: size,
      ratio: '1_1',
    })),
  };
}

function setlistArtist(rng: Rng, name: string, disambiguation = ''): FakeSetlistArtist {
  const sortName = name.startsWith('The ') ? `${name.slice(4)}, The` : name;
  return { mbid: rng.uuid(), name, sortName, disambiguation };
}

/** Generates one artist; null when the id is neither a fixture nor a valid generated id. */
export function generateArtist(attractionId: string, opts: { seed: number; referenceDate: Date }): FakeArtist | null {
  const plan = planFor(attractionId);
  if (!plan) return null;
  const ref = startOfUtcDay(opts.referenceDate);
  const refMs = ref.getTime();
  const label = `${opts.seed}|${plan.attractionId}`;
  // Independent streams: changing one part of a plan never shifts the others.
  const idRng = new Rng(`${label}|identity`);
  const eventRng = new Rng(`${label}|events`);
  const catalogRng = new Rng(`${label}|catalog`);
  const setlistRng = new Rng(`${label}|setlists`);

  const genre = idRng.pick(GENRES);
  const spotify = plan.spotify ? spotifyProfile(idRng, plan.name, plan.spotify.popularity, plan.spotify.followers, genre) : null;
  const spotifyDecoys = plan.spotifyDecoys.map((n, i) => spotifyProfile(idRng, n, 10 + i * 7, 1200 + i * 900, genre));
  const setlistfm = plan.setlistfm ? setlistArtist(idRng, plan.name) : null;
  const setlistDecoys = plan.setlistDecoys.map((n) => setlistArtist(idRng, n, 'tribute band'));
  const images = tmImages(idRng);

  const venues = buildVenues(eventRng, plan.venues);
  const events = buildEvents(eventRng, plan, venues, refMs);

  const builder = new CatalogBuilder(catalogRng, plan.name, refMs);
  if (plan.spotify) {
    if (plan.spotify.catalog === 'small') buildSmallCatalog(builder);
    else buildGenericCatalog(builder, plan.spotify.catalog);
  }
  const { setlists, upcoming: upcomingSetlists } = buildSetlists(setlistRng, plan, events, builder.tracks);

  return {
    attractionId: plan.attractionId,
    name: plan.name,
    genre,
    url: `https://www.ticketmaster.com/${slugify(plan.name)}-tickets/artist/${idRng.int(100000, 9999999)}`,
    images,
    spotify,
    spotifyLinked: plan.spotify?.linked ?? false,
    spotifyDecoys,
    setlistfm,
    setlistDecoys,
    venues,
    venueById: new Map(venues.map((v) => [v.id, v])),
    events,
    albums: builder.albums,
    tracks: builder.tracks,
    trackById: new Map(builder.tracks.map((t) => [t.id, t])),
    setlists,
    upcomingSetlists,
    referenceDate: ref.toISOString(),
    seed: opts.seed,
  };
}
