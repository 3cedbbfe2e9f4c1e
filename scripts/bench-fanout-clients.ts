// The fans of the fan-out benchmark, in a process of their own so that their
// CPU is not counted as the API's: N SSE clients on one stream URL. Prints
// "ready" once loaded, then reads the stream URL from stdin, so the clients
// connect the moment the import starts rather than after this process has
// loaded. Prints one JSON line: each client's progress versions, whether it got
// the end, each version change's delay to each client (with when the change
// was made), how long each waited for its first event, and the answers that
// were not event streams (status and body) and how the streams ended, counted.
//
// Each client is a plain node:http request read by the tests' SSE parser
// (harness/sse.ts), not a `fetch`: a fan's browser runs on the fan's machine,
// and these clients share the API's two cores. Against a bare broadcaster
// (1,000 clients, 1.6 KB events), 1,000 fetch streams alone made the P99
// delay 112 ms, plain requests 72 ms.
//   tsx scripts/bench-fanout-clients.ts <clients> <timeout ms>   (stream URL on stdin)
import http from 'node:http';
import { createInterface } from 'node:readline';
import type { ImportProgress } from '../domain/progress';
import { SseParser, sseJson, type SseEvent } from '../harness/sse';

const [clientsArg, timeoutArg] = process.argv.slice(2);
if (!clientsArg || !timeoutArg) throw new Error('usage: bench-fanout-clients <clients> <timeout ms> (stream URL on stdin)');

interface ClientResult {
  status: number;
  events: SseEvent[];
  /** True when the server ended the stream. */
  ended: boolean;
  /** Why the client stopped a stream the server had not ended. */
  stoppedBy?: string;
  /** The body of an answer that is not an event stream. */
  body?: string;
}

/** One fan: GETs the stream and reads it until the server ends it, the connection breaks or the time is up. */
function follow(url: string, agent: http.Agent, timeoutMs: number, onEvent: (e: SseEvent, events: readonly SseEvent[]) => void): Promise<ClientResult> {
  return new Promise((resolve) => {
    const events: SseEvent[] = [];
    let status = 0;
    const req = http.get(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
      status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      if (!res.headers['content-type']?.startsWith('text/event-stream')) {
        let body = '';
        res.on('data', (text: string) => (body += text));
        res.on('end', () => resolve({ status, events, ended: true, body }));
        return;
      }
      const parser = new SseParser({
        event(e) {
          events.push(e);
          onEvent(e, events);
        },
      });
      res.on('data', (text: string) => parser.push(text));
      res.on('end', () => {
        parser.push('', true);
        clearTimeout(timer);
        resolve({ status, events, ended: true });
      });
    });
    const timer = setTimeout(() => req.destroy(new Error('timeout')), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      resolve({ status, events, ended: false, stoppedBy: err.message });
    });
  });
}

console.log('ready');
const lines = createInterface({ input: process.stdin });
const url = await new Promise<string>((resolve) => lines.once('line', (line) => resolve(line.trim())));
lines.close();

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
/** Each change's delay to a client, and when the workflow made it (ms since epoch). */
const delays: { ms: number; changedAt: number }[] = [];
/** From the URL's arrival to each client's first event (how long 1,000 connections take to be served). */
const firstEventMs: number[] = [];
const t0 = Date.now();
const results = await Promise.all(
  Array.from({ length: Number(clientsArg) }, () => {
    let caughtUp = false;
    return follow(url, agent, Number(timeoutArg), (e, events) => {
      if (events.length === 1) firstEventMs.push(Date.now() - t0);
      if (e.event !== 'progress') return;
      // The first event is the state as the client joined (it may be old): only later ones are changes it waited for.
      if (!caughtUp) {
        caughtUp = true;
        return;
      }
      // A version becomes visible when the workflow changed it; the client sees it now.
      const changedAt = Date.parse(sseJson<ImportProgress>(e).updatedAt);
      delays.push({ ms: Date.now() - changedAt, changedAt });
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
/** When the last client had its first event: changes after it were waited for by every client. */
const allJoinedAt = t0 + Math.max(...firstEventMs);
console.log(JSON.stringify({ versions, gotTheEnd, delays, firstEventMs, allJoinedAt, refusals, endings }));
