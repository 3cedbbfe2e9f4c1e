// Popularity bookkeeping per dedupe group: every version of a recording gets
// a popularity no other version of it holds, so "the most popular version"
// is always one track and the ground truth never depends on a tie-breaker.

import { clamp } from '../random';

export class PopularityLedger {
  private readonly used = new Map<string, Set<number>>();

  /** A popularity value no other track with the same dedupe key holds (never tied within a group). */
  distinct(key: string, desired: number, direction: 'up' | 'down'): number {
    let used = this.used.get(key);
    if (!used) {
      used = new Set();
      this.used.set(key, used);
    }
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

  /** Highest popularity held so far in a dedupe group (−1 when empty). */
  groupMax(key: string): number {
    const used = this.used.get(key);
    return used && used.size > 0 ? Math.max(...used) : -1;
  }
}
