// Fake MusicBrainz WS/2 (JSON): an artist's release groups, with the real
// rules — a User-Agent is required (403 without one), more than one request a
// second answers 503, `type=album|single` filters primary types, `limit` ≤ 100.
// Release groups come from the artist's albums and their truth labels: a live
// album is typed `Live` whatever its name says ("Made in Japan"), a
// compilation `Compilation`; an edition is a release of its studio album's
// group, not a group of its own; some studio albums MusicBrainz does not know.

import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { FakeAlbum, FakeArtist } from '../catalog/types';
import { providerError } from '../errors';
import { type FakeContext, intParam, providerGate } from '../http';

// Own copy of the real service's limits (the fakes are the oracle).
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 25;
const PRIMARY_TYPES = ['album', 'single', 'ep', 'broadcast', 'other'];

interface ReleaseGroup {
  id: string;
  title: string;
  'primary-type': 'Album' | 'Single';
  'secondary-types': string[];
  'first-release-date': string;
  disambiguation: string;
}

function uuidOf(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Whether MusicBrainz files this album as a release group of the artist (every 7th studio album it does not know). */
export function musicBrainzKnows(album: FakeAlbum, studioIndex: number): boolean {
  if (album.truth === 'studio' || album.truth === 'studio-lookalike') return studioIndex % 7 !== 5;
  return album.truth === 'single' || album.truth === 'live' || album.truth === 'live-unnamed' || album.truth === 'compilation';
}

function releaseGroups(artist: FakeArtist): ReleaseGroup[] {
  const groups: ReleaseGroup[] = [];
  let studioIndex = 0;
  for (const album of artist.albums) {
    const studio = album.truth === 'studio' || album.truth === 'studio-lookalike';
    const known = musicBrainzKnows(album, studioIndex);
    if (studio) studioIndex += 1;
    if (!known || album.id === null) continue;
    const secondary = album.truth === 'live' || album.truth === 'live-unnamed' ? ['Live'] : album.truth === 'compilation' ? ['Compilation'] : [];
    groups.push({
      id: uuidOf(`rg|${album.id}`),
      title: album.musicbrainzTitle ?? album.name,
      'primary-type': album.albumType === 'single' ? 'Single' : 'Album',
      'secondary-types': secondary,
      'first-release-date': album.releaseDate,
      disambiguation: '',
    });
  }
  return groups.sort((a, b) => a['first-release-date'].localeCompare(b['first-release-date']) || a.id.localeCompare(b.id));
}

/** GET /release-group?artist=<mbid>&type=album|single&limit=&offset=&fmt=json */
function browseReleaseGroups(ctx: FakeContext, c: Context): Response {
  const q = c.req.query();
  if (q.fmt !== 'json') return providerError('musicbrainz', 400, 'this fake speaks JSON only (fmt=json)');
  const mbid = q.artist ?? '';
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(mbid)) return providerError('musicbrainz', 400, `Invalid artist parameter: ${mbid}`);
  const limit = intParam(q.limit, DEFAULT_LIMIT);
  const offset = intParam(q.offset, 0);
  if (limit === null || limit < 1 || limit > MAX_LIMIT || offset === null || offset < 0) return providerError('musicbrainz', 400, 'Invalid limit or offset');
  const types = (q.type ?? '').split('|').filter((t) => t !== '');
  if (types.some((t) => !PRIMARY_TYPES.includes(t))) return providerError('musicbrainz', 400, `Invalid type: ${q.type}`);
  const entry = ctx.catalog.setlistArtist(mbid);
  if (!entry?.artist) return providerError('musicbrainz', 404, 'Not Found');
  const all = releaseGroups(entry.artist).filter((g) => types.length === 0 || types.includes(g['primary-type'].toLowerCase()));
  return c.json({ 'release-group-count': all.length, 'release-group-offset': offset, 'release-groups': all.slice(offset, offset + limit) });
}

/** MusicBrainz blocks anonymous clients: no User-Agent, or an HTTP library's default one ("node", "curl/8.5"). */
function meaningfulUserAgent(ua: string | undefined): boolean {
  const v = (ua ?? '').trim();
  return v !== '' && !/^(?:node|undici|node-fetch|axios|python-requests|python-urllib|curl|wget|go-http-client|java|okhttp)\b/i.test(v);
}

export function musicbrainzApp(ctx: FakeContext): Hono {
  const app = new Hono();
  app.use('*', providerGate(ctx, 'musicbrainz'));
  app.use('*', async (c, next) => {
    const gate = ctx.state.musicBrainzGate(Date.now(), meaningfulUserAgent(c.req.header('user-agent')));
    if (gate === 'no-user-agent') return providerError('musicbrainz', 403, 'Requests without a meaningful User-Agent are blocked');
    if (gate === 'too-fast') return providerError('musicbrainz', 503, 'Your requests are exceeding the allowable rate limit. Please see http://wiki.musicbrainz.org/XMLWebService for more information.');
    await next();
  });
  app.get('/release-group', (c) => browseReleaseGroups(ctx, c));
  app.all('*', () => providerError('musicbrainz', 404, 'Not Found'));
  return app;
}
