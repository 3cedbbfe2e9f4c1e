// The benchmark's own HTTP client, warmed before it times a first request.
// The first POST a Node process sends with fetch takes 10–20 ms on this
// machine against 2–4 ms for the next, whatever answers it (undici's own
// first use: a request with a body, a JSON answer). A timed "first request
// after ready" measures the API only once that cost is paid elsewhere: here,
// against a throwaway loopback server, never against the API.
import { postJson } from '../../harness/http';
import { warmAgainstLoopback } from '../../providers/loopback-warm-up';

/** Two JSON POSTs, as the bench sends its kickoffs. */
export function warmMeasuringClient(): Promise<void> {
  return warmAgainstLoopback(async (url) => {
    for (let i = 0; i < 2; i++) await (await postJson(url, { warm: i })).json();
  });
}
