// Unique song and album names for one catalog, drawn from the neutral word
// lists: no generated title repeats another up to case and spacing, and an
// album name that is taken gets a "Vol. n".

import type { Rng } from '../random';
import { ADJECTIVES, NOUNS, TITLE_PATTERNS } from '../vocabulary';

/** How titles are compared for uniqueness: up to case and spacing. */
function titleKey(title: string): string {
  return title.toLowerCase().trim().replace(/\s+/g, ' ');
}

export class CatalogNames {
  private readonly titles = new Set<string>();
  private readonly albumNames = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** Marks a title as used (generated or given, e.g. the lookalike titles). */
  takeTitle(title: string): void {
    this.titles.add(titleKey(title));
  }

  isTitleTaken(title: string): boolean {
    return this.titles.has(titleKey(title));
  }

  /** A title no song of the catalog has yet (not yet marked as used). */
  uniqueTitle(): string {
    for (let attempt = 0; attempt < 60; attempt++) {
      const a = this.rng.pick(NOUNS);
      let b = this.rng.pick(NOUNS);
      if (b === a) b = this.rng.pick(NOUNS);
      const t = this.rng
        .pick(TITLE_PATTERNS)
        .replace('{adj}', this.rng.pick(ADJECTIVES))
        .replace('{noun}', a)
        .replace('{noun2}', b);
      if (!this.isTitleTaken(t)) return t;
    }
    // Word space exhausted (very large generated catalogs): number the title.
    for (let n = 2; ; n++) {
      const t = `${this.rng.pick(ADJECTIVES)} ${this.rng.pick(NOUNS)} No. ${n}`;
      if (!this.isTitleTaken(t)) return t;
    }
  }

  /** `candidate`, or "candidate Vol. n" when an album already has that name. */
  uniqueAlbumName(candidate: string): string {
    let name = candidate;
    for (let n = 2; this.albumNames.has(name.toLowerCase()); n++) name = `${candidate} Vol. ${n}`;
    this.albumNames.add(name.toLowerCase());
    return name;
  }
}
