// Which ISRCs the dedupe cannot do without, when tracks come without them.
//
// On Spotify's development-mode contract an album's track listing carries no
// ISRC, and the only way to get one is a request per track (`/tracks/{id}`).
// Most versions of a recording are told apart or merged by the no-ISRC rule
// alone (normalised title + a length within 2 s, SPEC rule 5). It cannot
// decide when versions share a normalised title but their lengths span more
// than 2 s: a remaster 1.5 s longer and a single 1.5 s shorter than the album
// version may be one recording (one ISRC) or two. Only there is an ISRC asked
// for — one per length cluster, the version the cluster would keep — and a
// cluster takes its representative's ISRC, so clusters sharing it merge.
// Pure, no I/O: the workflow calls it between two activities.

import { earlierRelease, SAME_RECORDING_MAX_DURATION_GAP_MS } from './catalog-rules';
import { normaliseTitle } from './title-rules';
import type { SpotifyTrack } from './catalog-types';

const byCodepoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Tracks without an ISRC of one normalised title, in length clusters as the no-ISRC rule forms them. */
function ambiguousClusters(tracks: SpotifyTrack[]): SpotifyTrack[][][] {
  const byTitle = new Map<string, SpotifyTrack[]>();
  for (const t of tracks) {
    if (t.isrc !== null && t.isrc.trim() !== '') continue;
    const title = normaliseTitle(t.name);
    byTitle.set(title, [...(byTitle.get(title) ?? []), t]);
  }
  const out: SpotifyTrack[][][] = [];
  for (const versions of byTitle.values()) {
    const ordered = [...versions].sort((a, b) => a.durationMs - b.durationMs || byCodepoint(a.id, b.id));
    const clusters: SpotifyTrack[][] = [];
    let shortest = Number.NEGATIVE_INFINITY;
    for (const t of ordered) {
      if (t.durationMs - shortest > SAME_RECORDING_MAX_DURATION_GAP_MS) {
        shortest = t.durationMs;
        clusters.push([]);
      }
      clusters[clusters.length - 1]!.push(t);
    }
    if (clusters.length > 1) out.push(clusters);
  }
  return out;
}

/**
 * Ids of the tracks whose ISRC the dedupe needs: one per length cluster of
 * every normalised title whose versions span more than 2 s. Sorted, so the
 * workflow's activity input is the same whatever the input order.
 */
export function isrcLookupsNeeded(tracks: SpotifyTrack[]): string[] {
  const ids: string[] = [];
  for (const clusters of ambiguousClusters(tracks)) {
    for (const cluster of clusters) ids.push(cluster.reduce((best, t) => (earlierRelease(t, best) < 0 ? t : best)).id);
  }
  return ids.sort(byCodepoint);
}

/**
 * The tracks with the looked-up ISRCs applied: a representative gets its own
 * ISRC, and the rest of its length cluster the same one (they are one
 * recording by the no-ISRC rule), so clusters with one ISRC merge in
 * `dedupeTracks` and the version kept is a representative, whose ISRC is real.
 * A representative without an ISRC leaves its cluster to the no-ISRC rule.
 */
export function withLookedUpIsrcs(tracks: SpotifyTrack[], isrcs: Readonly<Record<string, string | null>>): SpotifyTrack[] {
  const assigned = new Map<string, string>();
  for (const clusters of ambiguousClusters(tracks)) {
    for (const cluster of clusters) {
      const isrc = cluster.map((t) => isrcs[t.id]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
      if (isrc === undefined) continue;
      for (const t of cluster) assigned.set(t.id, isrc);
    }
  }
  return tracks.map((t) => {
    const isrc = assigned.get(t.id);
    return isrc === undefined ? t : { ...t, isrc };
  });
}
