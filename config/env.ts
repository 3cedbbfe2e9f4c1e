import { z } from 'zod';

// Every process reads its configuration through this one schema, so a missing
// or malformed variable fails at start-up with the variable's name, not deep
// inside an activity. Names are exactly the spec's.
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

export const envSchema = z.object({
  TICKETMASTER_API_KEY: optionalString,
  TICKETMASTER_BASE_URL: z.url().default('https://app.ticketmaster.com/discovery/v2'),
  SPOTIFY_CLIENT_ID: optionalString,
  SPOTIFY_CLIENT_SECRET: optionalString,
  SPOTIFY_API_BASE_URL: z.url().default('https://api.spotify.com/v1'),
  SPOTIFY_ACCOUNTS_BASE_URL: z.url().default('https://accounts.spotify.com'),
  SETLISTFM_API_KEY: optionalString,
  SETLISTFM_BASE_URL: z.url().default('https://api.setlist.fm/rest/1.0'),
  /** Which Spotify contract to use: discovered from the app's answers (auto), or forced. */
  SPOTIFY_API_MODE: z.enum(['auto', 'extended', 'development']).default('auto'),
  MUSICBRAINZ_BASE_URL: z.url().default('https://musicbrainz.org/ws/2'),
  /** MusicBrainz refuses anonymous clients: `app/version ( contact )`. */
  MUSICBRAINZ_USER_AGENT: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'artist-import/0.1.0 ( https://github.com/artist-import )' : v.trim())),
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required (postgresql://…)'),
  TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('artist-import'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  ADMIN_TOKEN: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
