import { OpenAPIHono } from '@hono/zod-openapi';
import { validationHook } from './errors';

/** A resource's sub-app: every route validates through the same hook (400 naming the field). */
export function createRouter(): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook });
}
