// The worker's CPU priority. Where the worker shares a machine with the API
// (`npm start`, a single host), imports are background work and a fan's
// request is not: with the worker at niceness 10, kickoffs while 50 imports
// ran on two workers had a P99 of 61–102 ms, against 233–246 ms at 0 (README,
// "Performance"). On a machine of its own the worker loses nothing: a lower
// priority only matters while something else wants the CPU. A starved worker
// does not break the providers' rates: a request must leave by its grant's
// deadline or not at all (providers/send-deadline.ts).
import { readdirSync } from 'node:fs';
import os from 'node:os';

/**
 * Raises the niceness of every thread of this process to at least `niceness`
 * (Linux keeps one per thread; threads started later inherit it from the
 * thread that starts them). Never lowers it: that needs privileges. Returns
 * the niceness now in effect.
 */
export function lowerCpuPriority(niceness: number): number {
  const target = Math.max(niceness, os.getPriority());
  let threads: number[];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    threads = [0]; // not Linux: the process (0 = the calling one)
  }
  for (const thread of threads) {
    try {
      os.setPriority(thread, target);
    } catch {
      // A thread that ended since it was listed.
    }
  }
  return target;
}
