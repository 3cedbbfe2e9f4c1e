import { ApplicationFailure } from '@temporalio/common';
import { Prisma } from '../generated/prisma/client';
import { ProviderError } from '../providers/errors';
import type { CallOptions, Image, SpotifyArtist, TmAttraction } from '../providers/types';
import type { ActivityDeps } from './deps';
import { failFastOnRefusal } from './failures';
import { phaseReporter, providerCall } from './reporting';
import { slugify } from '../domain/slug';

export interface IdentityInput {
  artistId: string;
  tmAttractionId: string;
  /** Resync: keep the stored MusicBrainz id of an unrenamed artist instead of searching setlist.fm again. */
  incremental?: boolean;
}

export interface IdentityResult {
  name: string;
  slug: string;
  spotifyId: string | null;
  mbid: string | null;
  /** How the Spotify id was found: the attraction's external link, a name search, or not at all. */
  spotifySource: 'ticketmaster-link' | 'search' | null;
  warnings: string[];
}

/** Phase 1: the artist row from Ticketmaster, enriched with Spotify's profile and setlist.fm's mbid. */
export function createIdentityActivities(deps: ActivityDeps) {
  return {
    async resolveIdentity(input: IdentityInput): Promise<IdentityResult> {
      return failFastOnRefusal(() => resolveIdentity(deps, input));
    },
  };
}

async function resolveIdentity(deps: ActivityDeps, input: IdentityInput): Promise<IdentityResult> {
  const report = phaseReporter(deps, 'identity');
  const call = providerCall(deps);
  const warnings: string[] = [];

  let attraction: TmAttraction;
  try {
    attraction = await deps.ticketmaster.getAttraction(input.tmAttractionId, call);
  } catch (err) {
    if (err instanceof ProviderError && err.status === 404) {
      await retireShell(deps, input.artistId);
      throw ApplicationFailure.create({
        message: `Ticketmaster has no attraction with id ${input.tmAttractionId}`,
        type: 'UnknownAttraction',
        nonRetryable: true,
      });
    }
    throw err;
  }
  await report({ fraction: 0.3, message: `Found ${attraction.name} on Ticketmaster` }, { force: true });

  const { profile, source: spotifySource } = await resolveSpotify(deps, attraction, warnings, call);
  await report({ fraction: 0.6, message: profile ? `Matched ${profile.name} on Spotify` : 'No Spotify match' });

  // Ticketmaster's own MusicBrainz link first, then setlist.fm's match — searched either way (the
  // setlists need it), except by a resync that finds it stored for an unchanged name: setlist.fm's
  // daily quota (1,440) is the tightest.
  const stored = input.incremental
    ? await deps.db.artist.findUnique({ where: { id: input.artistId }, select: { mbid: true, name: true } })
    : null;
  const setlistMbid = stored?.mbid && stored.name === attraction.name ? stored.mbid : await resolveMbid(deps, attraction.name, warnings, call);
  const mbid = attraction.musicbrainzId ?? setlistMbid;

  const images = pickImages(profile?.images, attraction.images);
  const slug = await availableSlug(deps, input.artistId, attraction.name, input.tmAttractionId);
  const spotifyId = await unclaimed(deps, input.artistId, 'spotifyId', profile?.id ?? null, warnings);
  const claimedMbid = await unclaimed(deps, input.artistId, 'mbid', mbid, warnings);

  await deps.db.artist.update({
    where: { id: input.artistId },
    data: {
      name: attraction.name,
      slug,
      spotifyId,
      mbid: claimedMbid,
      images: images as unknown as Prisma.InputJsonValue,
      imageUrl: images[0]?.url ?? null,
      genres: profile?.genres.length ? profile.genres : attraction.genres,
      popularity: profile?.popularity ?? 0,
      followers: profile?.followers ?? 0,
      lastSyncedAt: new Date(),
    },
  });

  return { name: attraction.name, slug, spotifyId, mbid: claimedMbid, spotifySource: spotifyId ? spotifySource : null, warnings };
}

/**
 * The kickoff's shell of an attraction Ticketmaster does not know: marked
 * failed at once, so that nothing lists it (an artist without identity or
 * completed import shows only while its import runs). Kept, not deleted: the
 * failed ImportRun the workflow records next belongs to it. An artist found
 * before (a resync of an attraction since removed) keeps its status and data.
 */
async function retireShell(deps: ActivityDeps, artistId: string): Promise<void> {
  await deps.db.artist.updateMany({
    where: { id: artistId, importedAt: null, lastSyncedAt: null },
    data: { importStatus: 'failed' },
  });
}

async function resolveSpotify(
  deps: ActivityDeps,
  attraction: TmAttraction,
  warnings: string[],
  call: CallOptions,
): Promise<{ profile: SpotifyArtist | null; source: IdentityResult['spotifySource'] }> {
  if (attraction.spotifyId) {
    const linked = await unlessNotFound(
      () => deps.spotify.getArtist(attraction.spotifyId!, call),
      (err) => warnings.push(`Ticketmaster's Spotify link (${attraction.spotifyId}) was refused by Spotify (${err.status}); searched by name instead`),
    );
    if (linked) return { profile: linked, source: 'ticketmaster-link' };
  }
  const found = await unlessNotFound(
    () => deps.spotify.searchArtist(attraction.name, call),
    (err) => warnings.push(`Spotify refused the artist search (${err.message})`),
  );
  if (!found) {
    warnings.push(`No Spotify artist named "${attraction.name}": the song catalog is skipped`);
    return { profile: null, source: null };
  }
  return { profile: found, source: 'search' };
}

async function resolveMbid(deps: ActivityDeps, name: string, warnings: string[], call: CallOptions): Promise<string | null> {
  const artist = await unlessNotFound(
    () => deps.setlistfm.searchArtist(name, call),
    (err) => warnings.push(`setlist.fm refused the artist search (${err.message})`),
  );
  if (!artist) warnings.push(`No setlist.fm artist named "${name}": no MusicBrainz id recorded`);
  return artist?.mbid ?? null;
}

/**
 * A lookup the import can do without (the spec: a missing Spotify or
 * setlist.fm match is not a failure). When the source answers that it has no
 * such thing (400, 404, 422), that is reported and the lookup yields null.
 * Everything else still fails the attempt: retryable errors are retried, and
 * a refused key (401/403) must reach an operator rather than quietly empty
 * every catalog.
 */
async function unlessNotFound<T>(lookup: () => Promise<T>, onRefused: (err: ProviderError) => void): Promise<T | null> {
  try {
    return await lookup();
  } catch (err) {
    // A spent quota is not "not found": it fails the activity, and the workflow waits for the reset.
    if (err instanceof ProviderError && !err.retryable && err.kind !== 'quota' && NOT_FOUND_STATUSES.has(err.status ?? 0)) {
      onRefused(err);
      return null;
    }
    throw err;
  }
}

const NOT_FOUND_STATUSES = new Set([400, 404, 422]);

/** Spotify's images when it has any (better sizes), else Ticketmaster's; widest first. */
function pickImages(spotify: Image[] | undefined, ticketmaster: Image[]): Image[] {
  const chosen = spotify && spotify.length > 0 ? spotify : ticketmaster;
  return [...chosen].sort((a, b) => (b.width ?? 0) - (a.width ?? 0));
}

/** The name's slug, or the slug suffixed with the attraction id when another artist already has it. */
async function availableSlug(deps: ActivityDeps, artistId: string, name: string, tmAttractionId: string): Promise<string> {
  const base = slugify(name) || `artist-${tmAttractionId.toLowerCase()}`;
  const holder = await deps.db.artist.findUnique({ where: { slug: base }, select: { id: true } });
  if (!holder || holder.id === artistId) return base;
  return `${base}-${tmAttractionId.toLowerCase()}`;
}

/**
 * Returns `value` unless another artist row already holds it (two Ticketmaster
 * attractions can point at one Spotify artist); then records a warning and
 * returns null instead of failing the import on the unique constraint.
 */
async function unclaimed(
  deps: ActivityDeps,
  artistId: string,
  field: 'spotifyId' | 'mbid',
  value: string | null,
  warnings: string[],
): Promise<string | null> {
  if (!value) return null;
  const holder = await deps.db.artist.findFirst({
    where: field === 'spotifyId' ? { spotifyId: value } : { mbid: value },
    select: { id: true, name: true },
  });
  if (holder && holder.id !== artistId) {
    warnings.push(`${field} ${value} already belongs to artist "${holder.name}"; not linked to this one`);
    return null;
  }
  return value;
}
