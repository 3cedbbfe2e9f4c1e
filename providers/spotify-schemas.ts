// Spotify Web API response shapes, validated at the edge and mapped onto the
// domain's: artists, albums (full album objects with their first page of
// simplified tracks and the link to the rest), full tracks, audio features,
// tokens and paging envelopes. The client (spotify.ts) follows `next` links.
import { z } from 'zod';
import { parseItems } from './validate';
import type { AudioFeatures, Image, SpotifyAlbum, SpotifyArtist, SpotifyTrack } from './types';
import type { SpotifyAlbumTrack, SpotifyAlbumWithTracks } from './types';

export type { SpotifyAlbumWithTracks } from './types';

/** A simplified track of an album listing (no ISRC, no popularity). */
export const albumTrackSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    duration_ms: z.number().int().nonnegative(),
    track_number: z.number().int(),
    disc_number: z.number().int(),
  })
  .transform(
    (t): SpotifyAlbumTrack => ({
      id: t.id,
      name: t.name,
      durationMs: t.duration_ms,
      trackNumber: t.track_number,
      discNumber: t.disc_number,
    }),
  );


export const fullAlbumSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    album_type: z.string().min(1),
    album_group: z.string().nullish(),
    release_date: z.string().nullish(),
    total_tracks: z.number().int().nonnegative(),
    tracks: z.object({ items: z.array(z.unknown()), next: z.url().nullable() }),
  })
  .transform(
    (a): SpotifyAlbumWithTracks => ({
      album: {
        id: a.id,
        name: a.name,
        albumType: a.album_type.toLowerCase(),
        albumGroup: a.album_group?.toLowerCase() ?? null,
        releaseDate: a.release_date ?? null,
        totalTracks: a.total_tracks,
      },
      tracks: parseItems(albumTrackSchema, a.tracks.items),
      next: a.tracks.next,
    }),
  );

// ------------------------------------------------------------------ schemas

export const imageSchema = z.object({ url: z.string().min(1), width: z.number().nullish(), height: z.number().nullish() });

// Spotify has been trimming fields for newly registered apps (popularity,
// followers, genres), so their absence reads as "unknown" (0 / empty) instead
// of rejecting the artist.
export const artistSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    images: z.array(z.unknown()).nullish(),
    genres: z.array(z.string()).nullish(),
    popularity: z.number().nullish(),
    followers: z.object({ total: z.number().nullish() }).nullish(),
  })
  .transform(
    (a): SpotifyArtist => ({
      id: a.id,
      name: a.name,
      images: parseItems(imageSchema, a.images ?? []).items.map(
        (i): Image => ({ url: i.url, width: i.width ?? null, height: i.height ?? null }),
      ),
      genres: a.genres ?? [],
      popularity: a.popularity ?? 0,
      followers: a.followers?.total ?? 0,
    }),
  );

export const albumSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    album_type: z.string().min(1),
    album_group: z.string().nullish(),
    release_date: z.string().nullish(),
    total_tracks: z.number().int().nonnegative(),
  })
  .transform(
    (a): SpotifyAlbum => ({
      id: a.id,
      name: a.name,
      albumType: a.album_type.toLowerCase(),
      albumGroup: a.album_group?.toLowerCase() ?? null,
      releaseDate: a.release_date ?? null,
      totalTracks: a.total_tracks,
    }),
  );

export const trackSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    duration_ms: z.number().int().nonnegative(),
    popularity: z.number().nullish(),
    external_ids: z.object({ isrc: z.string().nullish() }).nullish(),
    album: z.object({ id: z.string().min(1), name: z.string(), album_type: z.string().min(1), release_date: z.string().nullish() }),
  })
  .transform(
    (t): SpotifyTrack => ({
      id: t.id,
      name: t.name,
      durationMs: t.duration_ms,
      // Absent on the development-mode contract: unknown, not 0.
      popularity: t.popularity ?? null,
      isrc: t.external_ids?.isrc?.trim().toUpperCase() || null,
      albumId: t.album.id,
      albumName: t.album.name,
      albumType: t.album.album_type.toLowerCase(),
      albumReleaseDate: t.album.release_date ?? null,
    }),
  );

export const audioFeaturesSchema = z
  .object({ id: z.string().min(1), liveness: z.number().min(0).max(1) })
  .transform((f): AudioFeatures => ({ id: f.id, liveness: f.liveness }));

export const tokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
});

/** A page of a paginated list: the next page is at `next`, exactly as given. */
export const pagingSchema = z.object({ items: z.array(z.unknown()), next: z.url().nullable() });

export const searchEnvelopeSchema = z.object({ artists: z.object({ items: z.array(z.unknown()) }) });
export const tracksEnvelopeSchema = z.object({ tracks: z.array(z.unknown()) });
export const audioFeaturesEnvelopeSchema = z.object({ audio_features: z.array(z.unknown()) });
export const errorBodySchema = z.object({ error: z.object({ message: z.string() }) });

