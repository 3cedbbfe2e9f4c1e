// What the API tests share: a real HTTP server around the app, an SSE reader
// that sees the wire format a browser sees, and unique ids so test files can
// share one database.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { pino, type Logger } from 'pino';
import type { ApiApp } from '../../api/app';

export function testLogger(): Logger {
  return pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}

export interface LogEntry {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** A debug-level logger whose entries the test can read. */
export function capturingLogger(): { logger: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void entries.push(JSON.parse(line) as LogEntry) });
  return { logger, entries };
}

/** An id no other test (or test file) uses: [A-Za-z0-9_-] like a Ticketmaster attraction id. */
export function uniqueId(prefix = 'K'): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export function listen(app: ApiApp): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as Server).closeAllConnections();
          }),
      });
    });
  });
}

export interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

export interface SseResult {
  status: number;
  contentType: string | null;
  events: SseEvent[];
  comments: string[];
  /** True when the server ended the stream (as opposed to the reader stopping early). */
  ended: boolean;
  ms: number;
}

/**
 * Reads an SSE response block by block until the server closes it, `stopWhen`
 * says enough, or `timeoutMs` passes (then the request is aborted).
 */
export async function readSse(
  url: string,
  opts: { headers?: Record<string, string>; stopWhen?: (events: SseEvent[], comments: string[]) => boolean; timeoutMs?: number } = {},
): Promise<SseResult> {
  const t0 = Date.now();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? 15_000);
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let ended = false;
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...opts.headers }, signal: abort.signal });
  try {
    if (!res.body || !res.headers.get('content-type')?.startsWith('text/event-stream')) {
      await res.text();
      ended = true;
      return { status: res.status, contentType: res.headers.get('content-type'), events, comments, ended, ms: Date.now() - t0 };
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch {
        break; // aborted by the timeout
      }
      if (chunk.done) {
        ended = true;
        break;
      }
      buffer += decoder.decode(chunk.value, { stream: true });
      let sep: number;
      while ((sep = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, sep);
        buffer = buffer.slice(sep + 2);
        const parsed = parseBlock(block, comments);
        if (parsed) events.push(parsed);
      }
      if (opts.stopWhen?.(events, comments)) {
        abort.abort();
        break;
      }
    }
  } finally {
    clearTimeout(timer);
  }
  return { status: res.status, contentType: res.headers.get('content-type'), events, comments, ended, ms: Date.now() - t0 };
}

function parseBlock(block: string, comments: string[]): SseEvent | null {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  let sawField = false;
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
    else continue;
    sawField = true;
  }
  return sawField ? { event, id, data: data.join('\n') } : null;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
