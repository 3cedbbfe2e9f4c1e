// Pays an HTTP client's first-use cost before a timed or rate-limited request
// does. A Node process's first fetch loads and compiles undici's request path:
// 10–20 ms on an idle 2-core machine. In a worker on a loaded one, its first
// provider requests reached the fake 42–121 ms after their permit check (the
// next ones: a few ms), past what a rate grant allows (request-permits.ts).
// With this warm-up: 31–76 ms in three runs, 168 ms in a fourth. What is left
// is opening the connection, which the grant's deadline now covers
// (send-deadline.ts). Here the cost is paid against a throwaway loopback
// server, never against a provider (it would count against the provider's
// rate and quota) or the API being measured.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Calls `send` with the URL of a loopback server of its own that answers every request 200 `{}`; closes it after. */
export async function warmAgainstLoopback(send: (url: string) => Promise<void>): Promise<void> {
  const server = createServer((req, res) => {
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  try {
    await send(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((closed) => server.close(() => closed()));
  }
}
