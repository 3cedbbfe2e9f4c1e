// The overall deadline of an import's work (workflow code: a durable timer,
// no I/O). An import never hangs: once its work has taken longer than the
// deadline, the work is cancelled (every running activity and timer in it)
// and `run` rejects with ImportDeadlineExceeded, which the workflow records
// like any failure.
//
// Declared waits do not count. A wait the import chose to sit out — Spotify's
// spent quota, waited for on a durable timer as Spotify asks — is not a sign
// of a stuck import, so its time is not spent from the deadline. Wrap such a
// wait in `deadline.excluding(() => sleep(ms))`: the deadline's clock stops
// while any excluded wait is in progress and resumes with what was left once
// the last one ends. Everything else (activities, their retries, their
// backoff) counts.
import { ApplicationFailure, CancellationScope, isCancellation, sleep } from '@temporalio/workflow';

/** Two hours: far beyond any healthy import (the largest take minutes), short enough that a stuck one is reported the same day. */
export const DEFAULT_IMPORT_DEADLINE_MS = 2 * 60 * 60_000;
/** The failure type of a passed deadline (not retried: the import is over). */
export const IMPORT_DEADLINE_EXCEEDED = 'ImportDeadlineExceeded';

export interface ImportDeadline {
  /** Runs the import's work under the deadline; rejects with ImportDeadlineExceeded once it has passed. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Runs a declared wait whose time does not count against the deadline. */
  excluding<T>(wait: () => Promise<T>): Promise<T>;
}

/** The deadline a workflow input asks for, or the default when it asks for none (or for nonsense). */
export function deadlineMs(requested: number | undefined): number {
  return requested !== undefined && Number.isFinite(requested) && requested > 0 ? requested : DEFAULT_IMPORT_DEADLINE_MS;
}

/** "2 h", "90 min", "3 s": the deadline as a fan and an operator read it. */
export function formatDeadline(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 100) / 10} s`;
}

/** A deadline of `limitMs` of work, timed on the workflow clock. */
export function importDeadline(limitMs: number): ImportDeadline {
  let remainingMs = limitMs;
  let excludedWaits = 0;
  let expired = false;
  let work: CancellationScope | null = null;
  let timer: { scope: CancellationScope; armedAt: number } | null = null;

  // The timer lives beside the work (not inside it), so a finished or paused work cancels it, never the reverse.
  const expire = () => {
    expired = true;
    timer = null;
    work?.cancel();
  };
  const arm = (parent: CancellationScope) => {
    if (!work || expired || excludedWaits > 0 || timer) return;
    // Spent before the wait began (the work's last step may end after the deadline was due).
    if (remainingMs <= 0) return expire();
    const scope = new CancellationScope({ cancellable: true, parent });
    timer = { scope, armedAt: Date.now() };
    scope.run(() => sleep(remainingMs)).then(
      expire,
      (err: unknown) => {
        if (!isCancellation(err)) throw err;
      },
    );
  };
  const disarm = () => {
    if (!timer) return;
    remainingMs = Math.max(0, remainingMs - (Date.now() - timer.armedAt));
    timer.scope.cancel();
    timer = null;
  };

  let outer: CancellationScope | null = null;
  return {
    async run(body) {
      outer = CancellationScope.current();
      work = new CancellationScope();
      arm(outer);
      try {
        return await work.run(body);
      } catch (err) {
        if (!expired) throw err;
        throw ApplicationFailure.create({
          message: `the import passed its deadline of ${formatDeadline(limitMs)}`,
          type: IMPORT_DEADLINE_EXCEEDED,
          nonRetryable: true,
        });
      } finally {
        disarm();
        work = null;
      }
    },
    async excluding(wait) {
      if (excludedWaits++ === 0) disarm();
      try {
        return await wait();
      } finally {
        if (--excludedWaits === 0 && outer) arm(outer);
      }
    },
  };
}

/** What runs where no deadline applies (imports recorded before there was one replay without its timer). */
export const noDeadline: ImportDeadline = {
  run: (work) => work(),
  excluding: (wait) => wait(),
};

/** Whether a failure is a passed import deadline. */
export function isDeadlineExceeded(err: unknown): err is ApplicationFailure {
  return err instanceof ApplicationFailure && err.type === IMPORT_DEADLINE_EXCEEDED;
}
