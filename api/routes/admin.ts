// Operator endpoints (bearer ADMIN_TOKEN): the Temporal Schedules and a manual resync.
import { timingSafeEqual, createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { ScheduleNotFoundError, type ScheduleSummary } from '@temporalio/client';
import type { MiddlewareHandler } from 'hono';
import { artistImportWorkflowId } from '../../domain/import-workflow';
import { requireArtist } from '../artist-lookup';
import type { AppDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import { startArtistImport } from '../import-start';
import { annotateRequest } from '../request-log';
import { createRouter } from '../router';
import { ArtistRefParam, errorResponses } from '../schemas';
import { withTemporalDeadline } from '../temporal-calls';

const security = [{ bearerAuth: [] }];
const authResponses = {
  401: { description: 'Missing or wrong bearer token', content: { 'application/json': { schema: z.object({ error: z.string(), message: z.string() }) } } },
  403: { description: 'Admin API disabled (ADMIN_TOKEN not set)', content: { 'application/json': { schema: z.object({ error: z.string(), message: z.string() }) } } },
} as const;

const ScheduleSchema = z
  .object({
    id: z.string(),
    workflowType: z.string().nullable(),
    paused: z.boolean(),
    note: z.string().nullable(),
    nextActionTimes: z.array(z.string()),
    recentActions: z.array(z.object({ scheduledAt: z.string(), takenAt: z.string(), workflowId: z.string() })),
  })
  .openapi('Schedule');

const ScheduleIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_.-]+$/, { error: 'must be a schedule id' })
    .openapi({ param: { name: 'id', in: 'path' }, example: 'trending' }),
});
const NoteBody = {
  required: false,
  content: { 'application/json': { schema: z.object({ note: z.string().max(500, { error: 'must be at most 500 characters' }).optional() }) } },
};
const Accepted = z.object({ id: z.string(), action: z.enum(['trigger', 'pause', 'unpause']) });

const listRoute = createRoute({
  method: 'get',
  path: '/schedules',
  summary: 'List Temporal Schedules',
  security,
  responses: {
    200: { description: 'Schedules', content: { 'application/json': { schema: z.object({ items: z.array(ScheduleSchema) }) } } },
    ...authResponses,
    ...errorResponses,
  },
});

const actionResponses = {
  202: { description: 'Done', content: { 'application/json': { schema: Accepted } } },
  ...authResponses,
  ...errorResponses,
} as const;

const triggerRoute = createRoute({
  method: 'post',
  path: '/schedules/{id}/trigger',
  summary: 'Run a schedule now (skipped if its previous run is still going, like its own overlap policy)',
  security,
  request: { params: ScheduleIdParam },
  responses: actionResponses,
});

const pauseRoute = createRoute({
  method: 'post',
  path: '/schedules/{id}/pause',
  summary: 'Pause a schedule',
  security,
  request: { params: ScheduleIdParam, body: NoteBody },
  responses: actionResponses,
});

const unpauseRoute = createRoute({
  method: 'post',
  path: '/schedules/{id}/unpause',
  summary: 'Resume a paused schedule',
  security,
  request: { params: ScheduleIdParam, body: NoteBody },
  responses: actionResponses,
});

const resyncRoute = createRoute({
  method: 'post',
  path: '/artists/{id}/resync',
  summary: "Re-run an artist's import now (attaches to a running one)",
  security,
  request: { params: ArtistRefParam },
  responses: {
    202: {
      description: 'Import started',
      content: { 'application/json': { schema: z.object({ artistId: z.string(), slug: z.string(), workflowId: z.string(), runId: z.string() }) } },
    },
    ...authResponses,
    ...errorResponses,
  },
});

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Bearer check in constant time (hashing first makes lengths equal). */
function requireAdmin(adminToken: string | undefined): MiddlewareHandler {
  const expected = adminToken ? digest(adminToken) : null;
  return async (c, next) => {
    if (!expected) throw new ApiError(403, 'forbidden', 'The admin API is disabled: ADMIN_TOKEN is not set');
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (!token || !timingSafeEqual(digest(token), expected)) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new ApiError(401, 'unauthorized', 'Authorization: a valid bearer token is required');
    }
    await next();
  };
}

function scheduleView(s: ScheduleSummary) {
  return {
    id: s.scheduleId,
    workflowType: s.action?.workflowType ?? null,
    paused: s.state.paused,
    note: s.state.note ?? null,
    nextActionTimes: s.info.nextActionTimes.map((d) => d.toISOString()),
    recentActions: s.info.recentActions.map((a) => ({
      scheduledAt: a.scheduledAt.toISOString(),
      takenAt: a.takenAt.toISOString(),
      workflowId: a.action.workflow.workflowId,
    })),
  };
}

export function adminRoutes(deps: AppDeps) {
  const onSchedule = async (id: string, act: () => Promise<void>) => {
    try {
      await withTemporalDeadline(deps, act);
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) throw notFound(`No schedule "${id}"`);
      throw err;
    }
  };
  const router = createRouter();
  router.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  router.use('*', requireAdmin(deps.adminToken));
  return router
    .openapi(listRoute, async (c) => {
      const items: ReturnType<typeof scheduleView>[] = [];
      await withTemporalDeadline(deps, async () => {
        for await (const schedule of deps.temporal.schedule.list()) items.push(scheduleView(schedule));
      });
      items.sort((a, b) => a.id.localeCompare(b.id));
      return c.json({ items }, 200);
    })
    .openapi(triggerRoute, async (c) => {
      const { id } = c.req.valid('param');
      await onSchedule(id, () => deps.temporal.schedule.getHandle(id).trigger('SKIP'));
      deps.logger.info({ scheduleId: id }, 'schedule triggered');
      return c.json({ id, action: 'trigger' as const }, 202);
    })
    .openapi(pauseRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { note } = c.req.valid('json');
      await onSchedule(id, () => deps.temporal.schedule.getHandle(id).pause(note ?? 'Paused through the admin API'));
      deps.logger.info({ scheduleId: id }, 'schedule paused');
      return c.json({ id, action: 'pause' as const }, 202);
    })
    .openapi(unpauseRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { note } = c.req.valid('json');
      await onSchedule(id, () => deps.temporal.schedule.getHandle(id).unpause(note ?? 'Resumed through the admin API'));
      deps.logger.info({ scheduleId: id }, 'schedule resumed');
      return c.json({ id, action: 'unpause' as const }, 202);
    })
    .openapi(resyncRoute, async (c) => {
      const artist = await requireArtist(deps.db, c.req.valid('param').id);
      annotateRequest(c, { artistId: artist.id, workflowId: artistImportWorkflowId(artist.tmAttractionId) });
      const started = await startArtistImport(deps, artist.tmAttractionId, 'resync', 'admin');
      annotateRequest(c, { runId: started.runId });
      deps.logger.info({ artistId: artist.id, workflowId: started.workflowId, runId: started.runId }, 'resync requested');
      return c.json({ artistId: started.artistId, slug: started.slug, workflowId: started.workflowId, runId: started.runId }, 202);
    });
}
