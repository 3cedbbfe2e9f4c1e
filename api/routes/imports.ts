// Starting imports: one artist, or a batch. Both answer 202 as soon as the
// workflows exist; progress is read from /api/artists/:id/stream.
import { createRoute, z } from '@hono/zod-openapi';
import { setMetric } from 'hono/timing';
import { artistImportWorkflowId } from '../../domain/import-workflow';
import type { AppDeps } from '../deps';
import { startArtistImport, type StartedImport } from '../import-start';
import { annotateRequest } from '../request-log';
import { createRouter } from '../router';
import { errorResponses, jsonBody, TmAttractionIdSchema, typeError } from '../schemas';

export const StartedImportSchema = z
  .object({
    artistId: z.string().openapi({ example: '6c1f3c5e-3f7b-4a51-9b43-2f1e0b3f9d2a' }),
    slug: z.string().openapi({ example: 'tm-k8vz9171ob7' }),
    workflowId: z.string().openapi({ example: 'artist-import-K8vZ9171ob7' }),
    runId: z.string(),
  })
  .openapi('StartedImport');

export const StartedImportBatchSchema = z
  .object({ items: z.array(StartedImportSchema.extend({ tmAttractionId: z.string() })) })
  .openapi('StartedImportBatch');

const importRoute = createRoute({
  method: 'post',
  path: '/import',
  summary: 'Import an artist (a Ticketmaster attraction)',
  description:
    'Creates the artist shell and starts (or attaches to) its ArtistImport workflow. Answers before any provider is called.',
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: jsonBody({ tmAttractionId: TmAttractionIdSchema }) } },
    },
  },
  responses: {
    202: {
      description: 'Import started or already running',
      headers: z.object({
        'Server-Timing': z.string().openapi({
          description:
            "Where the kickoff's time went (ms): limit (the client's import budget, when budgets are on), claim (the artist row), temporal (the workflow's start or attach), total (the whole request inside the API)",
          example:
            'limit;dur=1.9;desc="client\'s import budget checked (PostgreSQL)", claim;dur=2.1;desc="artist row claimed (PostgreSQL)", temporal;dur=6.4;desc="workflow started or attached (Temporal)", total;dur=13.8;desc="kickoff"',
        }),
      }),
      content: { 'application/json': { schema: StartedImportSchema } },
    },
    ...errorResponses,
  },
});

const BATCH_MAX = 50;
/** Batch imports start a few workflows at a time, not fifty round trips at once. */
const BATCH_CONCURRENCY = 8;

const batchRoute = createRoute({
  method: 'post',
  path: '/import/batch',
  summary: 'Import up to 50 artists',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: jsonBody({
            tmAttractionIds: z
              .array(TmAttractionIdSchema, typeError('must be an array of attraction ids'))
              .min(1, { error: 'must contain at least one id' })
              .max(BATCH_MAX, { error: `must contain at most ${BATCH_MAX} ids` })
              .refine((ids) => new Set(ids).size === ids.length, { error: 'must not contain duplicates' }),
          }),
        },
      },
    },
  },
  responses: {
    202: {
      description: 'One entry per attraction, in request order',
      content: {
        'application/json': {
          schema: StartedImportBatchSchema,
        },
      },
    },
    ...errorResponses,
  },
});

async function mapWithConcurrency<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

function view(started: StartedImport) {
  return { artistId: started.artistId, slug: started.slug, workflowId: started.workflowId, runId: started.runId };
}

export function importRoutes(deps: AppDeps) {
  return createRouter()
    .openapi(importRoute, async (c) => {
      const { tmAttractionId } = c.req.valid('json');
      annotateRequest(c, { tmAttractionId, workflowId: artistImportWorkflowId(tmAttractionId) });
      const started = await startArtistImport(deps, tmAttractionId, 'user');
      annotateRequest(c, { artistId: started.artistId, runId: started.runId });
      // Server-Timing: where a slow kickoff waited (browser devtools show it; the bench reads it).
      setMetric(c, 'claim', started.timings.claimMs, 'artist row claimed (PostgreSQL)');
      setMetric(c, 'temporal', started.timings.temporalMs, 'workflow started or attached (Temporal)');
      deps.logger.info({ tmAttractionId, artistId: started.artistId, workflowId: started.workflowId, runId: started.runId }, 'import requested');
      return c.json(view(started), 202);
    })
    .openapi(batchRoute, async (c) => {
      const { tmAttractionIds } = c.req.valid('json');
      const started = await mapWithConcurrency(tmAttractionIds, BATCH_CONCURRENCY, (id) => startArtistImport(deps, id, 'user', 'batch'));
      deps.logger.info({ count: started.length }, 'batch import requested');
      return c.json({ items: started.map((s) => ({ tmAttractionId: s.tmAttractionId, ...view(s) })) }, 202);
    });
}
