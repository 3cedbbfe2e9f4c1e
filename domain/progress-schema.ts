// The progress shape as zod schemas, for every edge that reads one from
// outside the process: the `progress` query and the workflow's result (API),
// and the JSON columns of a stored ImportRun. Kept apart from progress.ts so
// the workflow bundle does not carry zod. The API names these schemas for
// /openapi.json; the type check at the bottom keeps them equal to the types.
import { z } from 'zod';
import { emptyCounts, IMPORT_STATES, PHASES, type ImportCounts, type ImportProgress } from './progress';

const count = z.number().int().nonnegative().default(0);
const countsShape = Object.fromEntries(Object.keys(emptyCounts()).map((k) => [k, count])) as Record<keyof ImportCounts, typeof count>;
export const ImportCountsSchema = z.object(countsShape);

export const ImportPhaseSchema = z.enum(['queued', ...PHASES]);
export const PhaseNameSchema = z.enum(PHASES);
export const RunningPhaseSchema = z.object({ phase: PhaseNameSchema, fraction: z.number().min(0).max(1) });
export const ImportStateSchema = z.enum(IMPORT_STATES);

const PhaseTimingSchema = z.object({
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  ms: z.number().nullable(),
});
export const TimingsSchema = z.object(
  Object.fromEntries(PHASES.map((phase) => [phase, PhaseTimingSchema.optional()])) as Record<
    (typeof PHASES)[number],
    z.ZodOptional<typeof PhaseTimingSchema>
  >,
);

export const CatalogFiltersSchema = z.object({
  livenessThreshold: z.number(),
  livenessApplied: z.boolean(),
  livenessUnavailableReason: z.string().nullable(),
  skipped: z.boolean(),
  skippedReason: z.string().nullable(),
  spotifyContract: z.string().nullable().default(null),
  musicBrainzApplied: z.boolean().default(false),
});

export const ImportErrorSchema = z.object({ phase: ImportPhaseSchema, message: z.string() });

/**
 * The workflow's progress as a reader parses it. Lists and counts the
 * workflow may not have filled yet default to empty, so a reader never fails
 * on a progress that is merely young.
 */
export const ImportProgressSchema = z.object({
  version: z.number().int(),
  workflowId: z.string(),
  runId: z.string(),
  artistId: z.string(),
  tmAttractionId: z.string(),
  artistName: z.string().nullable().default(null),
  status: ImportStateSchema,
  phase: ImportPhaseSchema,
  // Absent from progress recorded before phases could run side by side.
  runningPhases: z.array(RunningPhaseSchema).default([]),
  percent: z.number().min(0).max(100),
  message: z.string(),
  counts: ImportCountsSchema.default(emptyCounts),
  timings: TimingsSchema.default({}),
  filters: CatalogFiltersSchema.nullable().default(null),
  warnings: z.array(z.string()).default([]),
  error: ImportErrorSchema.nullable().default(null),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable().default(null),
});

// The schema and the interface must describe the same thing.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const progressSchemaMatchesType: Equals<z.output<typeof ImportProgressSchema>, ImportProgress> = true;
void progressSchemaMatchesType;
