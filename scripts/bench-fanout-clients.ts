// The fans of the fan-out benchmark, in a process of their own so that their
// CPU is not counted as the API's: N SSE clients on one stream URL. Prints one
// JSON line: each client's progress versions, whether it got the end, and the
// delay from each version change to its arrival.
//   tsx scripts/bench-fanout-clients.ts <stream url> <clients> <timeout ms>
import type { ImportProgress } from '../domain/progress';
import { readSse, sseJson } from '../harness/sse';

const [url, clientsArg, timeoutArg] = process.argv.slice(2);
if (!url || !clientsArg || !timeoutArg) throw new Error('usage: bench-fanout-clients <stream url> <clients> <timeout ms>');

const delays: number[] = [];
const results = await Promise.all(
  Array.from({ length: Number(clientsArg) }, () => {
    let caughtUp = false;
    return readSse(url, {
      timeoutMs: Number(timeoutArg),
      onEvent(e) {
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
console.log(JSON.stringify({ versions, gotTheEnd, delays }));
