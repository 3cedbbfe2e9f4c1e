// Popularity bookkeeping per recording: every version of a recording gets a
// popularity no other version of it holds, so "the most popular version" is
// one track — except where a tie is placed on purpose (`claim`, used by the
// popularity-tie hard case; expected.ts says how such a tie is broken).

import { clamp } from '../random';

export class PopularityLedger {
  private readonly used = new Map<string, Set<number>>();

  private usedBy(recording: string): Set<number> {
    let used = this.used.get(recording);
    if (!used) {
      used = new Set();
      this.used.set(recording, used);
    }
    return used;
  }

  /** A popularity value no other version of `recording` holds. */
  distinct(recording: string, desired: number, direction: 'up' | 'down'): number {
    const used = this.usedBy(recording);
    const start = clamp(Math.round(desired), 0, 100);
    let p = start;
    // Move away from taken values in the hinted direction, so "lower" stays lower.
    if (direction === 'down') {
      while (p >= 0 && used.has(p)) p--;
      if (p < 0) for (p = start; used.has(p); p++);
    } else {
      while (p <= 100 && used.has(p)) p++;
      if (p > 100) for (p = start; used.has(p); p--);
    }
    used.add(p);
    return p;
  }

  /** Exactly `popularity`, even when another version of `recording` holds it: a deliberate tie. */
  claim(recording: string, popularity: number): number {
    this.usedBy(recording).add(popularity);
    return popularity;
  }

  /** Highest popularity held so far by a version of `recording` (−1 when none). */
  groupMax(recording: string): number {
    const used = this.used.get(recording);
    return used && used.size > 0 ? Math.max(...used) : -1;
  }
}
