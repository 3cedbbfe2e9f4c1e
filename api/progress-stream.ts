// One fan's progress stream, written to its connection (api/sse-response.ts):
// every version of the import after the client's Last-Event-ID, in order,
// then `done` or `failed`, then the end. A running import is read from the
// process's one watcher of that run, which tells all of its streams at once
// when something changed; each stream then writes what its client has not had
// yet. A version's event is framed once, whatever the number of clients.
//
// A client that stops taking data holds at most what its connection buffers
// plus one event: its stream writes nothing more until the connection drains,
// and is dropped when it has not drained within the write deadline (a live
// client reconnects and resumes after its Last-Event-ID). Keep-alive comments
// go out while nothing else does; a stream with no news for the idle timeout
// ends, and so does every stream when the process shuts down.
import type { ImportProgress } from '../domain/progress';
import type { ProgressFeed } from './progress-watchers';
import type { SseSink } from './sse-response';

/** Tells EventSource clients how soon to reconnect (with Last-Event-ID) after a dropped connection. */
const RECONNECT_MS = 1_000;

export type StreamEnd = 'import ended' | 'client left' | 'shutdown' | 'idle' | 'stalled' | 'error';

/** What the stream follows: the watched run's feed, or the outcome of an import that has ended. */
export type StreamSource = { kind: 'feed'; feed: ProgressFeed } | { kind: 'final'; progress: ImportProgress };

export interface ProgressStreamOptions {
  source: StreamSource;
  /** The version the client has already (its Last-Event-ID), or null for a first connection. */
  resumeAfter: number | null;
  sink: SseSink;
  keepAliveMs: number;
  /** A stream with no new version for this long ends. */
  idleMs: number;
  /** A connection that has not drained for this long is dropped. */
  writeTimeoutMs: number;
  /** Ends the stream (the process is shutting down). */
  shutdown?: AbortSignal;
  /** Called once the stream is over, with why (and the feed's failure for 'error'). */
  onEnd(endedBy: StreamEnd, err?: unknown): void;
}

const encoder = new TextEncoder();
const RETRY = encoder.encode(`retry: ${RECONNECT_MS}\n\n`);
const KEEP_ALIVE = encoder.encode(': keep-alive\n\n');
const BROKEN = frame('error', undefined, JSON.stringify({ error: 'internal_error', message: 'The progress stream broke; reconnecting resumes it.' }));

function frame(event: string, id: number | undefined, data: string): Uint8Array {
  // JSON has no raw line breaks: the data is one `data:` line.
  return encoder.encode(`event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${data}\n\n`);
}

/** Each version's events, framed once for every client that is sent them. */
const framed = new WeakMap<ImportProgress, Map<string, Uint8Array>>();
function eventOf(event: string, progress: ImportProgress, id: number): Uint8Array {
  if (id !== progress.version) return frame(event, id, JSON.stringify(progress));
  let events = framed.get(progress);
  if (!events) framed.set(progress, (events = new Map()));
  let bytes = events.get(event);
  if (!bytes) events.set(event, (bytes = frame(event, id, JSON.stringify(progress))));
  return bytes;
}

function terminalEvent(progress: ImportProgress): 'done' | 'failed' {
  return progress.status === 'completed' ? 'done' : 'failed';
}

/** Starts writing the stream; it runs until the import ends, the client leaves, or a limit ends it (see the file's head). */
export function openProgressStream(opts: ProgressStreamOptions): void {
  const { sink, source } = opts;
  let lastSent = opts.resumeAfter ?? -1;
  let over = false;
  /** Set while the connection has not taken what was written (the write deadline runs). */
  let undrained: NodeJS.Timeout | undefined;

  const keepAlive = setInterval(() => undrained === undefined && write(KEEP_ALIVE), opts.keepAliveMs);
  const idle = setTimeout(() => finish('idle'), opts.idleMs);
  const onShutdown = () => finish('shutdown');

  function write(bytes: Uint8Array): boolean {
    if (sink.write(bytes)) return true;
    undrained = setTimeout(() => {
      sink.destroy();
      finish('stalled');
    }, opts.writeTimeoutMs);
    sink.onDrain(() => {
      clearTimeout(undrained);
      undrained = undefined;
      pump();
    });
    return false;
  }

  /** Writes what the client has not had yet, until the connection is full. */
  function pump(): void {
    if (over || undrained !== undefined) return;
    if (source.kind === 'final') return sendFinal(source.progress);
    const { feed } = source;
    let news: ImportProgress[];
    try {
      news = feed.since(lastSent);
    } catch (err) {
      write(BROKEN);
      return finish('error', err);
    }
    for (const progress of news) {
      lastSent = progress.version;
      idle.refresh();
      if (!write(eventOf('progress', progress, progress.version))) return;
    }
    if (feed.final) sendFinal(feed.final);
  }

  // The terminal event is sent even to a client that has seen its version: it is what ends the client's wait.
  function sendFinal(progress: ImportProgress): void {
    write(eventOf(terminalEvent(progress), progress, Math.max(progress.version, lastSent)));
    finish('import ended');
  }

  function finish(endedBy: StreamEnd, err?: unknown): void {
    if (over) return;
    over = true;
    clearInterval(keepAlive);
    clearTimeout(idle);
    opts.shutdown?.removeEventListener('abort', onShutdown);
    if (source.kind === 'feed') source.feed.leave();
    // A connection still full keeps its deadline: ending it waits for a flush that may never come.
    if (endedBy !== 'stalled') sink.end();
    opts.onEnd(endedBy, err);
  }

  sink.onClose(() => {
    clearTimeout(undrained);
    finish('client left');
  });
  if (over) return; // the client left before the stream started
  opts.shutdown?.addEventListener('abort', onShutdown, { once: true });
  if (opts.shutdown?.aborted) return finish('shutdown');
  if (source.kind === 'feed') source.feed.onChange(pump);
  if (write(RETRY)) pump();
}
