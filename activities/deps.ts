import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Db } from '../db/client';
import type { MusicBrainzApi, SetlistFmApi, SpotifyApi, TicketmasterApi } from '../providers/types';

/** What the activities need from the outside world; the worker wires the real ones. */
export interface ActivityDeps {
  db: Db;
  ticketmaster: TicketmasterApi;
  spotify: SpotifyApi;
  setlistfm: SetlistFmApi;
  /** The live-album authority; without it the catalog uses name rules only (with a warning). */
  musicbrainz?: MusicBrainzApi;
  /** Used to report in-phase progress to the running workflow (a signal). */
  temporal: Client;
  logger: Logger;
  /** Minimum time between two in-phase progress signals of one activity. */
  progressIntervalMs?: number;
  /** How many of an artist's most recent setlists a first import reads (domain/limits.ts SETLIST_HISTORY_DEPTH unless set). */
  setlistHistoryDepth?: number;
}
