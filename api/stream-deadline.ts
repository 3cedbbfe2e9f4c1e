// Writes of a progress stream, each with a deadline. Backpressure already
// bounds what one stream buffers in this process (@hono/node-server waits for
// the socket's `drain`, so a client that stops reading blocks the stream's next
// write with at most the socket's high-water mark and a chunk or two queued);
// the deadline bounds how long such a stream is kept: a write the client has
// not taken within it drops the connection, which frees the socket, its
// buffers and the stream's place among the watcher's clients. A live client
// (EventSource) reconnects and resumes after its Last-Event-ID.
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { SSEMessage, SSEStreamingApi } from 'hono/streaming';

/** Thrown by a write that was not flushed in time (the connection is dropped already). */
export class StalledClientError extends Error {
  constructor(timeoutMs: number) {
    super(`the client took no data for ${timeoutMs} ms`);
    this.name = 'StalledClientError';
  }
}

/** The stream's writes, each failing with StalledClientError when not flushed within the deadline. */
export interface DeadlineWriter {
  writeSSE(message: SSEMessage): Promise<void>;
  write(text: string): Promise<void>;
  /** True once a write missed its deadline. */
  readonly stalled: boolean;
}

/**
 * Wraps `stream` so that a write still pending after `timeoutMs` ends it:
 * the Node response under it is destroyed (when served by @hono/node-server),
 * the stream aborted, and `onStalled` told; that write and every later one
 * reject with StalledClientError.
 */
export function withWriteDeadline(c: Context, stream: SSEStreamingApi, timeoutMs: number, onStalled: () => void): DeadlineWriter {
  let stalled = false;
  const drop = () => {
    stalled = true;
    const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
    if (outgoing && !outgoing.destroyed) outgoing.destroy();
    stream.abort();
    onStalled();
  };
  const guarded = async (write: () => Promise<unknown>): Promise<void> => {
    if (stalled) throw new StalledClientError(timeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    try {
      const outcome = await Promise.race([write().then(() => 'flushed' as const), deadline]);
      if (outcome === 'late') {
        if (!stalled) drop();
        throw new StalledClientError(timeoutMs);
      }
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    writeSSE: (message) => guarded(() => stream.writeSSE(message)),
    write: (text) => guarded(() => stream.write(text)),
    get stalled() {
      return stalled;
    },
  };
}
