import { TICKETMASTER_DEEP_PAGING_LIMIT, TICKETMASTER_MAX_PAGE_SIZE } from '../domain/limits';
import { upsertShows, upsertVenues, type ShowRow, type VenueRow } from '../db/bulk';
import { eventDate, showStatus } from '../domain/show-rules';
import { formatTmDateTime } from '../providers/ticketmaster';
import type { CallOptions, EventWindow, TmEvent, TmVenue } from '../providers/types';
import type { ActivityDeps } from './deps';
import { failFastOnRefusal } from './failures';
import { checkpointer, lastCheckpoint, phaseReporter, providerCall } from './reporting';


export interface ShowsInput {
  artistId: string;
  tmAttractionId: string;
  /** Resync: read only events from the last sync's horizon on (a full read when never synced). */
  incremental?: boolean;
}

/** Events dated this long before the last sync are read again by an incremental resync (local dates, late changes). */
const RESYNC_HORIZON_MARGIN_MS = 24 * 60 * 60 * 1000;

export interface ShowsResult {
  shows: number;
  upcomingShows: number;
  venues: number;
  /** Valid events read, boundary duplicates included (the DB dedupes them). */
  eventsRead: number;
  /** Events without any usable date. */
  eventsSkipped: number;
  /** Events that failed validation. */
  malformed: number;
  windows: number;
  /** Events Ticketmaster reported but no window could reach (> 1,000 in one second). */
  unreachable: number;
  warnings: string[];
  /** Set when only events from a horizon on were read (incremental resync). */
  incremental?: { from: string; showsBefore: number };
}

/** Where the shows import is: heartbeated after every page, so a retry resumes there. */
interface ShowsCheckpoint {
  windows: EventWindow[];
  windowIndex: number;
  page: number;
  pagesDone: number;
  eventsRead: number;
  eventsSkipped: number;
  malformed: number;
  unreachable: number;
}

/** Phase 2: every event of the attraction, venues first, then shows — page by page, in bulk. */
export function createShowsActivities(deps: ActivityDeps) {
  return {
    async importShows(input: ShowsInput): Promise<ShowsResult> {
      return failFastOnRefusal(() => importShows(deps, input));
    },
  };
}

async function importShows(deps: ActivityDeps, input: ShowsInput): Promise<ShowsResult> {
  const report = phaseReporter(deps, 'shows');
  const call = providerCall(deps);
  const resumed = lastCheckpoint<ShowsCheckpoint>();
  const horizon = input.incremental ? await resyncHorizon(deps, input, call) : null;
  const cp: ShowsCheckpoint = resumed ?? {
    windows: horizon ? [horizon.window] : await deps.ticketmaster.planEventWindows(input.tmAttractionId, TICKETMASTER_DEEP_PAGING_LIMIT, call),
    windowIndex: 0,
    page: 0,
    pagesDone: 0,
    eventsRead: 0,
    eventsSkipped: 0,
    malformed: 0,
    unreachable: 0,
  };
  if (resumed) {
    deps.logger.info({ artistId: input.artistId, windowIndex: cp.windowIndex, page: cp.page }, 'resuming shows import from checkpoint');
  }
  const totalPages = Math.max(1, cp.windows.reduce((n, w) => n + pagesOf(w.totalElements), 0));
  const heartbeat = checkpointer({ ...cp });
  const warnings: string[] = [];
  const now = new Date();

  try {
    while (cp.windowIndex < cp.windows.length) {
      const window = cp.windows[cp.windowIndex]!;
      if (cp.page * TICKETMASTER_MAX_PAGE_SIZE >= TICKETMASTER_DEEP_PAGING_LIMIT) {
        // Only a window that could not be split (over 1,000 events within one second) gets here.
        cp.unreachable += Math.max(0, window.totalElements - cp.page * TICKETMASTER_MAX_PAGE_SIZE);
        Object.assign(cp, { windowIndex: cp.windowIndex + 1, page: 0 });
        heartbeat.save({ ...cp });
        continue;
      }
      const page = await deps.ticketmaster.getEventsPage(
        {
          attractionId: input.tmAttractionId,
          page: cp.page,
          size: TICKETMASTER_MAX_PAGE_SIZE,
          startDateTime: window.startDateTime,
          endDateTime: window.endDateTime,
        },
        call,
      );
      const skipped = await storeEvents(deps, input.artistId, page.items, now);
      const windowDone = cp.page + 1 >= page.totalPages || page.items.length + page.skipped === 0;
      // The page is stored: the checkpoint moves past it in one step (a timer
      // heartbeat never sees it half-updated), to the next page to read.
      Object.assign(cp, {
        malformed: cp.malformed + page.skipped,
        eventsRead: cp.eventsRead + page.items.length,
        eventsSkipped: cp.eventsSkipped + skipped,
        pagesDone: cp.pagesDone + 1,
        ...(windowDone ? { windowIndex: cp.windowIndex + 1, page: 0 } : { page: cp.page + 1 }),
      });
      heartbeat.save({ ...cp });
      await report({
        fraction: Math.min(0.95, cp.pagesDone / totalPages),
        message: `Imported ${cp.eventsRead} events (${cp.pagesDone}/${totalPages} pages)`,
        // Malformed items are added to the import's total once, from the phase's result.
        counts: { eventsFetched: cp.eventsRead, eventsSkipped: cp.eventsSkipped },
      });
    }
  } finally {
    heartbeat.stop();
  }

  if (cp.unreachable > 0) {
    warnings.push(`${cp.unreachable} events could not be read: more than ${TICKETMASTER_DEEP_PAGING_LIMIT} events share one second, past Ticketmaster's deep-paging limit`);
  }
  if (cp.eventsSkipped > 0) warnings.push(`${cp.eventsSkipped} events had no usable date and were skipped`);
  if (cp.malformed > 0) warnings.push(`${cp.malformed} malformed events from Ticketmaster were skipped`);

  const totals = await refreshShowCounts(deps, input.artistId);
  return {
    ...totals,
    eventsRead: cp.eventsRead,
    eventsSkipped: cp.eventsSkipped,
    malformed: cp.malformed,
    windows: cp.windows.length,
    unreachable: cp.unreachable,
    warnings,
    ...(horizon ? { incremental: { from: horizon.window.startDateTime, showsBefore: horizon.showsBefore } } : {}),
  };
}

/**
 * The one window an incremental resync reads: from a day before the last
 * shows sync on. Events dated before it were already past when last read.
 * Null (full read) when the artist's shows were never synced, or when the
 * window holds more than Ticketmaster pages through (then date windows are planned as usual).
 */
async function resyncHorizon(
  deps: ActivityDeps,
  input: ShowsInput,
  call: CallOptions,
): Promise<{ window: EventWindow & { startDateTime: string }; showsBefore: number } | null> {
  const artist = await deps.db.artist.findUnique({ where: { id: input.artistId }, select: { showsSyncedAt: true } });
  if (!artist?.showsSyncedAt) return null;
  const fromMs = artist.showsSyncedAt.getTime() - RESYNC_HORIZON_MARGIN_MS;
  const startDateTime = formatTmDateTime(Math.floor(fromMs / 1000) * 1000);
  const probe = await deps.ticketmaster.getEventsPage({ attractionId: input.tmAttractionId, page: 0, size: 1, startDateTime }, call);
  if (probe.totalElements > TICKETMASTER_DEEP_PAGING_LIMIT) return null;
  const showsBefore = await deps.db.show.count({ where: { artistId: input.artistId, date: { lt: new Date(fromMs) } } });
  return { window: { startDateTime, endDateTime: null, totalElements: probe.totalElements }, showsBefore };
}

function pagesOf(totalElements: number): number {
  return Math.min(Math.ceil(totalElements / TICKETMASTER_MAX_PAGE_SIZE), TICKETMASTER_DEEP_PAGING_LIMIT / TICKETMASTER_MAX_PAGE_SIZE);
}

/** Writes one page: its venues (one statement), then its shows mapped to venue ids (one statement). Returns events skipped. */
async function storeEvents(deps: ActivityDeps, artistId: string, events: TmEvent[], now: Date): Promise<number> {
  const venues: VenueRow[] = events.flatMap((e) => (e.venue ? [venueRow(e.venue)] : []));
  const venueIds = await upsertVenues(deps.db, venues);

  const shows: ShowRow[] = [];
  let skipped = 0;
  for (const e of events) {
    const date = eventDate(e);
    if (!date) {
      skipped++;
      continue;
    }
    shows.push({
      tmEventId: e.id,
      venueId: e.venue ? (venueIds.get(e.venue.id) ?? null) : null,
      name: e.name,
      date,
      localDate: e.localDate,
      localTime: e.localTime,
      status: showStatus(e.statusCode, date, now),
      ticketUrl: e.url,
      priceMin: e.priceMin,
      priceMax: e.priceMax,
      currency: e.currency,
    });
  }
  await upsertShows(deps.db, artistId, shows);
  return skipped;
}

/** A Ticketmaster venue as stored: its id becomes `tmVenueId`. */
function venueRow({ id, ...venue }: TmVenue): VenueRow {
  return { ...venue, tmVenueId: id };
}

async function refreshShowCounts(deps: ActivityDeps, artistId: string) {
  const [row] = await deps.db.$queryRaw<Array<{ shows: number; upcoming: number; venues: number }>>`
    SELECT count(*)::int AS shows,
           count(*) FILTER (WHERE "status" = 'upcoming')::int AS upcoming,
           count(DISTINCT "venueId")::int AS venues
    FROM "Show" WHERE "artistId" = ${artistId}::uuid`;
  const totals = { shows: row?.shows ?? 0, upcomingShows: row?.upcoming ?? 0, venues: row?.venues ?? 0 };
  await deps.db.artist.update({
    where: { id: artistId },
    data: { totalShows: totals.shows, upcomingShows: totals.upcomingShows, showsSyncedAt: new Date() },
  });
  return totals;
}
