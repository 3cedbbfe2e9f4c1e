// Follows a set of imports from outside, as an operator would: each import's
// `progress` query every `pollMs` (with a short deadline, so a dead worker or
// a stopped server only makes the answers stop), until every import has ended
// or the scenario's deadline passes. The longest stall is the longest time an
// import went without a new progress version while it had not ended.
import type { Client } from '@temporalio/client';
import { artistImportWorkflowId, progressQuery } from '../../domain/import-workflow';
import type { ImportProgress } from '../../domain/progress';
import { sleep } from './outcome';

export interface WatchedImport {
  tmAttractionId: string;
  /** 'hung' when the deadline passed first. */
  status: 'completed' | 'failed' | 'cancelled' | 'hung';
  /** The reason of a failed import (its progress' error), else null. */
  reason: string | null;
  longestStallMs: number;
}

export interface ImportWatch {
  /** The latest progress seen of each import (undefined before the first answer). */
  latest(tmAttractionId: string): ImportProgress | undefined;
  /** How many have ended so far. */
  ended(): number;
  /** Resolves when every import has ended or the deadline has passed. */
  settled: Promise<WatchedImport[]>;
}

export function watchImports(client: Client, tmAttractionIds: readonly string[], opts: { deadlineMs: number; pollMs?: number }): ImportWatch {
  const pollMs = opts.pollMs ?? 250;
  const started = Date.now();
  const deadline = started + opts.deadlineMs;
  const latest = new Map<string, ImportProgress>();
  const lastChange = new Map<string, number>(tmAttractionIds.map((id) => [id, started]));
  const stall = new Map<string, number>(tmAttractionIds.map((id) => [id, 0]));
  const done = new Map<string, WatchedImport>();

  const poll = async (id: string) => {
    const handle = client.workflow.getHandle(artistImportWorkflowId(id));
    let progress: ImportProgress;
    try {
      progress = await client.connection.withDeadline(Date.now() + 2_000, () => handle.query(progressQuery));
    } catch {
      return; // no answer this time: the stall grows
    }
    const now = Date.now();
    if (progress.version !== latest.get(id)?.version) {
      stall.set(id, Math.max(stall.get(id)!, now - lastChange.get(id)!));
      lastChange.set(id, now);
      latest.set(id, progress);
    }
    if (progress.status !== 'running') {
      done.set(id, { tmAttractionId: id, status: progress.status, reason: progress.error?.message ?? null, longestStallMs: stall.get(id)! });
    }
  };

  const settled = (async () => {
    while (done.size < tmAttractionIds.length && Date.now() < deadline) {
      await Promise.all(tmAttractionIds.filter((id) => !done.has(id)).map(poll));
      if (done.size < tmAttractionIds.length) await sleep(pollMs);
    }
    const now = Date.now();
    return tmAttractionIds.map(
      (id) => done.get(id) ?? { tmAttractionId: id, status: 'hung' as const, reason: null, longestStallMs: Math.max(stall.get(id)!, now - lastChange.get(id)!) },
    );
  })();
  return { latest: (id) => latest.get(id), ended: () => done.size, settled };
}
