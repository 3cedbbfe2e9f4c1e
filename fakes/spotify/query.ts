// Spotify Web API request parsing and paging as the real API does it: ids
// are 22 base62 characters, `limit` is 1–50, id lists are capped, and a page
// carries absolute `href`/`next`/`previous` links with readable commas.

import { providerError } from '../errors';
import { intParam } from '../http';

export const SPOTIFY_ID = /^[0-9A-Za-z]{22}$/;
// Own copy of the real API's limits, not the product's: a fake sharing them could not catch the product getting them wrong.
export const SPOTIFY_LIMITS = { pageSize: 50, albumTracksEmbedded: 50, tracksPerRequest: 50, audioFeaturesPerRequest: 100, albumsPerRequest: 20 } as const;
/** Development-mode apps (February 2026): artist albums and search pages of at most 10, default 5. */
export const DEVELOPMENT_LIMITS = { pageSize: 10, defaultPageSize: 5 } as const;

export function spotifyError(status: number, message: string): Response {
  return providerError('spotify', status, message);
}

/** Query string with commas kept readable, as Spotify writes its links. */
export function qs(params: Array<[string, string | number]>): string {
  return params.map(([k, v]) => `${k}=${encodeURIComponent(String(v)).replace(/%2C/gi, ',')}`).join('&');
}

export interface PageRequest {
  offset: number;
  limit: number;
}

export function parsePage(query: Record<string, string>, defaultLimit: number, maxLimit: number = SPOTIFY_LIMITS.pageSize): PageRequest | Response {
  const limit = intParam(query.limit, defaultLimit);
  const offset = intParam(query.offset, 0);
  if (limit === null || limit < 1 || limit > maxLimit) return spotifyError(400, 'Invalid limit');
  if (offset === null || offset < 0) return spotifyError(400, 'Invalid offset');
  return { offset, limit };
}

/** A Spotify paging object over `all`. */
export function paging<T>(url: (offset: number, limit: number) => string, all: T[], page: PageRequest, render: (item: T) => unknown): Record<string, unknown> {
  const { offset, limit } = page;
  return {
    href: url(offset, limit),
    items: all.slice(offset, offset + limit).map(render),
    limit,
    next: offset + limit < all.length ? url(offset + limit, limit) : null,
    offset,
    previous: offset > 0 ? url(Math.max(0, offset - limit), limit) : null,
    total: all.length,
  };
}

/** Comma-separated ids, at most `max`; a Response when the request must be refused. */
export function idList(raw: string | undefined, max: number): string[] | Response {
  if (!raw) return spotifyError(400, 'invalid id');
  const ids = raw.split(',');
  if (ids.length > max) return spotifyError(400, 'Too many ids requested');
  if (ids.some((id) => !SPOTIFY_ID.test(id))) return spotifyError(400, 'invalid id');
  return ids;
}
