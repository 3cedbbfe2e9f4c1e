// An artist's import as a fan follows it: live over SSE, as a JSON snapshot
// (polling fallback), and cancellation. All of it reads the workflow.
import { createRoute, z } from '@hono/zod-openapi';
import { setMaxListeners } from 'node:events';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { SSEStreamingApi } from 'hono/streaming';
import { streamSSE } from 'hono/streaming';
import type { Artist } from '../../generated/prisma/client';
import type { ImportProgress } from '../../domain/progress';
import { requireArtist } from '../artist-lookup';
import type { AppDeps } from '../deps';
import { conflict, invalidRequest, notFound } from '../errors';
import {
  finishedProgress,
  locateImport,
  queryProgress,
  queuedProgress,
  resolveSnapshot,
  type ImportLocation,
} from '../import-snapshot';
import { createRouter } from '../router';
import { ArtistRefParam, ErrorSchema, errorResponses, ImportProgressSchema } from '../schemas';
import { withTemporalDeadline } from '../temporal-calls';

const DEFAULT_POLL_MS = 100;
const DEFAULT_KEEP_ALIVE_MS = 15_000;
/** A stream polls often: one slow query is skipped rather than waited for. */
const STREAM_QUERY_TIMEOUT_MS = 1_000;
/** Pause before watching for the run's close again after Temporal did not answer. */
const CLOSE_RETRY_MS = 1_000;
/** Tells EventSource clients how soon to reconnect (with Last-Event-ID) after a dropped connection. */
const RECONNECT_MS = 1_000;

const lastEventIdQuery = z.object({
  lastEventId: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be an integer' })
    .min(0, { error: 'must not be negative' })
    .optional()
    .openapi({ description: 'Resume after this progress version (same as the Last-Event-ID header)' }),
});
const lastEventIdHeader = z.object({
  'last-event-id': z.string().regex(/^\d+$/, { error: 'must be a progress version (a non-negative integer)' }).optional(),
});

const streamRoute = createRoute({
  method: 'get',
  path: '/{id}/stream',
  summary: "Live progress of the artist's import (Server-Sent Events)",
  description:
    '`event: progress` with `id: <version>` per change, then `event: done` (completed) or `event: failed` (failed or cancelled) with the final progress, then the stream closes. Keep-alive comments in between. `Last-Event-ID` resumes.',
  request: { params: ArtistRefParam, query: lastEventIdQuery, headers: lastEventIdHeader },
  responses: {
    200: { description: 'text/event-stream of ImportProgress', content: { 'text/event-stream': { schema: z.string() } } },
    ...errorResponses,
  },
});

const statusRoute = createRoute({
  method: 'get',
  path: '/{id}/status',
  summary: "Snapshot of the artist's import (polling fallback of the stream)",
  request: { params: ArtistRefParam },
  responses: {
    200: { description: 'Latest progress', content: { 'application/json': { schema: ImportProgressSchema } } },
    ...errorResponses,
  },
});

export const CancelResultSchema = z
  .object({ artistId: z.string(), workflowId: z.string(), runId: z.string(), status: z.literal('cancelling') })
  .openapi('CancelResult');

const cancelRoute = createRoute({
  method: 'delete',
  path: '/{id}/import',
  summary: "Cancel the artist's running import",
  request: { params: ArtistRefParam },
  responses: {
    202: {
      description: 'Cancellation requested; the stream ends with `failed` (status cancelled)',
      content: {
        'application/json': {
          schema: CancelResultSchema,
        },
      },
    },
    409: { description: 'No running import', content: { 'application/json': { schema: ErrorSchema } } },
    ...errorResponses,
  },
});

async function locateOrThrow(deps: AppDeps, artist: Artist): Promise<ImportLocation> {
  const location = await locateImport(deps, artist);
  if (!location) throw notFound(`Artist "${artist.slug}" has never been imported`);
  return location;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function terminalEvent(progress: ImportProgress): 'done' | 'failed' {
  return progress.status === 'completed' ? 'done' : 'failed';
}

interface StreamContext {
  deps: AppDeps;
  artist: Artist;
  location: ImportLocation;
  resumeAfter: number | null;
  stream: SSEStreamingApi;
  stop: AbortSignal;
}

/** Writes the import's progress until it ends (or the client leaves); see the route's description. */
async function streamProgress({ deps, artist, location, resumeAfter, stream, stop }: StreamContext): Promise<void> {
  const pollMs = deps.progressPollMs ?? DEFAULT_POLL_MS;
  let lastSent = resumeAfter ?? -1;
  let first = true;

  const write = async (event: string, progress: ImportProgress, id: number) => {
    await stream.writeSSE({ event, id: String(id), data: JSON.stringify(progress), ...(first ? { retry: RECONNECT_MS } : {}) });
    first = false;
  };
  const sendProgress = async (progress: ImportProgress) => {
    if (progress.version <= lastSent) return;
    await write('progress', progress, progress.version);
    lastSent = progress.version;
  };
  // The terminal event is sent even to a client that has seen its version: it is what ends the client's wait.
  const sendFinal = (progress: ImportProgress) => write(terminalEvent(progress), progress, Math.max(progress.version, lastSent));

  if (location.kind === 'record' || !location.running) {
    const snapshot = await resolveSnapshot(deps, artist, location);
    await sendFinal(snapshot.progress);
    return;
  }

  const { handle, info } = location;
  // Knowing at once that the run closed keeps the terminal event prompt even
  // when a query is stuck on a run that is closing (it would only time out).
  const closed = waitUntilClosed(deps, handle, stop);
  while (!stop.aborted) {
    const next = await Promise.race([queryProgress(deps, handle, STREAM_QUERY_TIMEOUT_MS), closed]);
    if (stop.aborted) return;
    if (next === CLOSED) {
      const closedInfo = await withTemporalDeadline(deps, () => handle.describe());
      await sendFinal(await finishedProgress(deps, artist, handle, closedInfo));
      return;
    }
    const progress = next ?? (lastSent < 0 ? queuedProgress(artist, info) : null);
    if (progress && progress.status !== 'running') {
      await sendFinal(progress);
      return;
    }
    if (progress) await sendProgress(progress);
    await Promise.race([sleep(pollMs, stop), closed]);
  }
}

const CLOSED = Symbol('closed');

/** Resolves with CLOSED once the run has closed, or with null when the stream stopped first. Never rejects. */
async function waitUntilClosed(deps: AppDeps, handle: WorkflowHandle, stop: AbortSignal): Promise<typeof CLOSED | null> {
  // result() long-polls history; each poll registers an abort listener on `stop`.
  setMaxListeners(0, stop);
  while (!stop.aborted) {
    try {
      await deps.temporal.withAbortSignal(stop, () => handle.result());
      return CLOSED;
    } catch (err) {
      if (err instanceof WorkflowFailedError) return CLOSED;
      if (stop.aborted) break;
      deps.logger.debug({ err, workflowId: handle.workflowId }, 'waiting for the run to close failed; retrying');
      await sleep(CLOSE_RETRY_MS, stop);
    }
  }
  return null;
}

export function importProgressRoutes(deps: AppDeps) {
  return createRouter()
    .openapi(streamRoute, async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const header = c.req.valid('header');
      const artist = await requireArtist(deps.db, id);
      const location = await locateOrThrow(deps, artist);
      const fromHeader = header['last-event-id'] === undefined ? null : Number(header['last-event-id']);
      if (fromHeader !== null && !Number.isSafeInteger(fromHeader)) throw invalidRequest('Last-Event-ID', 'is too large');
      const resumeAfter = query.lastEventId ?? fromHeader;

      c.header('X-Accel-Buffering', 'no'); // proxies must not hold events back
      return streamSSE(c, async (stream) => {
        const stop = new AbortController();
        let endedBy: 'import ended' | 'client left' | 'shutdown' | 'error' = 'import ended';
        const onShutdown = () => {
          endedBy = 'shutdown';
          stop.abort();
        };
        stream.onAbort(() => {
          endedBy = 'client left';
          stop.abort();
        });
        deps.shutdownSignal?.addEventListener('abort', onShutdown, { once: true });
        if (deps.shutdownSignal?.aborted) onShutdown();
        const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n'), deps.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS);
        try {
          await streamProgress({ deps, artist, location, resumeAfter, stream, stop: stop.signal });
        } catch (err) {
          endedBy = 'error';
          deps.logger.error({ err, artistId: artist.id }, 'progress stream failed');
          // The client reconnects with Last-Event-ID and resumes where it was.
          await stream.writeSSE({ event: 'error', data: JSON.stringify({ error: 'internal_error', message: 'The progress stream broke; reconnecting resumes it.' }) });
        } finally {
          clearInterval(keepAlive);
          deps.shutdownSignal?.removeEventListener('abort', onShutdown);
          stop.abort();
          deps.logger.debug({ artistId: artist.id, endedBy }, 'progress stream ended');
        }
      });
    })
    .openapi(statusRoute, async (c) => {
      const { id } = c.req.valid('param');
      const artist = await requireArtist(deps.db, id);
      const snapshot = await resolveSnapshot(deps, artist, await locateOrThrow(deps, artist));
      return c.json(snapshot.progress, 200);
    })
    .openapi(cancelRoute, async (c) => {
      const { id } = c.req.valid('param');
      const artist = await requireArtist(deps.db, id);
      const location = await locateImport(deps, artist);
      if (!location || location.kind !== 'workflow' || !location.running) {
        throw conflict(`Artist "${artist.slug}" has no running import to cancel`);
      }
      try {
        await withTemporalDeadline(deps, () => location.handle.cancel());
      } catch (err) {
        // It closed between the describe and the cancel.
        if (err instanceof WorkflowNotFoundError) throw conflict(`Artist "${artist.slug}" has no running import to cancel`);
        throw err;
      }
      deps.logger.info({ artistId: artist.id, workflowId: location.info.workflowId }, 'import cancellation requested');
      return c.json({ artistId: artist.id, workflowId: location.info.workflowId, runId: location.info.runId, status: 'cancelling' as const }, 202);
    });
}
