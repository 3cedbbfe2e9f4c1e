// The fans of the fan-out benchmark, in a process of their own so that their
// CPU is not counted as the API's: N SSE clients on one stream URL. Prints
// "ready" once loaded, then reads the stream URL from stdin, so the clients
// connect the moment the import starts rather than after this process has
// loaded. Prints one JSON line: each client's progress versions, whether it got
// the end, the delay from each version change to its arrival, how long each
// waited for its first event, and the answers
// that were not event streams (status and body) and how the streams ended, counted.
//   tsx scripts/bench-fanout-clients.ts <clients> <timeout ms>   (stream URL on stdin)
import { createInterface } from 'node:readline';
import type { ImportProgress } from '../domain/progress';
import { readSse, sseJson } from '../harness/sse';

const [clientsArg, timeoutArg] = process.argv.slice(2);
if (!clientsArg || !timeoutArg) throw new Error('usage: bench-fanout-clients <clients> <timeout ms> (stream URL on stdin)');

console.log('ready');
const lines = createInterface({ input: process.stdin });
const url = await new Promise<string>((resolve) => lines.once('line', (line) => resolve(line.trim())));
lines.close();

const delays: number[] = [];
/** From the URL's arrival to each client's first event (how long 1,000 connections take to be served). */
const firstEventMs: number[] = [];
const t0 = Date.now();
const results = await Promise.all(
  Array.from({ length: Number(clientsArg) }, () => {
    let caughtUp = false;
    return readSse(url, {
      timeoutMs: Number(timeoutArg),
      onEvent(e, events) {
        if (events.length === 1) firstEventMs.push(Date.now() - t0);
        if (e.event !== 'progress') return;
        // The first event is the state as the client joined (it may be old): only later ones are changes it waited for.
        if (!caughtUp) {
          caughtUp = true;
          return;
        }
        // A version becomes visible when the workflow changed it; the client sees it now.
        delays.push(Date.now() - Date.parse(sseJson<ImportProgress>(e).updatedAt));
      },
    });
  }),
);
const versions = results.map((r) => r.events.filter((e) => e.event === 'progress').map((e) => sseJson<ImportProgress>(e).version));
const gotTheEnd = results.map((r) => r.ended && r.events.at(-1)?.event === 'done');
const refusals: Record<string, number> = {};
for (const r of results.filter((r) => r.body !== undefined)) {
  const key = `${r.status} ${r.body?.slice(0, 200)}`;
  refusals[key] = (refusals[key] ?? 0) + 1;
}
const endings: Record<string, number> = {};
for (const r of results.filter((r) => r.body === undefined)) {
  const last = r.events.at(-1);
  const key = `${r.ended ? 'ended' : `cut (${r.stoppedBy})`} after ${last ? `${last.event} ${last.event === 'progress' ? '' : last.data.slice(0, 200)}` : 'no event'}`;
  endings[key] = (endings[key] ?? 0) + 1;
}
console.log(JSON.stringify({ versions, gotTheEnd, delays, firstEventMs, refusals, endings }));
