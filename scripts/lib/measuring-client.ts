// The benchmark's own HTTP client, warmed before it times a first request.
// The first POST a Node process sends with fetch takes 10–20 ms on this
// machine against 2–4 ms for the next, whatever answers it (undici's own
// first use: a request with a body, a JSON answer). A timed "first request
// after ready" measures the API only once that cost is paid elsewhere: here,
// against a throwaway loopback server, never against the API.
import { Hono } from 'hono';
import { listen, postJson } from '../../harness/http';

export async function warmMeasuringClient(): Promise<void> {
  const server = await listen(new Hono().post('/', (c) => c.json({}, 202)));
  try {
    for (let i = 0; i < 2; i++) await (await postJson(`${server.url}/`, { warm: i })).json();
  } finally {
    await server.close();
  }
}
