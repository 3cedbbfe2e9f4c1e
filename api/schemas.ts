// Shapes shared by several routes: request pieces (ids, pagination) and the
// response bodies that /openapi.json documents.
import { z } from '@hono/zod-openapi';
import { ARTIST_IMPORT_STATUSES } from '../domain/progress';
import { API_ERROR_CODES } from './errors';
import * as progress from '../domain/progress-schema';

export const ErrorSchema = z
  .object({
    error: z.enum(API_ERROR_CODES),
    message: z.string().openapi({ example: 'tmAttractionId: is required' }),
    field: z.string().optional().openapi({ example: 'tmAttractionId' }),
  })
  .openapi('Error');

export const errorResponses = {
  400: { description: 'Invalid request: the message names the field', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
  429: { description: 'Too many requests from this client (Retry-After says when to try again)', content: { 'application/json': { schema: ErrorSchema } } },
  503: { description: 'Temporal or the database is unreachable', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

// ------------------------------------------------------------------ requests

/** Type error of a field: "is required" when it is absent, else what it should be. */
export function typeError(expected: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : expected) };
}

/** A JSON request body: an object with these fields. */
export function jsonBody<T extends z.ZodRawShape>(shape: T) {
  return z.object(shape, { error: 'must be a JSON object' });
}

export const TmAttractionIdSchema = z
  .string(typeError('must be a string'))
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' })
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'may only contain letters, digits, "_" and "-"' })
  .openapi({ example: 'K8vZ9171ob7' });

/** Artist path segment: a uuid, a slug, or the shell alias `tm-<attractionId>`. */
export const ArtistRefParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200, { error: 'must be at most 200 characters' })
    .regex(/^[A-Za-z0-9_-]+$/, { error: 'must be an artist id or slug' })
    .openapi({ param: { name: 'id', in: 'path' }, example: 'radiohead' }),
});

const UUID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuidLike(value: string): boolean {
  return UUID_LIKE.test(value);
}
export const UuidSchema = z.string().regex(UUID_LIKE, { error: 'must be a UUID' });

export function limitSchema(max: number, fallback: number) {
  return z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be an integer' })
    .min(1, { error: `must be between 1 and ${max}` })
    .max(max, { error: `must be between 1 and ${max}` })
    .default(fallback)
    .openapi({ example: fallback });
}

export function listResponse<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().openapi({ description: 'Pass as ?cursor= for the next page; null on the last page' }),
    })
    .openapi(name);
}

// ------------------------------------------------------------ import progress
// The progress schemas are the domain's (domain/progress-schema.ts), named here for /openapi.json.

export const ImportCountsSchema = progress.ImportCountsSchema.openapi('ImportCounts');
export const ImportPhaseSchema = progress.ImportPhaseSchema;
export const ImportStateSchema = progress.ImportStateSchema;
export const TimingsSchema = progress.TimingsSchema;
export const CatalogFiltersSchema = progress.CatalogFiltersSchema;
export const ImportErrorSchema = progress.ImportErrorSchema.openapi('ImportError');
export const ImportProgressSchema = progress.ImportProgressSchema.openapi('ImportProgress');
/** An artist's import status: `pending` until its first run starts, then its latest run's state. */
export const ArtistImportStatusSchema = z.enum(ARTIST_IMPORT_STATUSES);
