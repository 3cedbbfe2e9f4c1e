// Full album objects (`/albums/{id}`, `/albums?ids=`): the album and its
// first page of simplified tracks (no ISRC, no popularity), with the link to
// the rest. Validated here, at the edge; the client follows `next`.
import { z } from 'zod';
import { parseItems } from './validate';
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
