// CLI: run the fake providers until SIGINT/SIGTERM.
//   tsx fakes/main.ts [--port 4010] [--seed N] [--host 127.0.0.1] [--reference-date YYYY-MM-DD]
//                     [--public-url http://fakes:4010]
// Env: FAKES_PORT, FAKES_SEED, FAKES_HOST, FAKES_REFERENCE_DATE, FAKES_PUBLIC_URL (flags win).
// --public-url is the origin clients reach the server at (e.g. a compose service
// name): the base URLs printed and the absolute `next` links use it.

import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_SEED, FIXTURE_IDS } from './catalog/plans';
import { startFakeProviders } from './server';

const optionsSchema = z.object({
  port: z.coerce.number({ error: 'must be a port number (0 = any free port)' }).int().min(0).max(65535).default(4010),
  seed: z.coerce.number({ error: 'must be a non-negative integer' }).int().min(0).default(DEFAULT_SEED),
  host: z.string().min(1).default('127.0.0.1'),
  referenceDate: z.iso.date({ error: 'reference date must be YYYY-MM-DD' }).optional(),
  publicUrl: z.url({ error: 'public URL must be an absolute http(s) URL' }).optional(),
});

function readOptions(): z.infer<typeof optionsSchema> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      host: { type: 'string' },
      'reference-date': { type: 'string' },
      'public-url': { type: 'string' },
    },
    strict: true,
  });
  const blankToUndefined = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v);
  const parsed = optionsSchema.safeParse({
    port: blankToUndefined(values.port ?? process.env.FAKES_PORT),
    seed: blankToUndefined(values.seed ?? process.env.FAKES_SEED),
    host: blankToUndefined(values.host ?? process.env.FAKES_HOST),
    referenceDate: blankToUndefined(values['reference-date'] ?? process.env.FAKES_REFERENCE_DATE),
    publicUrl: blankToUndefined(values['public-url'] ?? process.env.FAKES_PUBLIC_URL),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`fakes: ${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  return parsed.data;
}

async function main(): Promise<void> {
  const options = readOptions();
  const fakes = await startFakeProviders({
    port: options.port,
    host: options.host,
    seed: options.seed,
    referenceDate: options.referenceDate ? new Date(`${options.referenceDate}T00:00:00Z`) : undefined,
    publicUrl: options.publicUrl,
  });
  const lines = [
    `Fake providers listening on ${fakes.url} (seed ${fakes.catalog.seed}, reference date ${fakes.catalog.referenceDate.toISOString().slice(0, 10)})`,
    `  Ticketmaster  ${fakes.env.TICKETMASTER_BASE_URL}`,
    `  Spotify API   ${fakes.env.SPOTIFY_API_BASE_URL}`,
    `  Spotify auth  ${fakes.env.SPOTIFY_ACCOUNTS_BASE_URL}`,
    `  setlist.fm    ${fakes.env.SETLISTFM_BASE_URL}`,
    `  MusicBrainz   ${fakes.env.MUSICBRAINZ_BASE_URL}`,
    `  control       ${fakes.url}/_fake  (artists: ${FIXTURE_IDS.join(', ')}, gen-<seed>-e<events>-a<albums>)`,
    '',
    'Environment for the API and the worker:',
    ...Object.entries(fakes.env).map(([k, v]) => `export ${k}=${v}`),
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`fakes: ${signal} received, closing`);
    fakes.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('fakes: close failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('fakes: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
