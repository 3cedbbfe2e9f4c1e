// What the fans' web app needs to know about this deployment: where the
// Temporal UI is, so each import can link to its workflow for operators.
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps';
import { createRouter } from '../router';

export const AppConfigSchema = z
  .object({
    temporalUiUrl: z.string().nullable().openapi({ description: 'Base URL of the Temporal Web UI (TEMPORAL_UI_URL); null when not configured', example: 'http://127.0.0.1:8233' }),
    temporalNamespace: z.string().openapi({ example: 'default' }),
  })
  .openapi('AppConfig');

const configRoute = createRoute({
  method: 'get',
  path: '/',
  summary: "The web app's configuration",
  responses: { 200: { description: 'Configuration', content: { 'application/json': { schema: AppConfigSchema } } } },
});

export function appConfigRoutes(deps: AppDeps) {
  const body = { temporalUiUrl: deps.temporalUiUrl?.replace(/\/+$/, '') ?? null, temporalNamespace: deps.temporalNamespace ?? 'default' };
  return createRouter().openapi(configRoute, (c) => c.json(body, 200));
}
