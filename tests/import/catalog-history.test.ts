// Bounded workflow history: the catalog's album list and candidate tracks are
// staged in PostgreSQL per run (activities/catalog-staging.ts), not carried
// through Temporal's history. Through the real API, worker and fakes:
// - the largest artist the fakes generate (2,000 album items, ~19,700 Spotify
//   tracks, ~12,400 read as candidates, ~9,750 studio songs) imports exactly
//   its studio catalog with a history far under Temporal's limits;
// - history does not grow with the tracks: from a small catalog to that one,
//   a few bytes per track at most (the chunk activities' own events), where
//   passing tracks through history cost hundreds of bytes each;
// - nothing stays staged: not after a completed run, not after a failed one,
//   and what an earlier run of the artist, or any run more than a week ago,
//   left behind is deleted by the next run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../domain/progress';
import type { ImportSystem } from '../../harness/import-system';
import { startTestSystem } from '../support/services';

/** The target: well inside Temporal's limits (history warns at 10 MB; a payload is refused above 2 MB). */
const MAX_HISTORY_BYTES = 256 * 1024;
/** History growth allowed per candidate track read: far less than one track id, let alone a track. */
const MAX_HISTORY_BYTES_PER_TRACK = 16;

const SMALL = 'gen-41-e5-a120';
// Seed 42 has live-feel songs Spotify has no audio features for: the import keeps them on their names, as
// the rules say and the fakes' ground truth expects.
const LARGE = 'gen-42-e5-a2000';

let sys: ImportSystem;

beforeAll(async () => {
  sys = await startTestSystem();
  sys.fakes.control.configure({ spotifyContract: 'extended' });
  sys.fakes.control.setAudioFeatures('available');
}, 180_000);

afterAll(async () => {
  await sys?.stop();
});

interface Imported {
  artistId: string;
  final: ImportProgress;
  runId: string;
  historyBytes: number;
  songIds: string[];
}

async function runImport(id: string): Promise<Imported> {
  const { artistId } = await sys.importArtist(id);
  const final = await sys.finalProgress(id);
  const described = await sys.client.workflow.getHandle(`artist-import-${id}`).describe();
  const songs = await sys.db.artistSong.findMany({ where: { artistId }, select: { song: { select: { spotifyId: true } } } });
  return {
    artistId,
    final,
    runId: described.runId,
    historyBytes: Number(described.raw.workflowExecutionInfo?.historySizeBytes ?? 0),
    songIds: songs.map((s) => s.song.spotifyId).sort(),
  };
}

async function stagedRows(where: { workflowId?: string; runId?: string }): Promise<number> {
  const [albums, tracks] = await Promise.all([sys.db.stagedCatalogAlbum.count({ where }), sys.db.stagedCatalogTrack.count({ where })]);
  return albums + tracks;
}

/** A staged track row as a run that never cleaned up would have left it. */
function leftoverTrack(workflowId: string, runId: string, createdAt: Date) {
  return {
    runId,
    workflowId,
    chunkIndex: 0,
    position: 0,
    trackId: `leftover-${runId}`,
    name: 'Leftover',
    durationMs: 200_000,
    albumId: 'leftover-album',
    albumName: 'Leftover',
    albumType: 'album',
    isrcIncluded: true,
    livenessChecked: true,
    createdAt,
  };
}

describe('the catalog phase keeps its tracks out of workflow history', () => {
  let small: Imported;
  let large: Imported;

  beforeAll(async () => {
    // What runs that ended without cleaning up left: an earlier run of the large artist (recent), a run of
    // another artist eight days ago, and a run of another artist still going (recent: it must stay).
    const dayMs = 24 * 60 * 60 * 1000;
    await sys.db.stagedCatalogTrack.createMany({
      data: [
        leftoverTrack(`artist-import-${LARGE}`, 'earlier-run-of-large', new Date()),
        leftoverTrack('artist-import-someone-else', 'abandoned-run', new Date(Date.now() - 8 * dayMs)),
        leftoverTrack('artist-import-still-running', 'open-run', new Date()),
      ],
    });
    await sys.db.stagedCatalogAlbum.create({
      data: { runId: 'earlier-run-of-large', workflowId: `artist-import-${LARGE}`, position: 0, albumId: 'leftover-album', name: 'Leftover', albumType: 'album' },
    });
    small = await runImport(SMALL);
    large = await runImport(LARGE);
  }, 600_000);

  afterAll(async () => {
    await sys.db.stagedCatalogTrack.deleteMany({ where: { runId: 'open-run' } });
  });

  it('imports exactly the studio catalog of a 2,000-album artist', () => {
    expect(large.final.status).toBe('completed');
    expect(large.final.counts.albumsKept).toBeGreaterThan(1_400);
    expect(large.final.counts.tracksFetched).toBeGreaterThan(12_000);
    const expected = sys.fakes.expected(LARGE, 'available', 'extended');
    expect(expected.spotify.trackIds.length).toBeGreaterThan(9_000);
    expect(large.songIds).toEqual(expected.spotify.trackIds);
    expect(large.final.counts.songs).toBe(expected.spotify.trackIds.length);
    expect(small.songIds).toEqual(sys.fakes.expected(SMALL, 'available', 'extended').spotify.trackIds);
  });

  it(`keeps the large artist's history under ${MAX_HISTORY_BYTES / 1024} KB`, () => {
    expect(large.historyBytes).toBeGreaterThan(0);
    expect(large.historyBytes).toBeLessThan(MAX_HISTORY_BYTES);
  });

  it('grows history by a few bytes per track read, not by the tracks', () => {
    const moreTracks = large.final.counts.tracksFetched - small.final.counts.tracksFetched;
    expect(moreTracks).toBeGreaterThan(10_000);
    const perTrack = (large.historyBytes - small.historyBytes) / moreTracks;
    expect(perTrack).toBeLessThan(MAX_HISTORY_BYTES_PER_TRACK);
  });

  it("leaves nothing staged, and removes what ended runs of the artist or week-old runs left", async () => {
    expect(await stagedRows({ runId: small.runId })).toBe(0);
    expect(await stagedRows({ runId: large.runId })).toBe(0);
    expect(await stagedRows({ workflowId: `artist-import-${LARGE}` })).toBe(0);
    expect(await stagedRows({ runId: 'abandoned-run' })).toBe(0);
    // A run of another artist that may still be going keeps its rows.
    expect(await stagedRows({ runId: 'open-run' })).toBe(1);
  });
});

it('removes its staging when the catalog phase fails', async () => {
  const id = 'gen-43-e5-a150';
  // Full tracks are refused (not retried): a chunk fails after the albums were staged.
  sys.fakes.control.injectFault({ provider: 'spotify', status: 404, count: 1_000, pathIncludes: '/tracks?ids=' });
  try {
    await sys.importArtist(id);
    await expect(sys.finalProgress(id)).rejects.toThrow();
  } finally {
    sys.fakes.control.reset();
    sys.fakes.control.configure({ spotifyContract: 'extended' });
  }
  const run = await sys.db.importRun.findFirstOrThrow({ where: { workflowId: `artist-import-${id}` }, orderBy: { startedAt: 'desc' } });
  expect(run.status).toBe('failed');
  expect(run.errorPhase).toBe('catalog');
  // The albums were staged and read by the chunks before the failure; the cleanup ran after it.
  const history = await sys.client.workflow.getHandle(`artist-import-${id}`).fetchHistory();
  const scheduled = (history.events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
  expect(scheduled).toContain('stageContractCandidates');
  expect(scheduled.filter((t) => t.startsWith('stage') || t.endsWith('Staging')).at(-1)).toBe('clearCatalogStaging');
  expect(await stagedRows({ workflowId: `artist-import-${id}` })).toBe(0);
}, 180_000);
