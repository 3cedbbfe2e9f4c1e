// Phase 4: the artist's recent setlists from setlist.fm, attached to their
// past shows, and a predicted setlist for each of the next upcoming shows
// learned from that history (domain/setlist-prediction.ts).
import { normaliseTitle } from '../domain/title-rules';
import {
  FALLBACK_ENCORE_AFTER,
  FALLBACK_SETLIST_SONGS,
  PREDICTED_SHOWS,
  SETLIST_HISTORY_DEPTH,
} from '../domain/limits';
import { matchShow, songIndex } from '../domain/setlist-matching';
import { predictSetlist, RECENT_SETLISTS } from '../domain/setlist-prediction';
import { insertActualSetlists, playedSetlists, refreshPredictedSetlists, type ActualSetlistRow, type PredictedEntryRow } from '../db/setlists';
import { ProviderError } from '../providers/errors';
import type { SetlistFmSetlist } from '../providers/types';
import type { ActivityDeps } from './deps';
import { asActivityFailure } from './failures';
import { checkpointer, lastCheckpoint, providerCall } from './reporting';

/** `source` of a predicted setlist: learned from setlist.fm history, or (without any) the catalog's most popular songs. */
export const PREDICTION_SOURCE = { history: 'setlist.fm history', catalog: 'catalog popularity (no setlist history)' } as const;

export interface SetlistsResult {
  /** Predicted setlists that did not exist before. */
  created: number;
  warnings: string[];
  /** Setlists read from setlist.fm in this run, and how many of them were new. */
  setlistsRead?: number;
  actualStored?: number;
  /** New actual setlists attached to a stored show, and those of shows Ticketmaster never listed (kept without a show). */
  actualMatched?: number;
  actualWithoutShow?: number;
  /** Entries of new actual setlists whose song the catalog does not hold (covers included). */
  entriesWithoutSong?: number;
  malformed?: number;
}

/**
 * The setlists activity's heartbeat: the page read last, and the database's
 * clock when the activity's first attempt began — setlists stored after it
 * were stored by this activity (an attempt whose worker died after writing).
 */
interface SetlistsCheckpoint {
  page: number;
  /** ISO instant (heartbeat details travel as JSON). */
  before: string;
}

/** What a setlist of the artist's history is called when stored. */
const setlistName = (s: SetlistFmSetlist) =>
  `Setlist: ${[s.venueName, s.cityName].filter(Boolean).join(', ') || 'unknown venue'} (${s.eventDate})`;

export function createSetlistActivities(deps: ActivityDeps) {
  const depth = deps.setlistHistoryDepth ?? SETLIST_HISTORY_DEPTH;

  /**
   * Pages the artist's setlists newest first until `depth` setlists, or the
   * first one already stored (a resync reads only what is newer), or the end.
   * A source that gives up mid-way leaves a warning and what was read.
   */
  async function readHistory(mbid: string, newestStored: string | null, warnings: string[], before: string) {
    const read: SetlistFmSetlist[] = [];
    let malformed = 0;
    const progress = checkpointer<SetlistsCheckpoint>({ page: 0, before });
    try {
      for (let page = 1; read.length < depth; page++) {
        const result = await deps.setlistfm.getArtistSetlists(mbid, page, providerCall(deps));
        progress.save({ page, before });
        malformed += result.skipped;
        const older = result.items.findIndex((s) => newestStored !== null && s.eventDate < newestStored);
        read.push(...(older === -1 ? result.items : result.items.slice(0, older)));
        if (older !== -1 || result.items.length === 0 || page * result.itemsPerPage >= result.total) break;
      }
    } catch (err) {
      // A spent quota fails the activity whatever was read: the workflow waits for the reset and reads again.
      if (!(err instanceof ProviderError) || err.kind === 'quota' || read.length === 0) {
        throw asActivityFailure(err);
      } else {
        warnings.push(`setlist.fm stopped answering after ${read.length} setlists (${err.message}): the rest of the history was not read`);
      }
    } finally {
      progress.stop();
    }
    return { read: read.slice(0, depth), malformed };
  }

  /** The database's clock, in the form its timestamp columns are read (createdAt is set by the database). */
  async function databaseNow(): Promise<string> {
    const [row] = await deps.db.$queryRaw<Array<{ now: Date }>>`SELECT localtimestamp(3) AS now`;
    return row!.now.toISOString();
  }

  async function importSetlists(input: { artistId: string }): Promise<SetlistsResult> {
    const { artistId } = input;
    const resumedBefore = lastCheckpoint<SetlistsCheckpoint>()?.before;
    const warnings: string[] = [];
    const artist = await deps.db.artist.findUniqueOrThrow({ where: { id: artistId }, select: { mbid: true } });

    // 1. History: what setlist.fm has that is not stored yet.
    let stored = { setlists: 0, entries: 0 };
    let read: SetlistFmSetlist[] = [];
    let malformed = 0;
    let matched = 0;
    let withoutSong = 0;
    let unmatched = 0;
    if (artist.mbid) {
      // Setlists an earlier attempt of this activity stored (its worker died after the write) are
      // this import's: they neither end the reading nor count as known, or a retry would read one
      // page and report none of them. The first heartbeat, which carries `before`, is sent at once.
      const before = resumedBefore ?? (await databaseNow());
      const storedBefore = { lt: new Date(before) };
      const newest = await deps.db.setlist.findFirst({
        where: { artistId, type: 'actual', eventDate: { not: null }, createdAt: storedBefore },
        orderBy: { eventDate: 'desc' },
        select: { eventDate: true },
      });
      ({ read, malformed } = await readHistory(artist.mbid, newest?.eventDate ?? null, warnings, before));
      const shows = await deps.db.show.findMany({
        where: { artistId, localDate: { in: [...new Set(read.map((s) => s.eventDate))] } },
        select: { id: true, tmEventId: true, date: true, localDate: true, venue: { select: { name: true, city: true } } },
      });
      const candidates = shows.map((s) => ({
        id: s.id,
        tmEventId: s.tmEventId,
        startsAt: s.date.getTime(),
        localDate: s.localDate,
        venueName: s.venue?.name ?? null,
        city: s.venue?.city ?? null,
      }));
      const catalog = songIndex(
        await deps.db.song.findMany({ where: { artists: { some: { artistId } } }, select: { id: true, name: true, isRemix: true } }),
      );
      // Only what is not stored yet: a resync re-reads the newest page, and its counts and warnings are about new setlists.
      const known = new Set(
        (await deps.db.setlist.findMany({ where: { setlistFmId: { in: read.map((s) => s.id) }, createdAt: storedBefore }, select: { setlistFmId: true } })).map(
          (s) => s.setlistFmId,
        ),
      );
      const rows: ActualSetlistRow[] = read.filter((s) => !known.has(s.id)).map((s) => ({
        setlistFmId: s.id,
        showId: matchShow(s, candidates),
        name: setlistName(s),
        url: s.url,
        eventDate: s.eventDate,
        venueName: s.venueName,
        cityName: s.cityName,
        tourName: s.tourName,
        entries: s.songs.map((song) => ({
          // A cover is another artist's song even when the catalog holds a song of the same title.
          songId: song.coverOf ? null : (catalog.get(normaliseTitle(song.name)) ?? null),
          title: song.name,
          coverOf: song.coverOf,
          encore: song.encore,
        })),
      }));
      stored = await insertActualSetlists(deps.db, artistId, rows);
      // Counted as stored: what this attempt added and what an earlier one did.
      stored.setlists = await deps.db.setlist.count({ where: { setlistFmId: { in: rows.map((r) => r.setlistFmId) }, createdAt: { gte: new Date(before) } } });
      matched = rows.filter((r) => r.showId !== null).length;
      unmatched = rows.length - matched;
      withoutSong = rows.reduce((n, r) => n + r.entries.filter((e) => e.songId === null).length, 0);
      if (rows.length > matched) {
        warnings.push(`${rows.length - matched} of ${rows.length} setlist.fm setlists matched no Ticketmaster show (same date, city or venue): kept without a show`);
      }
    } else {
      warnings.push('No setlist.fm artist matched: no setlist history was imported');
    }

    // 2. Predictions for the next upcoming shows, from the stored history (or the catalog without any).
    const next = await deps.db.show.findMany({
      where: { artistId, status: 'upcoming' },
      orderBy: [{ date: 'asc' }, { id: 'asc' }],
      take: PREDICTED_SHOWS,
      select: { id: true, name: true },
    });
    const history = await playedSetlists(deps.db, artistId, RECENT_SETLISTS);
    const prediction = predictSetlist(history);
    let entries: PredictedEntryRow[];
    let source: string;
    if (prediction) {
      const titles = await entryTitles(artistId, prediction.entries.map((e) => e.key));
      entries = prediction.entries.map((e) => ({
        songId: e.key.startsWith('title:') ? null : e.key,
        title: titles.get(e.key) ?? e.key.slice('title:'.length),
        encore: e.encore,
      }));
      source = PREDICTION_SOURCE.history;
    } else {
      entries = await catalogFallback(artistId);
      source = PREDICTION_SOURCE.catalog;
      if (entries.length === 0) warnings.push('No setlist history and no songs in the catalog: no predicted setlists were created');
      else if (next.length > 0) warnings.push('No setlist history: predicted setlists list the catalog’s most popular songs');
    }
    const created = await refreshPredictedSetlists(deps.db, artistId, next, source, entries);
    return {
      created,
      warnings,
      setlistsRead: read.length,
      actualStored: stored.setlists,
      actualMatched: matched,
      actualWithoutShow: unmatched,
      entriesWithoutSong: withoutSong,
      malformed,
    };
  }

  /** Names for predicted entries: the catalog song's, else the title setlist.fm used most recently. */
  async function entryTitles(artistId: string, keys: string[]): Promise<Map<string, string>> {
    const ids = keys.filter((k) => !k.startsWith('title:'));
    const songs = await deps.db.song.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
    const titles = new Map(songs.map((s) => [s.id, s.name]));
    const uncatalogued = await deps.db.setlistSong.findMany({
      where: { songId: null, title: { not: null }, setlist: { artistId, type: 'actual' } },
      orderBy: { setlist: { eventDate: 'desc' } },
      select: { title: true },
      take: 2_000,
    });
    for (const { title } of uncatalogued) {
      const key = `title:${normaliseTitle(title ?? '')}`;
      if (title && !titles.has(key)) titles.set(key, title);
    }
    return titles;
  }

  /** Without any history: the catalog's most popular songs (originals first), the last ones the encore. */
  async function catalogFallback(artistId: string): Promise<PredictedEntryRow[]> {
    const top = await deps.db.$queryRaw<Array<{ id: string; name: string }>>`
      SELECT s."id", s."name" FROM "Song" s JOIN "ArtistSong" a ON a."songId" = s."id"
      WHERE a."artistId" = ${artistId}::uuid
      ORDER BY s."isRemix" ASC, s."popularity" DESC NULLS LAST, s."id" ASC
      LIMIT ${FALLBACK_SETLIST_SONGS}`;
    return top.map((s, i) => ({ songId: s.id, title: s.name, encore: i + 1 > FALLBACK_ENCORE_AFTER }));
  }

  return {
    importSetlists,
    /** The phase's activity in histories recorded before the history import (replays and in-flight tasks): the same work. */
    createPredictedSetlists: importSetlists,
  };
}


