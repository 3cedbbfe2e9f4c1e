// The harness's SSE reader (harness/sse.ts), which every stream assertion of
// the suite and the benchmark go through: the wire format, and how it stops.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSse, SseParser, sseJson, type SseEvent } from '../../harness/sse';

function parse(chunks: string[]): { events: SseEvent[]; comments: string[]; parser: SseParser } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const parser = new SseParser({ event: (e) => events.push(e), comment: (c) => comments.push(c) });
  chunks.forEach((chunk, i) => parser.push(chunk, i === chunks.length - 1));
  return { events, comments, parser };
}

describe('SseParser', () => {
  it('reads id, event and multi-line data; "message" when there is no event field', () => {
    const { events, parser } = parse(['id: 1\nevent: progress\ndata: {"a":\ndata:1}\n\ndata: plain\n\n']);
    expect(events).toEqual([
      { id: '1', event: 'progress', data: '{"a":\n1}' },
      { id: undefined, event: 'message', data: 'plain' },
    ]);
    expect(sseJson(events[0] as SseEvent)).toEqual({ a: 1 });
    expect(parser.lastEventId).toBe('1'); // carries over, as EventSource's lastEventId does
  });

  it('takes blocks split anywhere, CRLF and CR line ends, comments and retry', () => {
    const { events, comments, parser } = parse([': keep-', 'alive\r', '\nretry: 3000\r\nid: 7\r', '\nevent: done\rdata: x\r', '\r', '\n']);
    expect(comments).toEqual(['keep-alive']);
    expect(events).toEqual([{ id: '7', event: 'done', data: 'x' }]);
    expect(parser.retryMs).toBe(3000);
  });

  it('dispatches no block without data, and drops an unterminated last block', () => {
    const { events, parser } = parse(['id: 3\nevent: progress\n\n', 'data: cut short']);
    expect(events).toEqual([]);
    expect(parser.lastEventId).toBe('3');
  });
});

describe('readSse', () => {
  let server: Server;
  let url: string;
  const seen: Array<{ path: string; lastEventId: string | undefined; closedEarly?: boolean }> = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const entry: (typeof seen)[number] = { path: req.url ?? '', lastEventId: req.headers['last-event-id'] as string | undefined };
      seen.push(entry);
      if (req.url === '/json') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const from = Number(entry.lastEventId ?? 0);
      for (let i = from + 1; i <= from + 3; i++) res.write(`id: ${i}\nevent: progress\ndata: {"version":${i}}\n\n`);
      if (req.url === '/finite') {
        res.end('event: done\ndata: {}\n\n');
        return;
      }
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 20);
      res.on('close', () => {
        clearInterval(keepAlive);
        entry.closedEarly = !res.writableEnded;
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads a stream to its end and resumes after Last-Event-ID', async () => {
    const arrived: string[] = [];
    const sse = await readSse(`${url}/finite`, { lastEventId: 5, onEvent: (e) => arrived.push(e.event) });
    expect(seen.at(-1)?.lastEventId).toBe('5');
    expect(sse).toMatchObject({ status: 200, contentType: 'text/event-stream', ended: true, stoppedBy: undefined, lastEventId: '8' });
    expect(sse.events.map((e) => e.id)).toEqual(['6', '7', '8', undefined]);
    expect(arrived).toEqual(['progress', 'progress', 'progress', 'done']);
  });

  it('stops when stopWhen says so, and the server sees the client leave', async () => {
    const sse = await readSse(`${url}/endless`, { stopWhen: (events) => events.length >= 2 });
    expect(sse).toMatchObject({ ended: false, stoppedBy: 'stopWhen' });
    expect(sse.events).toHaveLength(2);
    await expect.poll(() => seen.at(-1)?.closedEarly).toBe(true);
  });

  it('gives up after timeoutMs with what it read, and on an outside abort', async () => {
    const timedOut = await readSse(`${url}/endless`, { timeoutMs: 200 });
    expect(timedOut).toMatchObject({ ended: false, stoppedBy: 'timeout' });
    expect(timedOut.events).toHaveLength(3);
    expect(timedOut.comments.filter((c) => c === 'keep-alive').length).toBeGreaterThanOrEqual(2);

    const outside = new AbortController();
    setTimeout(() => outside.abort(), 100);
    expect(await readSse(`${url}/endless`, { signal: outside.signal })).toMatchObject({ ended: false, stoppedBy: 'signal' });
  });

  it('hands back the body of an answer that is not an event stream', async () => {
    const res = await readSse(`${url}/json`);
    expect(res).toMatchObject({ status: 404, contentType: 'application/json', ended: true, events: [], body: '{"error":"not_found"}' });
  });
});
