// Fault f: one poison artist — Ticketmaster answers every request for its
// events with JSON of the wrong shape — imported beside healthy ones on the
// same worker. Only its own import may fail, with its reason on its progress
// stream and in /status; the others complete with a clean import's rows.
import { createMigratedDatabase } from '../databases';
import { startImportSystem } from '../import-system';
import { readSse, sseJson } from '../sse';
import type { ImportProgress } from '../../domain/progress';
import type { FaultResult } from './outcome';
import { faultResult, genArtist, startImports, type ChaosContext } from './scenario';
import { watchImports } from './watch';

export interface PoisonSizes {
  /** Healthy imports beside the poison one. */
  healthy: number;
  events: number;
  albums: number;
  deadlineMs: number;
}

export async function poisonArtistFault(ctx: ChaosContext, s: PoisonSizes): Promise<FaultResult> {
  const startedAt = Date.now();
  const poison = genArtist(9666, s.events, s.albums);
  const ids = [poison, ...Array.from({ length: s.healthy }, (_, i) => genArtist(9600 + i, s.events, s.albums))];
  ctx.reference.prefetch(ids.slice(1));
  const db = await createMigratedDatabase(ctx.adminUrl, `${ctx.label}_chaos_poison`);
  const sys = await startImportSystem({ temporalAddress: ctx.temporalAddress, databaseUrl: db.url, logger: ctx.logger });
  try {
    sys.fakes.control.injectFault({ provider: 'ticketmaster', pathIncludes: `attractionId=${poison}`, body: 'wrong-shape', count: 1_000_000 });
    const [poisonArtistId] = await startImports(sys, ids);
    const outcomes = await watchImports(sys.client, ids, { deadlineMs: s.deadlineMs }).settled;

    const problems: string[] = [];
    // What a fan of the poison artist sees: the stream's last event and /status.
    const stream = await readSse(`${sys.apiUrl}/api/artists/${poisonArtistId}/stream`, { timeoutMs: 10_000 });
    const last = stream.events.at(-1);
    const streamed = last ? sseJson<ImportProgress>(last) : undefined;
    const status = (await (await fetch(`${sys.apiUrl}/api/artists/${poisonArtistId}/status`)).json()) as ImportProgress;
    const reason = outcomes[0]!.reason ?? '';
    if (last?.event !== 'failed' || streamed?.status !== 'failed') problems.push(`the poison artist's stream ended with ${last?.event ?? 'nothing'} (${streamed?.status})`);
    if (!streamed?.error?.message || streamed.error.message !== reason) problems.push(`the stream's final event does not carry the reason: ${JSON.stringify(streamed?.error)}`);
    if (status.status !== 'failed' || status.error?.message !== reason) problems.push(`/status says ${status.status}: ${JSON.stringify(status.error)}`);
    if (!/ticketmaster/i.test(reason)) problems.push(`the reason does not name Ticketmaster: ${reason}`);
    return await faultResult({
      fault: 'f. poison artist',
      scenario: `1 artist whose Ticketmaster event pages are malformed JSON, imported beside ${s.healthy} healthy ones on the same worker`,
      outcomes,
      db: sys.db,
      reference: ctx.reference,
      expectedToFail: [poison],
      problems,
      details: { poison, reason, streamEvent: last?.event, streamError: streamed?.error ?? null, statusError: status.error },
      startedAt,
    });
  } finally {
    await sys.stop();
    await db.drop();
  }
}
