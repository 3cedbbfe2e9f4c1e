import { describe, expect, it, afterEach } from 'vitest';
import { MusicBrainzClient } from '../../providers/musicbrainz';
import { json, startServer, testHttp, type TestServer } from './support';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const MBID = 'b10bbbfc-cf9e-42e0-be17-e2c3e1d2600d';

describe('MusicBrainzClient', () => {
  it('pages release groups 100 at a time with its User-Agent, and retries a 503', async () => {
    let served503 = false;
    server = await startServer((req, res) => {
      if (!served503) {
        served503 = true;
        return json(res, 503, { error: 'Your requests are exceeding the allowable rate limit.' });
      }
      const offset = Number(req.query.get('offset'));
      const groups = Array.from({ length: offset === 0 ? 100 : 20 }, (_, i) => ({
        id: `rg-${offset + i}`,
        title: `Album ${offset + i}`,
        'primary-type': 'Album',
        'secondary-types': offset + i === 3 ? ['Live'] : [],
        'first-release-date': '1980-01-01',
      }));
      json(res, 200, { 'release-group-count': 120, 'release-group-offset': offset, 'release-groups': groups });
    });
    const client = new MusicBrainzClient({ baseUrl: `${server.baseUrl}/ws/2`, userAgent: 'test-app/1.0 ( test@example.com )', http: testHttp('musicbrainz') });
    const found = await client.getReleaseGroups(MBID);
    expect(found.items).toHaveLength(120);
    expect(found.items[3]).toEqual({ id: 'rg-3', title: 'Album 3', primaryType: 'Album', secondaryTypes: ['Live'], firstReleaseDate: '1980-01-01' });
    const pages = server.requests.filter((r) => r.path === '/ws/2/release-group');
    expect(pages.map((r) => r.query.get('offset'))).toEqual(['0', '0', '100']);
    for (const r of pages) {
      expect(r.headers['user-agent']).toBe('test-app/1.0 ( test@example.com )');
      expect(Object.fromEntries(r.query)).toMatchObject({ artist: MBID, type: 'album|single', limit: '100', fmt: 'json' });
    }
  });
});
