import { z } from 'zod';
import {
  MUSICBRAINZ_REQUESTS_PER_SECOND,
  SETLISTFM_REQUESTS_PER_DAY,
  SETLISTFM_REQUESTS_PER_SECOND,
  SPOTIFY_REQUESTS_PER_SECOND,
  TICKETMASTER_REQUESTS_PER_DAY,
  TICKETMASTER_REQUESTS_PER_SECOND,
} from '../domain/limits';

// Every process reads its configuration through this one schema, so a missing
// or malformed variable fails at start-up with the variable's name, not deep
// inside an activity. Names are exactly the spec's.
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

function booleanFlag(fallback: boolean) {
  return z
    .enum(['true', 'false', '1', '0', ''], { error: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : v === 'true' || v === '1'));
}

/** A provider's request rate per key, shared by every process (whole requests per second). */
const requestsPerSecond = (fallback: number) => z.coerce.number().int().min(1).max(10_000).default(fallback);
/** A provider's daily quota per key, shared by every process; 0 = none. */
const requestsPerDay = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

export const envSchema = z.object({
  TICKETMASTER_API_KEY: optionalString,
  TICKETMASTER_BASE_URL: z.url().default('https://app.ticketmaster.com/discovery/v2'),
  SPOTIFY_CLIENT_ID: optionalString,
  SPOTIFY_CLIENT_SECRET: optionalString,
  SPOTIFY_API_BASE_URL: z.url().default('https://api.spotify.com/v1'),
  SPOTIFY_ACCOUNTS_BASE_URL: z.url().default('https://accounts.spotify.com'),
  SETLISTFM_API_KEY: optionalString,
  SETLISTFM_BASE_URL: z.url().default('https://api.setlist.fm/rest/1.0'),
  /** How many of an artist's most recent setlists a first import reads (default: domain/limits.ts SETLIST_HISTORY_DEPTH). */
  SETLISTFM_HISTORY_DEPTH: z.coerce.number().int().min(1).max(2_000).optional(),
  /** Which Spotify contract to use: discovered from the app's answers (auto), or forced. */
  SPOTIFY_API_MODE: z.enum(['auto', 'extended', 'development']).default('auto'),
  MUSICBRAINZ_BASE_URL: z.url().default('https://musicbrainz.org/ws/2'),
  /** MusicBrainz refuses anonymous clients: `app/version ( contact )`. */
  MUSICBRAINZ_USER_AGENT: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'artist-import/0.1.0 ( https://github.com/artist-import )' : v.trim())),
  // Provider request limits, held across every worker and API process (kept in PostgreSQL).
  TICKETMASTER_REQUESTS_PER_SECOND: requestsPerSecond(TICKETMASTER_REQUESTS_PER_SECOND),
  TICKETMASTER_REQUESTS_PER_DAY: requestsPerDay(TICKETMASTER_REQUESTS_PER_DAY),
  SPOTIFY_REQUESTS_PER_SECOND: requestsPerSecond(SPOTIFY_REQUESTS_PER_SECOND),
  SPOTIFY_REQUESTS_PER_DAY: requestsPerDay(0),
  SETLISTFM_REQUESTS_PER_SECOND: requestsPerSecond(SETLISTFM_REQUESTS_PER_SECOND),
  SETLISTFM_REQUESTS_PER_DAY: requestsPerDay(SETLISTFM_REQUESTS_PER_DAY),
  MUSICBRAINZ_REQUESTS_PER_SECOND: requestsPerSecond(MUSICBRAINZ_REQUESTS_PER_SECOND),
  MUSICBRAINZ_REQUESTS_PER_DAY: requestsPerDay(0),
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required (postgresql://…)'),
  TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('artist-import'),
  /** Base URL of the Temporal Web UI; the fans' app links each import to its workflow there. */
  TEMPORAL_UI_URL: optionalString.pipe(z.url({ error: 'must be a URL such as http://127.0.0.1:8233' }).optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  ADMIN_TOKEN: optionalString,
  /** Child imports a scheduled resync runs at once. */
  RESYNC_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(5),
  /** How late a missed schedule run may still start (Temporal duration string, e.g. "1 hour"). */
  SCHEDULES_CATCHUP_WINDOW: z.string().regex(/^\d+\s*(ms|s|m|h|d|seconds?|minutes?|hours?|days?)$/, 'must be a duration such as "1 hour"').default('1 hour'),
  /** The worker creates/updates the schedules on start unless this is false. */
  SCHEDULES_SETUP: booleanFlag(true),
  SCHEDULE_TRENDING_PAUSED: booleanFlag(false),
  SCHEDULE_RESYNC_ACTIVE_PAUSED: booleanFlag(false),
  SCHEDULE_DEEP_RESYNC_TRENDING_PAUSED: booleanFlag(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Origins allowed to call the API from a browser: "*" or a comma-separated list of origins. */
  CORS_ORIGINS: z
    .string()
    .default('*')
    .transform((v) => (v.trim() === '*' ? '*' : v.split(',').map((o) => o.trim()).filter(Boolean)))
    .pipe(z.union([z.literal('*'), z.array(z.url({ error: 'each origin must be a URL such as https://example.org' })).min(1)])),
  /** Per-client budgets of the API (shared by every API process through PostgreSQL). */
  RATE_LIMIT_IMPORTS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_SEARCHES_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  RATE_LIMIT_VOTES_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Take the client's address from X-Forwarded-For: only behind a proxy that sets it. */
  TRUST_PROXY: z.stringbool().default(false),
  /** Signs the voter cookie; without it each API process makes its own (votes then survive only that process). */
  VOTER_COOKIE_SECRET: optionalString.pipe(z.string().min(32, { error: 'must be at least 32 characters' }).optional()),
  /** host:port where the worker serves Temporal's SDK metrics in Prometheus format; unset: not served. */
  WORKER_METRICS_ADDRESS: optionalString.pipe(
    z.string().regex(/^[^\s:]+:\d{1,5}$/, { error: 'must be host:port, e.g. 127.0.0.1:9464' }).optional(),
  ),
  /** The worker's niceness (0–19), raised at start: imports yield the CPU to the API where they share a machine, at a cost (worker/cpu-priority.ts). */
  WORKER_NICENESS: z.coerce.number().int().min(0).max(19).default(0),
  /** A prebuilt workflow bundle (bundleWorkflowCode's code, as a file) the worker loads instead of bundling workflows/ at start. */
  WORKFLOW_BUNDLE_PATH: optionalString,
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
