// MusicBrainz WS/2 (JSON): an artist's release groups and their types, the
// authority on which albums are live recordings or compilations when their
// names do not say so. No key; a meaningful User-Agent is required, and at
// most 1 request/s (the HTTP layer's `musicbrainz` rate limit; 503 above it,
// retried with backoff like any 5xx).
import { z } from 'zod';
import { HttpClient, joinUrl } from './http';
import { parseEnvelope, parseItems } from './validate';
import type { CallOptions, MusicBrainzApi, MusicBrainzReleaseGroup, Validated } from './types';
import { MUSICBRAINZ_PAGE_SIZE } from '../domain/limits';

const releaseGroupSchema = z
  .object({
    id: z.string().min(1),
    title: z.string(),
    'primary-type': z.string().nullish(),
    'secondary-types': z.array(z.string()).nullish(),
    'first-release-date': z.string().nullish(),
  })
  .transform(
    (g): MusicBrainzReleaseGroup => ({
      id: g.id,
      title: g.title,
      primaryType: g['primary-type'] ?? null,
      secondaryTypes: g['secondary-types'] ?? [],
      firstReleaseDate: g['first-release-date'] || null,
    }),
  );

const browseSchema = z.object({
  'release-group-count': z.number().int().nonnegative(),
  'release-group-offset': z.number().int().nonnegative().optional(),
  'release-groups': z.array(z.unknown()),
});

export interface MusicBrainzClientOptions {
  baseUrl: string;
  userAgent: string;
  http: HttpClient;
}

export class MusicBrainzClient implements MusicBrainzApi {
  readonly http: HttpClient;
  constructor(private readonly options: MusicBrainzClientOptions) {
    this.http = options.http;
  }

  /** Every album and single release group of the artist, 100 per request. */
  async getReleaseGroups(mbid: string, call?: CallOptions): Promise<Validated<MusicBrainzReleaseGroup>> {
    const result: Validated<MusicBrainzReleaseGroup> = { items: [], skipped: 0 };
    for (let offset = 0; ; offset += MUSICBRAINZ_PAGE_SIZE) {
      const response = await this.http.request(
        {
          url: joinUrl(this.options.baseUrl, 'release-group'),
          query: { artist: mbid, type: 'album|single', limit: MUSICBRAINZ_PAGE_SIZE, offset, fmt: 'json' },
          headers: { 'user-agent': this.options.userAgent },
        },
        call,
      );
      const page = parseEnvelope(browseSchema, response);
      const parsed = parseItems(releaseGroupSchema, page['release-groups']);
      result.items.push(...parsed.items);
      result.skipped += parsed.skipped;
      if (page['release-groups'].length === 0 || offset + page['release-groups'].length >= page['release-group-count']) return result;
    }
  }
}
