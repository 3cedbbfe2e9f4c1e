// Where a progress stream's bytes go. Served by @hono/node-server, a stream
// writes straight to the Node response: one `write` per event, backpressure
// from the socket itself, and none of the web-stream machinery that cost each
// of a thousand connections ~275 KB and milliseconds of CPU per event. Served
// in process (`app.request`, no Node response), it writes to a web stream that
// is the Response's body.
//
// The route only prepares such a response; it is started by `streamHandoff`,
// the app's outermost middleware, once every other middleware has seen the
// response: its headers (request id, CORS, secure headers) are the ones written,
// and its request log line and metrics are taken when the stream opens.
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context, MiddlewareHandler } from 'hono';

/** A stream's connection, whichever it is. */
export interface SseSink {
  /** Queues `chunk`; false when the client has not taken what was queued before: wait for `onDrain`. */
  write(chunk: Uint8Array): boolean;
  /** Once, when the client has taken what was queued (after a `write` answered false). */
  onDrain(listener: () => void): void;
  /** Once, when the connection is gone: ended, destroyed, or closed by the client. */
  onClose(listener: () => void): void;
  /** Ends the response once what is queued is flushed. */
  end(): void;
  /** Drops the connection at once, queued bytes and all. */
  destroy(): void;
}

const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  Connection: 'keep-alive',
  // Proxies must not hold events back.
  'X-Accel-Buffering': 'no',
};
/** The header by which @hono/node-server leaves a response to whoever wrote it. */
const HANDED_OFF = [...RESPONSE_ALREADY_SENT.headers.keys()];

/** Streams prepared by a route, started by the outermost middleware. */
const pending = new WeakMap<Context, (headers: Headers) => void>();

/**
 * The response of a route that streams: `start` is given the connection once
 * the response's headers are final (straight away when served in process).
 */
export function sseResponse(c: Context, start: (sink: SseSink) => void): Response {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (!outgoing) {
    const { sink, body } = webStreamSink();
    start(sink);
    return c.body(body, 200, SSE_HEADERS);
  }
  pending.set(c, (headers) => {
    const written = Object.fromEntries([...headers].filter(([name]) => !HANDED_OFF.includes(name)));
    // Sent with the stream's first write, in one packet.
    outgoing.writeHead(200, written);
    start({
      write: (chunk) => outgoing.write(chunk),
      onDrain: (listener) => outgoing.once('drain', listener),
      // A client that left while the route was still looking things up is gone already.
      onClose: (listener) => void (outgoing.socket?.destroyed !== false ? listener() : outgoing.once('close', listener)),
      end: () => outgoing.end(),
      destroy: () => outgoing.destroy(),
    });
  });
  return c.body(null, 200, { ...SSE_HEADERS, ...Object.fromEntries(RESPONSE_ALREADY_SENT.headers) });
}

/** The app's first middleware: starts the stream a route prepared, with the headers every other middleware has set. */
export const streamHandoff: MiddlewareHandler = async (c, next) => {
  await next();
  const start = pending.get(c);
  pending.delete(c);
  // A middleware that answered otherwise (an error after the route) leaves the stream unstarted.
  if (!start || !HANDED_OFF.every((name) => c.res.headers.has(name))) return;
  start(c.res.headers);
  // The answer @hono/node-server leaves alone, as it is (assigned over nothing,
  // so that Hono does not copy it). The route's own, which carries the same
  // header, would be written again by @hono/node-server's fast path for
  // responses it made itself, which does not look at that header.
  c.res = undefined;
  c.res = RESPONSE_ALREADY_SENT;
};

/**
 * A web stream as the connection, for in-process requests. With no socket
 * buffers in between, it holds one chunk the reader has not taken: a body
 * nobody reads refuses the second write at once.
 */
function webStreamSink(): { sink: SseSink; body: ReadableStream<Uint8Array> } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let drained: (() => void) | undefined;
  let closed: (() => void) | undefined;
  let open = true;
  const close = () => {
    open = false;
    const listener = closed;
    closed = undefined;
    listener?.();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start: (c) => void (controller = c),
      pull() {
        const listener = drained;
        drained = undefined;
        listener?.();
      },
      cancel: close,
    },
    new CountQueuingStrategy({ highWaterMark: 1 }),
  );
  const sink: SseSink = {
    write(chunk) {
      if (!open) return true;
      controller.enqueue(chunk);
      return (controller.desiredSize ?? 0) > 0;
    },
    onDrain: (listener) => void (drained = listener),
    onClose: (listener) => void (open ? (closed = listener) : listener()),
    end() {
      if (!open) return;
      controller.close();
      close();
    },
    // In process there is no connection to drop: what was queued stays readable.
    destroy: () => sink.end(),
  };
  return { sink, body };
}
