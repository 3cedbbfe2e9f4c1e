// The benchmark's own HTTP client, warmed before it times a first request.
// The first POST a Node process sends with fetch takes 10–20 ms on this
// machine against 2–4 ms for the next, whatever answers it (undici's own
// first use: a request with a body, a JSON answer). A timed "first request
// after ready" measures the API only once that cost is paid elsewhere: here,
// against a throwaway loopback server, never against the API.
import { warmHttpClient } from '../../providers/warm-http';

/** Two JSON POSTs, as the bench sends its kickoffs. */
export function warmMeasuringClient(): Promise<void> {
  return warmHttpClient(
    [0, 1].map((i) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ warm: i }) })),
  );
}
