// An artist's import as a fan follows it: live over SSE, as a JSON snapshot
// (polling fallback), and cancellation. All of it reads the workflow.
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/common';
import { streamSSE } from 'hono/streaming';
import type { Artist } from '../../generated/prisma/client';
import type { ImportProgress } from '../../domain/progress';
import { artistImportWorkflowId } from '../../domain/import-workflow';
import { requireArtist } from '../artist-lookup';
import type { AppDeps } from '../deps';
import { conflict, invalidRequest, notFound } from '../errors';
import { locateImport, resolveSnapshot, type ImportLocation } from '../import-snapshot';
import type { ApiMetrics } from '../metrics';
import type { ProgressWatchers } from '../progress-watchers';
import { annotateRequest, requestLogFields } from '../request-log';
import { createRouter } from '../router';
import { SingleFlight } from '../single-flight';
import { StalledClientError, withWriteDeadline, type DeadlineWriter } from '../stream-deadline';
import { ArtistRefParam, ErrorSchema, errorResponses, ImportProgressSchema } from '../schemas';
import { withTemporalDeadline } from '../temporal-calls';

const DEFAULT_KEEP_ALIVE_MS = 15_000;
/** A stream that has had nothing new to say this long ends; the client reconnects with Last-Event-ID. */
const DEFAULT_SSE_IDLE_TIMEOUT_MS = 10 * 60_000;
/** A write a client has not taken this long drops its connection (api/stream-deadline.ts). */
const DEFAULT_SSE_WRITE_TIMEOUT_MS = 30_000;
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

const runIdOf = (location: ImportLocation) => (location.kind === 'workflow' ? location.info.runId : location.run.runId);

/** A version's JSON, made once however many clients of a shared watcher are sent it. */
const serializedVersions = new WeakMap<ImportProgress, string>();
function serialized(progress: ImportProgress): string {
  let json = serializedVersions.get(progress);
  if (json === undefined) serializedVersions.set(progress, (json = JSON.stringify(progress)));
  return json;
}

function terminalEvent(progress: ImportProgress): 'done' | 'failed' {
  return progress.status === 'completed' ? 'done' : 'failed';
}

interface StreamContext {
  deps: AppDeps;
  watchers: ProgressWatchers;
  artist: Artist;
  location: ImportLocation;
  resumeAfter: number | null;
  stream: Pick<DeadlineWriter, 'writeSSE'>;
  stop: AbortSignal;
}

/**
 * Writes the import's progress until it ends (or the client leaves); see the
 * route's description. A running import is read through the process's one
 * watcher of that run, shared with every other client of it.
 */
async function streamProgress({ deps, watchers, artist, location, resumeAfter, stream, stop }: StreamContext): Promise<'ended' | 'idle'> {
  const idleMs = deps.sseIdleTimeoutMs ?? DEFAULT_SSE_IDLE_TIMEOUT_MS;
  let lastSent = resumeAfter ?? -1;
  let lastNews = Date.now();
  let first = true;

  const write = async (event: string, progress: ImportProgress, id: number) => {
    await stream.writeSSE({ event, id: String(id), data: serialized(progress), ...(first ? { retry: RECONNECT_MS } : {}) });
    first = false;
  };
  // The terminal event is sent even to a client that has seen its version: it is what ends the client's wait.
  const sendFinal = (progress: ImportProgress) => write(terminalEvent(progress), progress, Math.max(progress.version, lastSent));

  if (location.kind === 'record' || !location.running) {
    const snapshot = await resolveSnapshot(deps, artist, location);
    await sendFinal(snapshot.progress);
    return 'ended';
  }

  const feed = watchers.join({ artist, handle: location.handle, info: location.info });
  try {
    while (!stop.aborted) {
      const news = feed.since(lastSent);
      for (const progress of news) {
        await write('progress', progress, progress.version);
        lastSent = progress.version;
        lastNews = Date.now();
      }
      if (news.length > 0) continue; // more may have arrived while writing
      if (feed.final) {
        await sendFinal(feed.final);
        return 'ended';
      }
      const idleLeft = idleMs - (Date.now() - lastNews);
      if (idleLeft <= 0) return 'idle';
      await feed.changed(AbortSignal.any([stop, AbortSignal.timeout(idleLeft)]));
    }
    return 'ended';
  } finally {
    feed.leave();
  }
}

export function importProgressRoutes(deps: AppDeps, { watchers, metrics }: { watchers: ProgressWatchers; metrics: Pick<ApiMetrics, 'streamOpened'> }) {
  // Fans arriving together at an import no watcher follows yet share one artist lookup and one describe.
  const artistLookups = new SingleFlight<Artist>();
  const importLookups = new SingleFlight<ImportLocation>();
  return createRouter()
    .openapi(streamRoute, async (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const header = c.req.valid('header');
      const byRef = watchers.watchingArtist(id);
      const artist = byRef?.artist ?? (await artistLookups.run(id, () => requireArtist(deps.db, id)));
      const workflowId = artistImportWorkflowId(artist.tmAttractionId);
      annotateRequest(c, { artistId: artist.id, workflowId });
      const watched = byRef ?? watchers.watching(workflowId);
      const location: ImportLocation = watched
        ? { kind: 'workflow', handle: watched.handle, info: watched.info, running: true }
        : await importLookups.run(artist.id, () => locateOrThrow(deps, artist));
      const fromHeader = header['last-event-id'] === undefined ? null : Number(header['last-event-id']);
      if (fromHeader !== null && !Number.isSafeInteger(fromHeader)) throw invalidRequest('Last-Event-ID', 'is too large');
      const resumeAfter = query.lastEventId ?? fromHeader;
      annotateRequest(c, { runId: runIdOf(location) });
      const streamLog = deps.logger.child(requestLogFields(c));

      c.header('X-Accel-Buffering', 'no'); // proxies must not hold events back
      return streamSSE(c, async (stream) => {
        const closed = metrics.streamOpened();
        const stop = new AbortController();
        let endedBy: 'import ended' | 'client left' | 'shutdown' | 'idle' | 'error' = 'import ended';
        const onShutdown = () => {
          endedBy = 'shutdown';
          stop.abort();
        };
        stream.onAbort(() => {
          endedBy = 'client left';
          stop.abort();
        });
        const writer = withWriteDeadline(c, stream, deps.sseWriteTimeoutMs ?? DEFAULT_SSE_WRITE_TIMEOUT_MS, () => stop.abort());
        deps.shutdownSignal?.addEventListener('abort', onShutdown, { once: true });
        if (deps.shutdownSignal?.aborted) onShutdown();
        // A client that stops reading gets no more keep-alives queued behind the one it has not taken.
        let keepAlivePending = false;
        const keepAlive = setInterval(() => {
          if (keepAlivePending) return;
          keepAlivePending = true;
          writer
            .write(': keep-alive\n\n')
            .catch(() => {}) // a stalled client: the writer has dropped it already
            .finally(() => (keepAlivePending = false));
        }, deps.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS);
        try {
          if ((await streamProgress({ deps, watchers, artist, location, resumeAfter, stream: writer, stop: stop.signal })) === 'idle') endedBy = 'idle';
        } catch (err) {
          if (err instanceof StalledClientError || writer.stalled) return; // dropped; logged below
          endedBy = 'error';
          streamLog.error({ err }, 'progress stream failed');
          // The client reconnects with Last-Event-ID and resumes where it was.
          await stream.writeSSE({ event: 'error', data: JSON.stringify({ error: 'internal_error', message: 'The progress stream broke; reconnecting resumes it.' }) });
        } finally {
          closed();
          clearInterval(keepAlive);
          deps.shutdownSignal?.removeEventListener('abort', onShutdown);
          stop.abort();
          if (writer.stalled) streamLog.info({ endedBy: 'stalled' }, 'progress stream dropped: the client took no data');
          else streamLog.debug({ endedBy }, 'progress stream ended');
        }
      });
    })
    .openapi(statusRoute, async (c) => {
      const { id } = c.req.valid('param');
      const artist = await requireArtist(deps.db, id);
      annotateRequest(c, { artistId: artist.id, workflowId: artistImportWorkflowId(artist.tmAttractionId) });
      const location = await locateOrThrow(deps, artist);
      annotateRequest(c, { runId: runIdOf(location) });
      // A run some stream is watching is answered from that watcher, without another query.
      const watched = location.kind === 'workflow' && location.running ? watchers.latest(location.info.workflowId, location.info.runId) : null;
      return c.json(watched ?? (await resolveSnapshot(deps, artist, location)).progress, 200);
    })
    .openapi(cancelRoute, async (c) => {
      const { id } = c.req.valid('param');
      const artist = await requireArtist(deps.db, id);
      annotateRequest(c, { artistId: artist.id, workflowId: artistImportWorkflowId(artist.tmAttractionId) });
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
