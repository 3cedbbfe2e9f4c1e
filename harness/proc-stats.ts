// What Linux's /proc says about a process the harness started: its CPU time
// and its resident memory (current, and the peak since a given moment), so a
// benchmark can charge the API, each worker and the Temporal server apart.
import { readFileSync, writeFileSync } from 'node:fs';

const USER_HZ = 100; // clock ticks per second of /proc/<pid>/stat on Linux

/** User + system CPU seconds of a process, or null where it cannot be read (gone, not Linux). */
export function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may hold spaces) start at state; utime and stime are the 14th and 15th overall.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return null;
  }
}

/** VmRSS and VmHWM (peak resident set) of a process in MB, or null when it cannot be read. */
export function residentMb(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/**
 * Peak resident memory of some processes from now on: VmHWM is reset through
 * /proc/<pid>/clear_refs where the kernel allows it (Linux ≥ 4.0, a child of
 * this user), and VmRSS is polled as well, so the peak is never below what
 * polling saw even where the reset is refused (then VmHWM, which covers the
 * process's whole life, e.g. a worker's start-up bundling, is not used).
 */
export class PeakRss {
  private readonly polled = new Map<number, number>();
  private readonly resetOk = new Map<number, boolean>();
  private readonly timer: NodeJS.Timeout;

  constructor(pids: number[], everyMs = 200) {
    for (const pid of pids) {
      this.resetOk.set(pid, resetPeak(pid));
      this.polled.set(pid, 0);
    }
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  /** Stops sampling and returns each process's peak in MB (rounded), by pid. */
  stop(): Map<number, number> {
    clearInterval(this.timer);
    this.sample();
    const peaks = new Map<number, number>();
    for (const [pid, polled] of this.polled) {
      const hwm = this.resetOk.get(pid) ? (residentMb(pid)?.peak ?? 0) : 0;
      peaks.set(pid, Math.round(Math.max(polled, hwm)));
    }
    return peaks;
  }

  private sample(): void {
    for (const [pid, max] of this.polled) {
      const now = residentMb(pid)?.rss;
      if (now !== undefined && now > max) this.polled.set(pid, now);
    }
  }
}

/** Resets VmHWM to the current RSS ("5" to clear_refs); false where that is not allowed. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** The machine's CPU time so far (all cores, seconds): busy, and of that stolen by the hypervisor; null where /proc/stat cannot be read. */
export function machineCpu(): { busy: number; steal: number } | null {
  try {
    // cpu  user nice system idle iowait irq softirq steal …
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { busy: (user! + nice! + system! + irq! + softirq! + steal!) / USER_HZ, steal: steal! / USER_HZ };
  } catch {
    return null;
  }
}

/** The share (%) of the machine's busy time the hypervisor took since `since` (a machineCpu() reading). */
export function stealPercentSince(since: ReturnType<typeof machineCpu>): number | null {
  const now = machineCpu();
  if (!since || !now || now.busy === since.busy) return null;
  return Math.round(((now.steal - since.steal) / (now.busy - since.busy)) * 1000) / 10;
}
