// Backtest of the setlist predictor (domain/setlist-prediction.ts): each of an
// artist's last K setlists is predicted from the setlists before it, and the
// mean recall and precision are printed next to the popularity baseline (the
// artist's 15 most popular studio songs, the same for every show: the rule
// this replaced).
//
//   npm run setlists:backtest                       fake-large, K = 30, on a private Temporal dev server + fresh database
//   npm run setlists:backtest -- gen-7-e2000-a40 20 another fake artist, another K
//   BACKTEST_DATABASE_URL=… npm run setlists:backtest -- <tmAttractionId>   an artist already imported into that database
//
// Without BACKTEST_DATABASE_URL the artist is imported first, through the
// whole system, from the fake providers.
import { pathToFileURL } from 'node:url';
import { createDb, type Db } from '../db/client';
import { playedSetlists } from '../db/setlists';
import { normaliseTitle } from '../domain/title-rules';
import { FALLBACK_SETLIST_SONGS } from '../domain/limits';
import { backtest, overlap, type BacktestResult } from '../domain/setlist-prediction';
import { startImportSystem, type ImportSystem } from '../harness/import-system';
import { startLocalServices } from '../harness/local-services';

export interface ArtistBacktest extends BacktestResult {
  tmAttractionId: string;
  setlists: number;
  k: number;
  /** Against the fakes' held-out truth: the stored predictions of the next shows vs what the current tour plays there. */
  nextShows?: Array<{ tmEventId: string; recall: number; precision: number }>;
}

/** The stored predicted setlists of the next `n` upcoming shows scored against what the fakes say the tour plays there. */
async function nextShowsAgainstFakes(sys: ImportSystem, tmAttractionId: string, n: number): Promise<ArtistBacktest['nextShows']> {
  const truth = sys.fakes.expected(tmAttractionId).setlistfm.upcoming;
  const artist = await sys.db.artist.findUniqueOrThrow({ where: { tmAttractionId }, select: { id: true } });
  const shows = await sys.db.show.findMany({
    where: { artistId: artist.id, status: 'upcoming' },
    orderBy: [{ date: 'asc' }, { id: 'asc' }],
    take: n,
    select: { tmEventId: true, setlists: { where: { type: 'predicted' }, select: { songs: { select: { title: true, song: { select: { spotifyId: true } } } } } } },
  });
  const key = (spotifyId: string | null | undefined, title: string | null) => spotifyId ?? `title:${normaliseTitle(title ?? '')}`;
  return shows.map((show) => {
    const played = truth.find((u) => u.tmEventId === show.tmEventId)?.songs.map((s) => key(s.spotifyId, s.title)) ?? [];
    const predicted = show.setlists[0]?.songs.map((s) => key(s.song?.spotifyId, s.title)) ?? [];
    return { tmEventId: show.tmEventId, ...overlap(predicted, played) };
  });
}

/** The backtest of an artist already imported into `db`. */
export async function backtestArtist(db: Db, tmAttractionId: string, k: number): Promise<ArtistBacktest> {
  const artist = await db.artist.findUniqueOrThrow({ where: { tmAttractionId }, select: { id: true } });
  const history = await playedSetlists(db, artist.id, 10_000);
  const popular = await db.song.findMany({
    where: { artists: { some: { artistId: artist.id } }, isRemix: false },
    orderBy: [{ popularity: 'desc' }, { id: 'asc' }],
    take: FALLBACK_SETLIST_SONGS,
    select: { id: true },
  });
  return { tmAttractionId, setlists: history.length, k, ...backtest(history, k, popular.map((s) => s.id)) };
}

/** Imports the artist through `sys` (fake providers) and backtests it. */
export async function importAndBacktest(sys: ImportSystem, tmAttractionId: string, k: number): Promise<ArtistBacktest> {
  await sys.importArtist(tmAttractionId);
  const final = await sys.finalProgress(tmAttractionId);
  if (final.status !== 'completed') throw new Error(`the import of ${tmAttractionId} ended ${final.status}`);
  return { ...(await backtestArtist(sys.db, tmAttractionId, k)), nextShows: await nextShowsAgainstFakes(sys, tmAttractionId, 3) };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function formatBacktest(r: ArtistBacktest): string {
  return [
    `setlist backtest of ${r.tmAttractionId}: last ${r.history.shows} of ${r.setlists} setlists, each predicted from the ones before it`,
    `  predictor (setlist.fm history)   recall ${pct(r.history.recall)}   precision ${pct(r.history.precision)}`,
    `  popularity baseline (top ${FALLBACK_SETLIST_SONGS})    recall ${pct(r.popularity.recall)}   precision ${pct(r.popularity.precision)}`,
    ...(r.nextShows
      ? [
          'stored predictions of the next shows against what the fakes\' current tour plays there:',
          ...r.nextShows.map((s) => `  ${s.tmEventId}   recall ${pct(s.recall)}   precision ${pct(s.precision)}`),
        ]
      : []),
  ].join('\n');
}

async function main(): Promise<void> {
  const [id = 'fake-large', kArg = '30'] = process.argv.slice(2);
  const k = Number(kArg);
  if (!Number.isInteger(k) || k < 1) throw new Error(`K must be a positive integer, got ${kArg}`);
  const given = process.env.BACKTEST_DATABASE_URL;
  if (given) {
    const db = createDb(given);
    try {
      console.log(formatBacktest(await backtestArtist(db, id, k)));
    } finally {
      await db.$disconnect();
    }
    return;
  }
  const services = await startLocalServices('backtest');
  try {
    const sys = await startImportSystem({ temporalAddress: services.temporalAddress, databaseUrl: services.databaseUrl });
    try {
      console.log(formatBacktest(await importAndBacktest(sys, id, k)));
    } finally {
      await sys.stop();
    }
  } finally {
    await services.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
