// An artist's import as a fan follows it: live over SSE, as a JSON snapshot
// (polling fallback), and cancellation. All of it reads the workflow.
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Artist } from '../../generated/prisma/client';
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
import { openProgressStream, type StreamSource } from '../progress-stream';
import { sseResponse } from '../sse-response';
import { ArtistRefParam, ErrorSchema, errorResponses, ImportProgressSchema } from '../schemas';
import { withTemporalDeadline } from '../temporal-calls';

const DEFAULT_KEEP_ALIVE_MS = 15_000;
/** A stream that has had nothing new to say this long ends; the client reconnects with Last-Event-ID. */
const DEFAULT_SSE_IDLE_TIMEOUT_MS = 10 * 60_000;
/** A write a client has not taken this long drops its connection (api/progress-stream.ts). */
const DEFAULT_SSE_WRITE_TIMEOUT_MS = 30_000;

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
      const logFields = requestLogFields(c);
      let sourceAtStart: () => StreamSource;
      if (location.kind === 'workflow' && location.running) {
        const { handle, info } = location;
        // Joined once the stream starts: a response that never starts holds no place among the watcher's clients.
        sourceAtStart = () => ({ kind: 'feed', feed: watchers.join({ artist, handle, info }) });
      } else {
        const { progress } = await resolveSnapshot(deps, artist, location);
        sourceAtStart = () => ({ kind: 'final', progress });
      }

      return sseResponse(c, (sink) => {
        const closed = metrics.streamOpened();
        openProgressStream({
          source: sourceAtStart(),
          resumeAfter,
          sink,
          keepAliveMs: deps.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS,
          idleMs: deps.sseIdleTimeoutMs ?? DEFAULT_SSE_IDLE_TIMEOUT_MS,
          writeTimeoutMs: deps.sseWriteTimeoutMs ?? DEFAULT_SSE_WRITE_TIMEOUT_MS,
          ...(deps.shutdownSignal ? { shutdown: deps.shutdownSignal } : {}),
          onEnd(endedBy, err) {
            closed();
            if (endedBy === 'error') deps.logger.error({ ...logFields, err }, 'progress stream failed');
            else if (endedBy === 'stalled') deps.logger.info({ ...logFields, endedBy }, 'progress stream dropped: the client took no data');
            else deps.logger.debug({ ...logFields, endedBy }, 'progress stream ended');
          },
        });
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
