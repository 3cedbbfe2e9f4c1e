// The benchmark's own HTTP client, warmed before it times a first request.
// The first POST a Node process sends with fetch takes 10–20 ms on this
// machine against 2–4 ms for the next, whatever answers it (undici's own
// first use: a request with a body, a JSON answer). A timed "first request
// after ready" measures the API only once that cost is paid elsewhere: here,
// against a throwaway loopback server, never against the API.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postJson } from '../../harness/http';

export async function warmMeasuringClient(): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(202, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    for (let i = 0; i < 2; i++) await (await postJson(`http://127.0.0.1:${port}/`, { warm: i })).json();
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
