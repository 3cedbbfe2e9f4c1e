// One progress watcher per running import per API process, shared by every
// SSE client of that import: the watcher queries the workflow (the only
// source of truth) on one timer and keeps the versions it has seen; each
// client reads them from its own position, so a thousand fans of one import
// cost the Temporal server what one fan costs. The watcher starts with its
// first client and stops when its last one leaves or the run ends.
import { setMaxListeners } from 'node:events';
import { WorkflowFailedError, type WorkflowExecutionDescription, type WorkflowHandle } from '@temporalio/client';
import type { Artist } from '../generated/prisma/client';
import type { ImportProgress } from '../domain/progress';
import type { AppDeps } from './deps';
import { finishedProgress, queryProgress, queuedProgress } from './import-snapshot';
import { withTemporalDeadline } from './temporal-calls';

const DEFAULT_POLL_MS = 100;
/** A poll often: one slow query is skipped rather than waited for. */
const QUERY_TIMEOUT_MS = 1_000;
/** Pause before watching for the run's close again after Temporal did not answer. */
const CLOSE_RETRY_MS = 1_000;
/**
 * Versions kept for clients that join late or resume: each is a whole
 * snapshot, so a client resuming before the oldest kept one loses nothing
 * by starting there; the bound keeps a long import's memory flat.
 */
const MAX_KEPT_VERSIONS = 500;

/** The run a client follows, as located by the route. */
export interface WatchedRun {
  artist: Artist;
  handle: WorkflowHandle;
  info: WorkflowExecutionDescription;
}

/** What a client reads: the versions seen so far, then the end. */
export interface ProgressFeed {
  /** Versions seen after `afterVersion`, in order; empty when there is nothing new. */
  since(afterVersion: number): ImportProgress[];
  /** The run's last progress once it has ended (completed, failed or cancelled), else null. */
  readonly final: ImportProgress | null;
  /**
   * Calls `listener` at each change (a version, the end, a failure), for
   * every client of the run at once, until the client leaves.
   */
  onChange(listener: () => void): void;
  /** The client is done with the feed; the last one to leave stops the watcher. */
  leave(): void;
}

export class ProgressWatchers {
  private readonly watchers = new Map<string, RunWatcher>();
  /** Progress queries sent to Temporal since the process started (what the shared watchers save). */
  queriesSent = 0;

  constructor(private readonly deps: AppDeps) {}

  /** Joins the run's watcher, starting it if this is its first client. */
  join(run: WatchedRun): ProgressFeed {
    const key = `${run.handle.workflowId}/${run.info.runId}`;
    let watcher = this.watchers.get(key);
    if (!watcher || watcher.stopped) {
      watcher = new RunWatcher(this.deps, run, () => this.queriesSent++, () => this.watchers.delete(key));
      this.watchers.set(key, watcher);
    }
    return watcher.join();
  }

  /** The latest version a running watcher has seen of that run, if any is watching it. */
  latest(workflowId: string, runId: string): ImportProgress | null {
    const watcher = this.watchers.get(`${workflowId}/${runId}`);
    return watcher && !watcher.stopped ? (watcher.final ?? watcher.latest) : null;
  }

  /**
   * The run of the workflow a watcher is following right now, if any: a new
   * client of a watched import joins it without asking Temporal where the
   * import is (a workflow id has at most one running run).
   */
  watching(workflowId: string): WatchedRun | null {
    for (const watcher of this.watchers.values()) {
      if (!watcher.stopped && watcher.run.handle.workflowId === workflowId) return watcher.run;
    }
    return null;
  }

  /**
   * The watched run of the artist a fan's link names (its id or its slug as
   * the watcher knows them), if any: a thousand fans opening one import's
   * page cost no database lookup each. Any other reference (an alias, a slug
   * changed since) goes through the database as before.
   */
  watchingArtist(ref: string): WatchedRun | null {
    const id = ref.toLowerCase();
    for (const watcher of this.watchers.values()) {
      const { artist } = watcher.run;
      if (!watcher.stopped && (artist.id === id || artist.slug === ref)) return watcher.run;
    }
    return null;
  }

  /** How many runs are being watched now. */
  get active(): number {
    return this.watchers.size;
  }
}

class RunWatcher {
  private readonly seen: ImportProgress[] = [];
  final: ImportProgress | null = null;
  stopped = false;
  private failure: unknown = null;
  private clients = 0;
  /** What each client wants told of a change. */
  private readonly listeners = new Set<() => void>();
  private readonly stop = new AbortController();

  constructor(
    private readonly deps: AppDeps,
    readonly run: WatchedRun,
    private readonly countQuery: () => void,
    private readonly onStopped: () => void,
  ) {
    setMaxListeners(0, this.stop.signal);
    void this.loop();
  }

  get latest(): ImportProgress | null {
    return this.seen.at(-1) ?? null;
  }

  join(): ProgressFeed {
    this.clients++;
    let left = false;
    let listener: (() => void) | undefined;
    const watcher = this;
    return {
      since(afterVersion) {
        if (watcher.failure) throw watcher.failure;
        // Clients are mostly at the tail: look back from the newest.
        let from = watcher.seen.length;
        while (from > 0 && watcher.seen[from - 1]!.version > afterVersion) from--;
        return watcher.seen.slice(from);
      },
      get final() {
        return watcher.final;
      },
      onChange(l) {
        if (left) return;
        if (listener) watcher.listeners.delete(listener);
        watcher.listeners.add((listener = l));
      },
      leave() {
        if (left) return;
        left = true;
        if (listener) watcher.listeners.delete(listener);
        if (--watcher.clients === 0) watcher.end();
      },
    };
  }

  /** Tells every client; one that throws does not keep the news from the others. */
  private notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (err) {
        this.deps.logger.error({ err, workflowId: this.run.handle.workflowId }, 'a progress client failed to take a change');
      }
    }
  }

  private push(progress: ImportProgress): void {
    const last = this.latest;
    if (last && progress.version <= last.version) return;
    this.seen.push(progress);
    if (this.seen.length > MAX_KEPT_VERSIONS) this.seen.splice(0, this.seen.length - MAX_KEPT_VERSIONS);
    this.notify();
  }

  private end(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stop.abort();
    this.onStopped();
    this.notify();
  }

  private async loop(): Promise<void> {
    const { deps, run } = this;
    const signal = this.stop.signal;
    const pollMs = deps.progressPollMs ?? DEFAULT_POLL_MS;
    try {
      // Knowing at once that the run closed keeps the end prompt even when a
      // query is stuck on a run that is closing (it would only time out).
      const closed = waitUntilClosed(deps, run.handle, signal);
      while (!signal.aborted) {
        // Polls start pollMs apart (not pollMs after the last answer): a change waits at most one interval.
        const polledAt = performance.now();
        this.countQuery();
        const next = await Promise.race([queryProgress(deps, run.handle, QUERY_TIMEOUT_MS), closed]);
        if (signal.aborted) return;
        if (next === CLOSED) {
          this.finish(await closedProgress(deps, run, signal));
          return;
        }
        if (next && next.status !== 'running') {
          this.finish(next);
          return;
        }
        // Before the workflow answers (no worker yet), clients see the run as queued.
        const progress = next ?? (this.seen.length === 0 ? queuedProgress(run.artist, run.info) : null);
        if (progress) this.push(progress);
        await Promise.race([sleep(pollMs - (performance.now() - polledAt), signal), closed]);
      }
    } catch (err) {
      this.failure = err;
      deps.logger.error({ err, workflowId: run.handle.workflowId }, 'progress watcher failed');
      this.end();
    }
  }

  private finish(progress: ImportProgress): void {
    this.final = progress;
    this.end();
  }
}

const CLOSED = Symbol('closed');
/** Reads of a closed run's outcome before the watcher gives up on it (each under the Temporal deadline). */
const CLOSE_OUT_ATTEMPTS = 4;

/**
 * The final progress of a run that has closed. A busy server may miss one
 * deadline: the read is tried again, so every client still gets its `done`
 * or `failed` instead of an error for a run that ended well.
 */
async function closedProgress(deps: AppDeps, run: WatchedRun, stop: AbortSignal): Promise<ImportProgress> {
  for (let attempt = 1; ; attempt++) {
    try {
      const closedInfo = await withTemporalDeadline(deps, () => run.handle.describe());
      return await finishedProgress(deps, run.artist, run.handle, closedInfo);
    } catch (err) {
      if (attempt >= CLOSE_OUT_ATTEMPTS || stop.aborted) throw err;
      deps.logger.warn({ err, workflowId: run.handle.workflowId, attempt }, 'reading the closed run failed; trying again');
      await sleep(CLOSE_RETRY_MS * attempt, stop);
    }
  }
}

/** Resolves with CLOSED once the run has closed, or with null when the watcher stopped first. Never rejects. */
async function waitUntilClosed(deps: AppDeps, handle: WorkflowHandle, stop: AbortSignal): Promise<typeof CLOSED | null> {
  while (!stop.aborted) {
    try {
      await deps.temporal.withAbortSignal(stop, () => handle.result());
      return CLOSED;
    } catch (err) {
      if (err instanceof WorkflowFailedError) return CLOSED;
      if (stop.aborted) break;
      deps.logger.debug({ err, workflowId: handle.workflowId }, 'waiting for the run to close failed; retrying');
      await sleep(CLOSE_RETRY_MS, stop);
    }
  }
  return null;
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
