// The fake's own idea of "the same recording", used to keep popularities
// distinct inside a group and to pick one winner per group in the ground
// truth. Deliberately simple and independent of the product's rules: ISRC,
// else the title up to case and spacing plus the duration to the second.

/** Normalised title used for the no-ISRC dedupe key: lower-case, trimmed, inner whitespace collapsed. */
export function normaliseTitle(title: string): string {
  return title.toLowerCase().trim().replace(/\s+/g, ' ');
}

/** Dedupe key of the spec: ISRC, else normalised title + duration rounded to seconds. */
export function dedupeKey(track: { isrc: string | null; name: string; durationMs: number }): string {
  return track.isrc ? `isrc:${track.isrc}` : `title:${normaliseTitle(track.name)}|${Math.round(track.durationMs / 1000)}`;
}
