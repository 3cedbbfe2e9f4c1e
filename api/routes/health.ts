// Liveness (the process answers) and readiness (its dependencies answer).
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps';
import { createRouter } from '../router';
import { withTemporalDeadline } from '../temporal-calls';

const CHECK_TIMEOUT_MS = 2_000;

const CheckSchema = z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() });
const ReadySchema = z
  .object({ status: z.enum(['ready', 'unready']), failed: z.array(z.enum(['database', 'temporal'])), checks: z.object({ database: CheckSchema, temporal: CheckSchema }) })
  .openapi('Readiness');

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Liveness: the process is up',
  responses: { 200: { description: 'Up', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } } },
});

const readyRoute = createRoute({
  method: 'get',
  path: '/readyz',
  summary: 'Readiness: PostgreSQL and Temporal answer',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: ReadySchema } } },
    503: { description: 'A dependency does not answer (named in `failed`)', content: { 'application/json': { schema: ReadySchema } } },
  },
});

type Check = z.infer<typeof CheckSchema>;

async function check(probe: () => Promise<unknown>): Promise<Check> {
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, ms: Date.now() - t0 };
  } catch (err) {
    return { ok: false, ms: Date.now() - t0, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: AppDeps) {
  return createRouter()
    .openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(readyRoute, async (c) => {
      const [database, temporal] = await Promise.all([
        check(() => deps.db.$queryRaw`SELECT 1`),
        check(() => withTemporalDeadline(deps, () => deps.temporal.connection.workflowService.getSystemInfo({}), CHECK_TIMEOUT_MS)),
      ]);
      const failed = (['database', 'temporal'] as const).filter((name) => !{ database, temporal }[name].ok);
      if (failed.length > 0) deps.logger.warn({ failed, database, temporal }, 'not ready');
      const body = { status: failed.length === 0 ? ('ready' as const) : ('unready' as const), failed, checks: { database, temporal } };
      return failed.length === 0 ? c.json(body, 200) : c.json(body, 503);
    });
}
