// The fans of the fan-out benchmark, in a process of their own so that their
// CPU is not counted as the API's: N SSE clients on one stream URL. Prints
// "ready" once loaded, then reads the stream URL from stdin, so the clients
// connect the moment the import starts rather than after this process has
// loaded. Prints one JSON line: each client's progress versions, whether it got
// the end, each version change's delay to each client (with when the change
// was made), how long each waited for its first event, and the answers that
// were not event streams (status and body) and how the streams ended, counted.
//
// Each client is a plain node:http request, not a `fetch`: a fan's browser
// runs on the fan's machine, and these clients share the API's two cores.
// While the streams run, a client only notes when each chunk arrived; the
// events are parsed (harness/sse.ts) once its stream is over. Against a bare
// broadcaster (1,000 clients, 1.6 KB events, 4 runs), parsing each chunk as it
// came made the P99 delay 95–122 ms, parsing afterwards 74–107 ms (fetch
// streams, earlier: 112 ms).
//   tsx scripts/bench-fanout-clients.ts <clients> <timeout ms>   (stream URL on stdin)
import http from 'node:http';
import { createInterface } from 'node:readline';
import { StringDecoder } from 'node:string_decoder';
import type { ImportProgress } from '../domain/progress';
import { SseParser, sseJson, type SseEvent } from '../harness/sse';

const [clientsArg, timeoutArg] = process.argv.slice(2);
if (!clientsArg || !timeoutArg) throw new Error('usage: bench-fanout-clients <clients> <timeout ms> (stream URL on stdin)');

interface ClientResult {
  status: number;
  /** The stream's events, each with when the chunk that completed it arrived (ms since epoch). */
  events: { event: SseEvent; at: number }[];
  /** True when the server ended the stream. */
  ended: boolean;
  /** Why the client stopped a stream the server had not ended. */
  stoppedBy?: string;
  /** The body of an answer that is not an event stream. */
  body?: string;
}

/** One fan: GETs the stream and reads it until the server ends it, the connection breaks or the time is up. */
function follow(url: string, agent: http.Agent, timeoutMs: number): Promise<ClientResult> {
  return new Promise((resolve) => {
    const chunks: { at: number; bytes: Buffer }[] = [];
    let status = 0;
    /** Undefined until an answer's head arrived. */
    let isStream: boolean | undefined;
    const finish = (ended: boolean, stoppedBy?: string) => {
      clearTimeout(timer);
      if (isStream === undefined) return resolve({ status, events: [], ended, stoppedBy });
      if (!isStream) return resolve({ status, events: [], ended, stoppedBy, body: Buffer.concat(chunks.map((c) => c.bytes)).toString('utf8') });
      resolve({ status, events: parseChunks(chunks), ended, stoppedBy });
    };
    const req = http.get(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
      status = res.statusCode ?? 0;
      isStream = res.headers['content-type']?.startsWith('text/event-stream') ?? false;
      res.on('data', (bytes: Buffer) => chunks.push({ at: Date.now(), bytes }));
      res.on('end', () => finish(true));
    });
    const timer = setTimeout(() => req.destroy(new Error('timeout')), timeoutMs);
    req.on('error', (err) => finish(false, err.message));
  });
}

/** A stream's events, each stamped with the arrival of the chunk that completed it. */
function parseChunks(chunks: readonly { at: number; bytes: Buffer }[]): ClientResult['events'] {
  const events: ClientResult['events'] = [];
  let at = 0;
  const parser = new SseParser({ event: (event) => events.push({ event, at }) });
  const decoder = new StringDecoder('utf8');
  for (const chunk of chunks) {
    at = chunk.at;
    parser.push(decoder.write(chunk.bytes));
  }
  parser.push(decoder.end(), true);
  return events;
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
const results = await Promise.all(Array.from({ length: Number(clientsArg) }, () => follow(url, agent, Number(timeoutArg))));
/** Each client's progress versions, in the order it received them. */
const versions: number[][] = [];
for (const { events } of results) {
  const first = events[0];
  if (first) firstEventMs.push(first.at - t0);
  const progress = events.filter((e) => e.event.event === 'progress').map(({ event, at }) => ({ progress: sseJson<ImportProgress>(event), at }));
  versions.push(progress.map((p) => p.progress.version));
  // The first progress event is the state as the client joined (it may be old): only later ones are changes it waited for.
  for (const { progress: changed, at } of progress.slice(1)) {
    // A version becomes visible when the workflow changed it; the client has it when its bytes arrived.
    const changedAt = Date.parse(changed.updatedAt);
    delays.push({ ms: at - changedAt, changedAt });
  }
}
const gotTheEnd = results.map((r) => r.ended && r.events.at(-1)?.event.event === 'done');
const refusals: Record<string, number> = {};
for (const r of results.filter((r) => r.body !== undefined)) {
  const key = `${r.status} ${r.body?.slice(0, 200)}`;
  refusals[key] = (refusals[key] ?? 0) + 1;
}
const endings: Record<string, number> = {};
for (const r of results.filter((r) => r.body === undefined)) {
  const last = r.events.at(-1)?.event;
  const key = `${r.ended ? 'ended' : `cut (${r.stoppedBy})`} after ${last ? `${last.event} ${last.event === 'progress' ? '' : last.data.slice(0, 200)}` : 'no event'}`;
  endings[key] = (endings[key] ?? 0) + 1;
}
/** When the last client had its first event: changes after it were waited for by every client. */
const allJoinedAt = t0 + Math.max(...firstEventMs);
console.log(JSON.stringify({ versions, gotTheEnd, delays, firstEventMs, allJoinedAt, refusals, endings }));
