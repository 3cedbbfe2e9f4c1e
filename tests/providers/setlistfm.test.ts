import { afterEach, describe, expect, it } from 'vitest';
import { SetlistFmClient } from '../../providers/setlistfm';
import { json, rejectionOf, startServer, testHttp, type Handler, type TestServer } from './support';

const API_KEY = 'sfm-sekrit';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setlistFm(handler: Handler): Promise<SetlistFmClient> {
  server = await startServer((req, res) => {
    if (req.headers['x-api-key'] !== API_KEY) return json(res, 403, { code: 403, message: 'Forbidden' });
    if (req.headers.accept !== 'application/json') {
      res.writeHead(406).end('<xml/>');
      return;
    }
    return handler(req, res);
  });
  return new SetlistFmClient({ apiKey: API_KEY, baseUrl: `${server.baseUrl}/rest/1.0`, http: testHttp('setlistfm') });
}

describe('SetlistFmClient.searchArtist', () => {
  it('sends the key and JSON accept headers and picks the exact normalised name match', async () => {
    const sfm = await setlistFm((_req, res) =>
      json(res, 200, {
        type: 'artists',
        itemsPerPage: 30,
        page: 1,
        total: 3,
        artist: [
          { mbid: 'm-tribute', name: 'Sigur Rós Tribute', sortName: 'Sigur Rós Tribute' },
          { name: 'no mbid' },
          { mbid: 'm-real', name: 'Sigur Rós', sortName: 'Sigur Rós', disambiguation: '' },
        ],
      }),
    );
    expect(await sfm.searchArtist('sigur ros')).toEqual({ mbid: 'm-real', name: 'Sigur Rós', sortName: 'Sigur Rós' });
    const request = server!.requests[0]!;
    expect(request.path).toBe('/rest/1.0/search/artists');
    expect([request.query.get('artistName'), request.query.get('p'), request.query.get('sort')]).toEqual(['sigur ros', '1', 'relevance']);
  });

  it('answers null when setlist.fm says 404 (nothing matches) or no result matches exactly', async () => {
    const none = await setlistFm((_req, res) => json(res, 404, { code: 404, status: 'Not Found', message: 'not found' }));
    expect(await none.searchArtist('Nobody At All')).toBeNull();
    expect(server!.requests).toHaveLength(1);
    await server!.close();

    const near = await setlistFm((_req, res) => json(res, 200, { artist: [{ mbid: 'x', name: 'The Nationals' }], total: 1 }));
    expect(await near.searchArtist('The National')).toBeNull();
  });

  it('fails on other errors, without the key in the message', async () => {
    server = await startServer((_req, res) => json(res, 403, {}));
    const sfm = new SetlistFmClient({ apiKey: 'wrong-sekrit', baseUrl: `${server.baseUrl}/rest/1.0`, http: testHttp('setlistfm') });
    const error = await rejectionOf(sfm.searchArtist('Muse'));
    expect((error as Error).message).toBe('setlistfm GET /rest/1.0/search/artists answered 403 Forbidden');
  });
});

describe('SetlistFmClient.getArtistSetlists', () => {
  it('maps setlists (ISO date, venue, tour, link, named non-tape songs, covers, encores) and counts malformed ones', async () => {
    const sfm = await setlistFm((_req, res) =>
      json(res, 200, {
        type: 'setlists',
        itemsPerPage: 20,
        page: 2,
        total: 41,
        setlist: [
          {
            id: '63de4613',
            eventDate: '23-08-1964',
            venue: { id: 'v1', name: 'Hollywood Bowl', city: { name: 'Hollywood', country: { code: 'US' } } },
            tour: { name: 'North American Tour 1964' },
            url: 'https://www.setlist.fm/setlist/the-beatles/1964/hollywood-bowl-63de4613.html',
            sets: {
              set: [
                {
                  song: [
                    { name: 'Intro', tape: true },
                    { name: 'Twist and Shout', cover: { mbid: 'c1', name: 'The Top Notes' } },
                    { name: '' },
                    { name: 'She Loves You' },
                  ],
                },
                { encore: 1, song: [{ name: 'Long Tall Sally' }] },
              ],
            },
          },
          { id: 'bad', eventDate: '1964-08-23' },
        ],
      }),
    );
    const page = await sfm.getArtistSetlists('b10bbbfc-cf9e-42e0-be17-e2c3e1d2600d', 2);

    expect(server!.requests[0]?.url).toBe('/rest/1.0/artist/b10bbbfc-cf9e-42e0-be17-e2c3e1d2600d/setlists?p=2');
    expect(page).toEqual({
      items: [
        {
          id: '63de4613',
          eventDate: '1964-08-23',
          venueName: 'Hollywood Bowl',
          cityName: 'Hollywood',
          tourName: 'North American Tour 1964',
          url: 'https://www.setlist.fm/setlist/the-beatles/1964/hollywood-bowl-63de4613.html',
          songs: [
            { name: 'Twist and Shout', encore: false, coverOf: 'The Top Notes' },
            { name: 'She Loves You', encore: false, coverOf: null },
            { name: 'Long Tall Sally', encore: true, coverOf: null },
          ],
          tapes: 1,
        },
      ],
      skipped: 1,
      total: 41,
      itemsPerPage: 20,
    });
  });

  it('reads a 404 (no setlists, or past the last page) as an empty page', async () => {
    const sfm = await setlistFm((_req, res) => json(res, 404, { code: 404, message: 'not found' }));
    expect(await sfm.getArtistSetlists('m', 9)).toEqual({ items: [], skipped: 0, total: 0, itemsPerPage: 20 });
  });
});
