// Hostile input never yields a 500 or a stack trace: malformed JSON, wrong
// types, oversize bodies, very long strings, unicode, SQL-looking and
// path-traversal ids, unknown routes and methods, invalid Last-Event-ID —
// and, driven by fast-check, any JSON body and any path or query string
// against every route. Every answer is a 2xx or a 4xx with a JSON error.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ApiApp } from '../../api/app';
import { startStubSystem, type StubSystem } from './fixtures/stub-system';

let sys: StubSystem;
let app: ApiApp;

beforeAll(async () => {
  sys = await startStubSystem();
  // A Ticketmaster that finds nothing: search answers 200, so every answer below is the API's own.
  const ticketmaster = { ...sys.appDeps.ticketmaster, searchAttractions: async () => ({ items: [], skipped: 0 }) };
  app = createApp({ ...sys.appDeps, ticketmaster, adminToken: 'hostile-test-admin-token' });
}, 120_000);

afterAll(async () => {
  await sys?.stop();
});

const HOSTILE_IDS = [
  "1' OR '1'='1",
  "'; DROP TABLE \"Artist\"; --",
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'ｆａｋｅ－ｓｍａｌｌ',
  '🎸🎤',
  'a'.repeat(10_000),
  'tm-\u202e\u0000',
  '<script>alert(1)</script>',
];

/** The answer is a 2xx/3xx/4xx, and an error answer is our JSON error, with no stack trace in it. */
async function expectHandled(res: Response, what: string): Promise<void> {
  const body = await res.text();
  expect(res.status, `${what} → ${res.status}: ${body.slice(0, 300)}`).toBeLessThan(500);
  expect(body, what).not.toMatch(/\n\s+at \S+ \(|node_modules|\.ts:\d+/);
  if (res.status >= 400 && res.status !== 405) {
    expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
    expect(JSON.parse(body), what).toHaveProperty('error');
  }
}

const request = (path: string, init?: RequestInit) => app.request(path, init);
const post = (path: string, body: string) => request(path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

describe('hostile requests', () => {
  it('malformed JSON, wrong types and missing fields get a 400 naming the problem', async () => {
    for (const body of ['{', '{"tmAttractionId":', 'null', '[]', '"x"', '{"tmAttractionId":42}', '{"tmAttractionIds":"x"}', '{}']) {
      const res = await post('/api/artists/import', body);
      expect(res.status, body).toBe(400);
      await expectHandled(res, body);
    }
    const batch = await post('/api/artists/import/batch', JSON.stringify({ tmAttractionIds: Array.from({ length: 51 }, (_, i) => `id${i}`) }));
    expect(batch.status).toBe(400);
    expect(((await batch.json()) as { field?: string }).field).toMatch(/tmAttractionIds/);
  });

  it('answers 413 above the documented body limit (64 KiB)', async () => {
    const res = await post('/api/artists/import', JSON.stringify({ tmAttractionId: 'x'.repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'payload_too_large' });
  });

  it('SQL-looking, traversal, unicode and very long ids in every artist route', async () => {
    for (const id of HOSTILE_IDS) {
      const enc = encodeURIComponent(id);
      for (const path of [`/api/artists/${enc}`, `/api/artists/${enc}/songs`, `/api/artists/${enc}/shows`, `/api/artists/${enc}/status`, `/api/shows/${enc}/setlists`]) {
        const res = await request(path);
        expect([400, 404], `${path} → ${res.status}`).toContain(res.status);
        await expectHandled(res, path);
      }
      await expectHandled(await request(`/api/artists/${enc}/import`, { method: 'DELETE' }), `DELETE ${id}`);
      await expectHandled(await post(`/api/setlists/${enc}/songs/${enc}/vote`, '{}'), `vote ${id}`);
      await expectHandled(await request(`/api/search?q=${enc}`), `search ${id}`);
      await expectHandled(await post('/api/artists/import', JSON.stringify({ tmAttractionId: id })), `import ${id}`);
    }
  });

  it('unknown routes and methods, and an invalid Last-Event-ID', async () => {
    await expectHandled(await request('/api/nope'), 'unknown route');
    expect((await request('/api/nope')).status).toBe(404);
    for (const method of ['PUT', 'PATCH']) await expectHandled(await request('/api/artists/import', { method }), method);
    const started = await sys.startImport('fake-hostile-lei');
    for (const lei of ['abc', '-1', '1e400', '99999999999999999999999']) {
      const res = await request(`/api/artists/${started.artistId}/stream`, { headers: { 'Last-Event-ID': lei } });
      expect(res.status, lei).toBe(400);
      await expectHandled(res, `Last-Event-ID ${lei}`);
    }
  });

  it('admin routes refuse a wrong token without a stack trace', async () => {
    for (const auth of [undefined, 'Bearer wrong', 'Basic x', `Bearer ${'x'.repeat(5000)}`]) {
      const res = await request('/api/admin/schedules', { headers: auth ? { Authorization: auth } : {} });
      expect([401, 403], String(auth)).toContain(res.status);
      await expectHandled(res, `admin ${auth?.slice(0, 20)}`);
    }
  });
});

describe('property: any input gets a 2xx or a 4xx', () => {
  const anyId = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom(...HOSTILE_IDS), fc.uuid());
  const anyBody = fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 500 }), fc.record({ tmAttractionId: fc.anything() }), fc.record({ tmAttractionIds: fc.anything() }));
  const routes = [
    (id: string) => `/api/artists/${id}`,
    (id: string) => `/api/artists/${id}/songs?limit=${id}&cursor=${id}`,
    (id: string) => `/api/artists/${id}/shows?status=${id}`,
    (id: string) => `/api/artists/${id}/status`,
    (id: string) => `/api/shows/${id}/setlists`,
    (id: string) => `/api/search?q=${id}&limit=${id}`,
    (id: string) => `/api/trending?limit=${id}`,
  ];

  it('GET routes with any path segment and query value', async () => {
    await fc.assert(
      fc.asyncProperty(anyId, fc.integer({ min: 0, max: routes.length - 1 }), async (id, route) => {
        const path = routes[route]!(encodeURIComponent(id));
        await expectHandled(await request(path), path);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('POST routes with any body', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, fc.constantFrom('/api/artists/import', '/api/artists/import/batch', `/api/setlists/${crypto.randomUUID()}/songs/x/vote`), async (body, path) => {
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        await expectHandled(await post(path, text), `${path} ${text.slice(0, 80)}`);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
