// The scheduled workflows' contract with everything outside them (worker,
// schedule set-up, admin API, tests): type names, schedule ids, inputs,
// results, and the trending formula's constants. Pure: safe in the workflow
// bundle and in client code alike.

export const TRENDING_WORKFLOW = 'TrendingWorkflow';
export const RESYNC_ACTIVE_WORKFLOW = 'ResyncActiveWorkflow';
export const DEEP_RESYNC_TRENDING_WORKFLOW = 'DeepResyncTrendingWorkflow';

/** Schedule ids read like names (the Temporal UI lists them so). */
export const SCHEDULE_IDS = ['trending', 'resync-active', 'deep-resync-trending'] as const;
export type ScheduleId = (typeof SCHEDULE_IDS)[number];

/**
 * The trending score (SPEC "Schedules"), each term defined precisely:
 * - recent votes: votes cast in the last RECENT_VOTES_DAYS days on any song of
 *   any setlist (predicted or actual) of the artist;
 * - upcoming shows: the artist's shows with status `upcoming` dated now or later;
 * - popularity (0–100) and followers: Spotify's, null (unknown) counted as 0;
 *   followers add followers / 10,000 (exact division), at most 100;
 * - views: the artist page's view count;
 * - recency bonus: the artist's last activity — the latest of its last vote,
 *   its last page view and the time a fan first added it (row creation) — within
 *   7 days gives 20, within 30 days 10. Our own scheduled resyncs are not
 *   activity: counting them (as the seeds' last_synced_at does) would keep
 *   every resynced artist trending because it was resynced.
 */
export const TRENDING = {
  recentVotesDays: 7,
  voteWeight: 10,
  upcomingShowWeight: 5,
  popularityWeight: 2,
  followersPerPoint: 10_000,
  followersCap: 100,
  viewWeight: 3,
  activeBonus: [
    { withinDays: 7, points: 20 },
    { withinDays: 30, points: 10 },
  ],
  /** isTrending when the score is strictly greater. */
  threshold: 50,
  /** Artists the workflow returns (all are scored). */
  topListSize: 50,
} as const;

export interface TrendingArtist {
  artistId: string;
  name: string;
  score: number;
}

export interface TrendingResult {
  scoredAt: string;
  artistsScored: number;
  trendingCount: number;
  top: TrendingArtist[];
}

/** Selection of the active-artist resync (SPEC "Schedules"). */
export const RESYNC_ACTIVE = {
  minPopularity: 70,
  minViews: 100,
  /** Not synced for this long (never synced counts as not synced). */
  staleHours: 24,
  limit: 50,
} as const;

/** Default number of child imports a resync runs at once (env RESYNC_CONCURRENCY). */
export const DEFAULT_RESYNC_CONCURRENCY = 5;
/** Artists a deep resync handles per workflow run before it continues as new. */
export const DEEP_RESYNC_PAGE_SIZE = 50;
/** Names kept per outcome list in a resync result (the counts are always exact). */
export const RESYNC_RESULT_LIST_CAP = 200;

export interface ResyncTarget {
  artistId: string;
  tmAttractionId: string;
  name: string;
  trendingScore: number;
}

export interface ResyncInput {
  /** Child imports at once (1..50). */
  concurrency?: number;
}

export interface DeepResyncInput extends ResyncInput {
  /** Artists per workflow run before it continues as new (default DEEP_RESYNC_PAGE_SIZE; 1..50). */
  pageSize?: number;
  /** Continue-as-new state: where the previous run stopped and what it did. */
  cursor?: { artistId: string } | null;
  carried?: ResyncResult;
}

export interface ResyncOutcome {
  artistId: string;
  tmAttractionId: string;
  name: string;
  /** Why it was skipped or failed; null when synced. */
  reason: string | null;
}

export interface ResyncResult {
  selected: number;
  synced: ResyncOutcome[];
  skipped: ResyncOutcome[];
  failed: ResyncOutcome[];
  /** Outcomes not listed above because a list reached RESYNC_RESULT_LIST_CAP. */
  unlisted: number;
}

export function emptyResyncResult(): ResyncResult {
  return { selected: 0, synced: [], skipped: [], failed: [], unlisted: 0 };
}

export function clampConcurrency(n: number | undefined): number {
  const v = Math.floor(n ?? DEFAULT_RESYNC_CONCURRENCY);
  return Math.min(50, Math.max(1, Number.isFinite(v) ? v : DEFAULT_RESYNC_CONCURRENCY));
}
