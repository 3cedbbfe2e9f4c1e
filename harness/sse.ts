// The one Server-Sent Events reader of the tests and the benchmark. It parses
// the wire format the way a browser's EventSource does (id/event/data fields,
// multi-line data, comments, CRLF or LF line ends; a block without data is not
// an event) and keeps what EventSource hides: the status, the comments, when
// each event arrived, and whether the server or the reader ended the stream.

export interface SseEvent {
  /** The `event:` field; "message" when the block had none. */
  event: string;
  /** This block's own `id:` field; undefined when it had none. */
  id: string | undefined;
  /** The `data:` lines joined with "\n", as sent (see sseJson). */
  data: string;
}

export interface SseResult {
  status: number;
  contentType: string | null;
  events: SseEvent[];
  /** Comment lines without the colon, trimmed: ": keep-alive" → "keep-alive". */
  comments: string[];
  /** The last id seen: what an EventSource would send back as Last-Event-ID. */
  lastEventId: string | undefined;
  /** The last `retry:` the server asked for (ms). */
  retryMs: number | undefined;
  /** True when the server ended the stream; false when the reader stopped it. */
  ended: boolean;
  /** Why the reader stopped a stream the server had not ended. */
  stoppedBy: 'stopWhen' | 'timeout' | 'signal' | undefined;
  /** The body of an answer that is not an event stream (e.g. a 404's JSON). */
  body: string | undefined;
  /** From the request to the end of reading. */
  ms: number;
}

export interface ReadSseOptions {
  headers?: Record<string, string>;
  /** Resume after this id: sent as the Last-Event-ID header, as EventSource does on reconnecting. */
  lastEventId?: string | number;
  /** Called as each event arrives (e.g. to time it); `events` holds it and every earlier one. */
  onEvent?: (event: SseEvent, events: readonly SseEvent[]) => void;
  /** Asked after each event or comment: true stops reading and aborts the request. */
  stopWhen?: (events: readonly SseEvent[], comments: readonly string[]) => boolean;
  /** Aborts the request after this long and returns what was read (default 15 s; Infinity: never). */
  timeoutMs?: number;
  /** Aborts the request from outside; what was read is returned. */
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** An event's data parsed as JSON. */
export function sseJson<T = unknown>(event: SseEvent): T {
  return JSON.parse(event.data) as T;
}

/**
 * GETs `url` as an event stream and reads it until the server closes it,
 * `stopWhen` says enough, `timeoutMs` passes or `signal` aborts (the request is
 * then aborted). Never throws for an early stop: `ended` and `stoppedBy` say
 * what happened. An answer that is not `text/event-stream` is read as `body`.
 */
export async function readSse(url: string, opts: ReadSseOptions = {}): Promise<SseResult> {
  const t0 = Date.now();
  const abort = new AbortController();
  let stoppedBy: SseResult['stoppedBy'];
  const stop = (why: NonNullable<SseResult['stoppedBy']>) => {
    stoppedBy ??= why;
    abort.abort();
  };
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = Number.isFinite(timeoutMs) ? setTimeout(() => stop('timeout'), timeoutMs) : undefined;
  const onSignal = () => stop('signal');
  if (opts.signal?.aborted) onSignal();
  opts.signal?.addEventListener('abort', onSignal, { once: true });

  const events: SseEvent[] = [];
  const comments: string[] = [];
  const parser = new SseParser({
    event(e) {
      events.push(e);
      opts.onEvent?.(e, events);
    },
    comment(text) {
      comments.push(text);
    },
  });
  const headers: Record<string, string> = { accept: 'text/event-stream', ...opts.headers };
  if (opts.lastEventId !== undefined) headers['Last-Event-ID'] = String(opts.lastEventId);

  let res: Response | undefined;
  const result = (ended: boolean, body?: string): SseResult => ({
    status: res?.status ?? 0,
    contentType: res?.headers.get('content-type') ?? null,
    events,
    comments,
    lastEventId: parser.lastEventId,
    retryMs: parser.retryMs,
    ended,
    stoppedBy: ended ? undefined : stoppedBy,
    body,
    ms: Date.now() - t0,
  });
  try {
    res = await fetch(url, { headers, signal: abort.signal });
    if (!res.body || !res.headers.get('content-type')?.startsWith('text/event-stream')) return result(true, await res.text());

    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) {
        parser.push(decoder.decode(), true);
        return result(true);
      }
      // stopWhen is asked after every event or comment, not once per chunk.
      parser.push(decoder.decode(chunk.value, { stream: true }), false, () => {
        if (opts.stopWhen?.(events, comments)) stop('stopWhen');
        return stoppedBy !== undefined;
      });
      if (stoppedBy !== undefined) {
        await reader.cancel().catch(() => {});
        return result(false);
      }
    }
  } catch (error) {
    // The reader's own abort (timeout, signal) ends the read, wherever it was; anything else is an error.
    if (stoppedBy !== undefined && abort.signal.aborted) return result(false);
    throw error;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onSignal);
  }
}

/**
 * The event-stream parser of the HTML spec ("Interpreting an event stream"),
 * fed text as it arrives. Exported for tests of the format itself.
 */
export class SseParser {
  /** The last `id:` seen (it carries over to later events, as in EventSource). */
  lastEventId: string | undefined;
  retryMs: number | undefined;
  private buffer = '';
  private event = '';
  private id: string | undefined;
  private data: string[] = [];

  constructor(private readonly on: { event(e: SseEvent): void; comment?(text: string): void }) {}

  /**
   * Parses every complete line of `text` (with what earlier calls left over).
   * `end`: the stream ended, an unterminated last block is dropped (as the
   * spec says). `after` is called after each event or comment; true stops.
   */
  push(text: string, end = false, after?: () => boolean): void {
    this.buffer += text;
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      // A lone "\r" at the end may be the first half of "\r\n".
      if (!m || (m[0] === '\r' && m.index === this.buffer.length - 1 && !end)) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      if (this.line(line) && after?.()) return;
    }
    if (end) this.buffer = '';
  }

  /** One line; true when it produced an event or a comment. */
  private line(line: string): boolean {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) {
      this.on.comment?.(line.slice(1).trim());
      return true;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return false;
  }

  private dispatch(): boolean {
    const hasData = this.data.length > 0;
    if (hasData) this.on.event({ event: this.event || 'message', id: this.id, data: this.data.join('\n') });
    this.event = '';
    this.id = undefined;
    this.data = [];
    return hasData;
  }
}

export interface FollowSseOptions {
  /** Event names that end the following (e.g. done, failed). */
  finalEvents: readonly string[];
  /** Gives up (and returns what was read) at this time (ms since epoch). */
  deadline: number;
  /** Wait before reconnecting when the server named no `retry:` (EventSource's default is a few seconds; 1 s here). */
  reconnectMs?: number;
  /** Reads with this id first (a client that already saw events). */
  lastEventId?: string;
}

export interface FollowSseResult {
  /** Every event of every connection, in arrival order. */
  events: SseEvent[];
  /** The final event, when one arrived before the deadline. */
  final: SseEvent | undefined;
  /** Connections opened (the first one included), and those refused or broken before a response. */
  connections: number;
  failedConnections: number;
  /** Connections after the first that sent Last-Event-ID. */
  resumedWithLastEventId: number;
  /** Longest time from losing a connection to the next one answering. */
  longestReconnectMs: number;
}

/**
 * Follows an event stream the way a browser's EventSource does: when the
 * stream ends or the connection breaks before a final event, it waits the
 * server's `retry:` (or `reconnectMs`) and reconnects with Last-Event-ID set
 * to the last id seen, until a final event or the deadline.
 */
export async function followSse(url: string, opts: FollowSseOptions): Promise<FollowSseResult> {
  const result: FollowSseResult = { events: [], final: undefined, connections: 0, failedConnections: 0, resumedWithLastEventId: 0, longestReconnectMs: 0 };
  let lastEventId = opts.lastEventId;
  let retryMs = opts.reconnectMs ?? 1_000;
  let lostAt: number | null = null;
  while (Date.now() < opts.deadline) {
    result.connections++;
    if (result.connections > 1 && lastEventId !== undefined) result.resumedWithLastEventId++;
    const t0 = Date.now();
    try {
      const read = await readSse(url, {
        lastEventId,
        timeoutMs: Math.max(1, opts.deadline - Date.now()),
        // Taken as they arrive: a connection cut mid-stream throws, and what it delivered counts.
        onEvent(e) {
          result.events.push(e);
          if (e.id !== undefined) lastEventId = e.id;
        },
        stopWhen: (events) => opts.finalEvents.includes(events.at(-1)?.event ?? ''),
      });
      if (read.status === 200 && lostAt !== null) {
        result.longestReconnectMs = Math.max(result.longestReconnectMs, t0 - lostAt);
        lostAt = null;
      }
      retryMs = read.retryMs ?? retryMs;
      const last = read.events.at(-1);
      if (last && opts.finalEvents.includes(last.event)) {
        result.final = last;
        return result;
      }
      if (read.status !== 200) result.failedConnections++;
    } catch {
      result.failedConnections++; // refused, reset: the server is away
    }
    lostAt ??= Date.now();
    await new Promise((r) => setTimeout(r, retryMs));
  }
  return result;
}
