// Predicted setlists learned from what the artist actually played: pure
// functions over past setlists (no I/O), shared by the setlists activity, the
// API (votes) and the backtest.
//
// The rule, for one upcoming show:
// - the history is the artist's most recent setlists (at most RECENT_SETLISTS);
//   each weighs 0.5^(age / HALF_LIFE_SETLISTS) where age is its rank, newest
//   = 0, and setlists of another tour than the newest one's weigh
//   OTHER_TOUR_WEIGHT as much (the current tour first);
// - a song's score is its weighted share of those setlists;
// - the length is the typical (median) number of songs of the current tour's
//   setlists, and the songs are the highest-scoring that many;
// - a song that closed the show (was in the encore) in at least half of its
//   weighted appearances is an encore song;
// - main set and encore are each ordered by the song's typical place: its
//   weighted mean relative position (0 = first, 1 = last) in that part.

/** One past setlist as the predictor sees it: song keys in the order played. */
export interface PlayedSetlist {
  /** The setlist's own id (setlist.fm's): orders setlists of the same date, so any input order predicts the same. */
  id: string;
  /** YYYY-MM-DD. */
  eventDate: string;
  tourName: string | null;
  /** `key` names a song: a catalog song id, or a title for songs the catalog lacks (covers). */
  entries: ReadonlyArray<{ key: string; encore: boolean }>;
}

export interface PredictedEntry {
  key: string;
  encore: boolean;
  /** Weighted share of recent setlists that played the song (0–1). */
  score: number;
}

export interface Prediction {
  entries: PredictedEntry[];
  /** How many setlists the prediction learned from, and the tour it took as current. */
  setlistsUsed: number;
  currentTour: string | null;
}

export const RECENT_SETLISTS = 40;
export const HALF_LIFE_SETLISTS = 10;
export const OTHER_TOUR_WEIGHT = 0.25;
/** Setlists whose length and encore size make the "typical" set. */
const TYPICAL_OF = 10;

const median = (values: number[]): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
};

/** Newest first; setlists of the same date by id. */
function newestFirst(history: readonly PlayedSetlist[]): PlayedSetlist[] {
  return [...history].sort((a, b) =>
    a.eventDate < b.eventDate ? 1 : a.eventDate > b.eventDate ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
}

interface Tally {
  weight: number;
  encoreWeight: number;
  mainPosWeight: number;
  mainPosSum: number;
  encorePosWeight: number;
  encorePosSum: number;
}

/** The predicted setlist of the artist's next show, or null without any non-empty history. */
export function predictSetlist(history: readonly PlayedSetlist[]): Prediction | null {
  const recent = newestFirst(history.filter((s) => s.entries.length > 0)).slice(0, RECENT_SETLISTS);
  if (recent.length === 0) return null;
  const currentTour = recent[0]!.tourName;
  const sameTour = (s: PlayedSetlist) => currentTour === null || s.tourName === currentTour;

  const tallies = new Map<string, Tally>();
  let total = 0;
  recent.forEach((setlist, age) => {
    const w = 0.5 ** (age / HALF_LIFE_SETLISTS) * (sameTour(setlist) ? 1 : OTHER_TOUR_WEIGHT);
    total += w;
    const main = setlist.entries.filter((e) => !e.encore);
    const encore = setlist.entries.filter((e) => e.encore);
    const seen = new Set<string>();
    const count = (part: typeof main, isEncore: boolean) =>
      part.forEach((e, i) => {
        if (seen.has(e.key)) return; // a reprise counts once
        seen.add(e.key);
        const t = tallies.get(e.key) ?? { weight: 0, encoreWeight: 0, mainPosWeight: 0, mainPosSum: 0, encorePosWeight: 0, encorePosSum: 0 };
        const rel = part.length > 1 ? i / (part.length - 1) : 0;
        t.weight += w;
        if (isEncore) {
          t.encoreWeight += w;
          t.encorePosWeight += w;
          t.encorePosSum += w * rel;
        } else {
          t.mainPosWeight += w;
          t.mainPosSum += w * rel;
        }
        tallies.set(e.key, t);
      });
    count(main, false);
    count(encore, true);
  });

  const typical = recent.filter(sameTour).slice(0, TYPICAL_OF);
  const length = Math.max(1, median(typical.map((s) => new Set(s.entries.map((e) => e.key)).size)));
  const isEncore = (t: Tally) => t.encoreWeight * 2 >= t.weight;
  // Typical place: weighted mean relative position in the part (main set or encore) the song belongs to.
  const place = (t: Tally) =>
    isEncore(t)
      ? 2 + (t.encorePosWeight > 0 ? t.encorePosSum / t.encorePosWeight : 0)
      : t.mainPosWeight > 0 ? t.mainPosSum / t.mainPosWeight : 1;
  // Ties are broken by what was played (place), the key only last: the keys
  // may be database ids, and two databases must predict the same setlist.
  const ranked = [...tallies.entries()]
    .map(([key, t]) => ({ key, t, score: t.weight / total, place: place(t) }))
    .sort((a, b) => b.score - a.score || a.place - b.place || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const chosen = ranked.slice(0, length);
  const byPlace = (a: (typeof chosen)[number], b: (typeof chosen)[number]) =>
    a.place - b.place || b.score - a.score || (a.key < b.key ? -1 : 1);
  return {
    entries: [...chosen].sort(byPlace).map((x) => ({ key: x.key, encore: isEncore(x.t), score: x.score })),
    setlistsUsed: recent.length,
    currentTour,
  };
}

// ----------------------------------------------------------------- votes

/** Votes that lift a song of a predicted setlist one place. */
export const VOTES_PER_PLACE = 5;

/**
 * Fans' votes move songs within a predicted setlist, never out of it and never
 * between main set and encore: each VOTES_PER_PLACE votes lift a song one
 * place (its predicted place minus floor(votes / VOTES_PER_PLACE)); at the
 * same place the song with more votes goes first, then the predicted order. Returns the entries in their voted order.
 */
export function orderByVotes<T extends { position: number; isEncore: boolean; votes: number }>(entries: readonly T[]): T[] {
  const part = (encore: boolean) =>
    entries
      .filter((e) => e.isEncore === encore)
      .sort((a, b) => a.position - b.position)
      .map((e, rank) => ({ e, at: rank - Math.floor(e.votes / VOTES_PER_PLACE), rank }))
      .sort((a, b) => a.at - b.at || b.e.votes - a.e.votes || a.rank - b.rank)
      .map(({ e }) => e);
  return [...part(false), ...part(true)];
}

// -------------------------------------------------------------- backtest

export interface BacktestScore {
  shows: number;
  recall: number;
  precision: number;
}

export interface BacktestResult {
  history: BacktestScore;
  popularity: BacktestScore;
}

/** Recall and precision of one predicted song set against what was played. */
export function overlap(predicted: readonly string[], played: readonly string[]): { recall: number; precision: number } {
  const p = new Set(predicted);
  const a = new Set(played);
  const hit = [...p].filter((k) => a.has(k)).length;
  return { recall: a.size === 0 ? 0 : hit / a.size, precision: p.size === 0 ? 0 : hit / p.size };
}

/**
 * Predicts each of the artist's last `k` setlists from the setlists before it
 * and scores the prediction (mean recall and precision over those shows), next
 * to the popularity baseline: the same `baseline` songs for every show.
 */
export function backtest(history: readonly PlayedSetlist[], k: number, baseline: readonly string[]): BacktestResult {
  const ordered = newestFirst(history.filter((s) => s.entries.length > 0));
  const scores = { history: [] as Array<{ recall: number; precision: number }>, popularity: [] as Array<{ recall: number; precision: number }> };
  for (let i = 0; i < Math.min(k, ordered.length - 1); i++) {
    const played = ordered[i]!.entries.map((e) => e.key);
    const prediction = predictSetlist(ordered.slice(i + 1));
    scores.history.push(overlap(prediction?.entries.map((e) => e.key) ?? [], played));
    scores.popularity.push(overlap(baseline, played));
  }
  const mean = (xs: Array<{ recall: number; precision: number }>): BacktestScore => ({
    shows: xs.length,
    recall: xs.length === 0 ? 0 : xs.reduce((n, x) => n + x.recall, 0) / xs.length,
    precision: xs.length === 0 ? 0 : xs.reduce((n, x) => n + x.precision, 0) / xs.length,
  });
  return { history: mean(scores.history), popularity: mean(scores.popularity) };
}
