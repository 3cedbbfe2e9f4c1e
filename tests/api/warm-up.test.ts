// The API's warm-up over a real connection (api/warm-up.ts warmOverLoopback):
// the refused kickoff reaches the process's handler through a socket and
// @hono/node-server's adapter, which the in-process warm-up never runs.
import { IncomingMessage } from 'node:http';
import { expect, it } from 'vitest';
import { warmOverLoopback } from '../../api/warm-up';

it('sends the refused kickoff to the handler over a loopback socket, from no origin and from another', async () => {
  const seen: Array<{ method: string; path: string; contentType: string | null; origin: string | null; body: string; overSocket: boolean }> = [];
  await warmOverLoopback(async (req, env) => {
    seen.push({
      method: req.method,
      path: new URL(req.url).pathname,
      contentType: req.headers.get('content-type'),
      origin: req.headers.get('origin'),
      body: await req.text(),
      overSocket: (env as { incoming?: unknown }).incoming instanceof IncomingMessage,
    });
    return Response.json({ error: 'invalid_request' }, { status: 400 });
  });
  const refused = { method: 'POST', path: '/api/artists/import', contentType: 'application/json', body: '{}', overSocket: true };
  expect(seen).toEqual([
    { ...refused, origin: null },
    { ...refused, origin: 'https://warm-up.invalid' },
  ]);
});
