// Pays fetch's first-use cost before a timed or rate-limited request does.
// A Node process's first fetch loads and compiles undici's request path: 10–20 ms
// on an idle 2-core machine, over 100 ms in a worker sharing a loaded one. A
// provider request pays it after its rate grant, so it reaches the provider
// that much later than the grant — past the arrival jitter the permits allow
// for (request-permits.ts) — and the next request, on time, arrives too close
// to it. Here the cost is paid against a throwaway loopback server, never
// against a provider (it would count against the provider's rate and quota).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A provider client's requests: a JSON GET, and a form POST (Spotify's token request). */
const PROVIDER_REQUESTS: readonly RequestInit[] = [
  { headers: { accept: 'application/json' } },
  { method: 'POST', headers: { accept: 'application/json' }, body: new URLSearchParams({ grant_type: 'client_credentials' }) },
];

/** Sends `requests` (each answered 200 with `{}`, read in full) to a loopback server of its own, then closes it. */
export async function warmHttpClient(requests: readonly RequestInit[] = PROVIDER_REQUESTS): Promise<void> {
  const server = createServer((req, res) => {
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    for (const init of requests) await (await fetch(url, init)).json();
  } finally {
    server.closeAllConnections();
    await new Promise<void>((closed) => server.close(() => closed()));
  }
}
