// The worker's CPU priority (WORKER_NICENESS, default 0). Where the worker
// shares a machine with the API, imports can yield the CPU to fans' requests:
// with the worker at niceness 10, kickoffs while 50 imports ran on two
// workers had a P99 of 61–102 ms, against 233–246 ms at 0 (README,
// "Performance"). The worker's own work then waits too: on the same 2-core
// machine its peak RSS on a 20,000-track import rose from 270 to 316 MB (not
// yet explained), and the progress queries it answers lagged: with 1,000
// watchers, event P99 797 ms (281 once all had joined) against 170 ms. So it
// is a choice for a shared host, not the default. A starved worker does not
// break the providers' rates: a request must leave by its grant's deadline or
// not at all (providers/send-deadline.ts).
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
