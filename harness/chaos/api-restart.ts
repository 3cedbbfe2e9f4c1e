// Fault b: the API process restarted (SIGTERM, then SIGKILL, alternately)
// while many SSE clients follow running imports. Each client behaves as a
// browser's EventSource: it reconnects with Last-Event-ID. Every client must
// receive its import's final event, and no version twice.
import { createMigratedDatabase } from '../databases';
import { compiledEntryFile, requestImport, startImportSystem } from '../import-system';
import { freePort } from '../local-services';
import { processEnv, startApiProcess, type AppProcess } from '../app-processes';
import { followSse, type FollowSseResult } from '../sse';
import { sleep, until, type FaultResult } from './outcome';
import { faultResult, genArtist, type ChaosContext } from './scenario';
import { watchImports } from './watch';

export interface ApiRestartSizes {
  imports: number;
  events: number;
  albums: number;
  clients: number;
  restarts: number;
  /** Ticketmaster's event pages answer this late until the restarts are over (below the client's 15 s timeout), so every import is still running then. */
  holdEventsMs: number;
  deadlineMs: number;
}

/** Ids of a client's events that are not above every id before them (a version seen twice, or going back). */
function repeatedVersions(follow: FollowSseResult): number {
  let max = -Infinity;
  let repeated = 0;
  for (const e of follow.events) {
    if (e.id === undefined) continue;
    const id = Number(e.id);
    if (id <= max) repeated++;
    max = Math.max(max, id);
  }
  return repeated;
}

export async function apiRestartFault(ctx: ChaosContext, s: ApiRestartSizes): Promise<FaultResult> {
  const startedAt = Date.now();
  const ids = Array.from({ length: s.imports }, (_, i) => genArtist(9200 + i, s.events, s.albums));
  ctx.reference.prefetch(ids);
  const db = await createMigratedDatabase(ctx.adminUrl, `${ctx.label}_chaos_api`);
  // The worker runs in this process; the API clients talk to is a process of its own.
  const sys = await startImportSystem({ temporalAddress: ctx.temporalAddress, databaseUrl: db.url, logger: ctx.logger });
  const port = await freePort();
  const apiEnv = processEnv({ ...sys.env, DATABASE_URL: db.url });
  // The API as it is deployed (compiled ahead: `npm run build:server`), since its shutdown is what this fault tests.
  const compiledApi = await compiledEntryFile('api/main.ts');
  let api: AppProcess | undefined;
  try {
    sys.fakes.control.injectFault({ provider: 'ticketmaster', pathIncludes: '/events.json', delayMs: s.holdEventsMs, count: 1_000_000 });
    api = await startApiProcess(apiEnv, port, compiledApi);
    const apiUrl = `http://127.0.0.1:${port}`;
    const artistIds: string[] = [];
    for (const id of ids) {
      artistIds.push((await requestImport(apiUrl, id)).artistId);
    }
    const watch = watchImports(sys.client, ids, { deadlineMs: s.deadlineMs });
    const deadline = Date.now() + s.deadlineMs;
    const clients = Array.from({ length: s.clients }, (_, i) =>
      followSse(`${apiUrl}/api/artists/${artistIds[i % artistIds.length]}/stream`, { finalEvents: ['done', 'failed'], deadline }),
    );
    const problems: string[] = [];
    // Every import has started (a version past the queued one) before the first restart.
    await until(() => ids.every((id) => (watch.latest(id)?.phase ?? 'queued') !== 'queued'), 'every import running', 60_000);
    const restarts: Array<{ signal: string; exitCode: number | null; stopMs: number; startMs: number; runningImports: number }> = [];
    for (let r = 0; r < s.restarts; r++) {
      await sleep(1_500);
      const signal = r % 2 === 0 ? 'SIGTERM' : 'SIGKILL';
      const running = ids.filter((id) => watch.latest(id)?.status === 'running').length;
      const t0 = Date.now();
      const exitCode = await api.kill(signal);
      const stopMs = Date.now() - t0;
      const stoppedOutput = api.output();
      ctx.log(`API stopped with ${signal} (exit ${exitCode}, ${stopMs} ms) while ${running} imports ran`);
      api = await startApiProcess(apiEnv, port, compiledApi);
      restarts.push({ signal, exitCode, stopMs, startMs: Date.now() - t0 - stopMs, runningImports: running });
      if (running < ids.length) problems.push(`only ${running} of ${ids.length} imports were running at restart ${r + 1}`);
      if (signal === 'SIGTERM' && exitCode !== 0) problems.push(`the API exited with ${exitCode} on SIGTERM:\n${stoppedOutput.split('\n').slice(-15).join('\n')}`);
      // api/main.ts cuts connections after a 10 s grace: a graceful stop must not need it.
      if (signal === 'SIGTERM' && stopMs >= 9_000) problems.push(`a graceful stop (SIGTERM) took ${stopMs} ms: the SSE clients' connections had to be cut`);
    }
    await sleep(1_500);
    sys.fakes.control.reset();
    const [outcomes, follows] = await Promise.all([watch.settled, Promise.all(clients)]);

    const withoutFinal = follows.filter((f) => !f.final).length;
    const repeated = follows.reduce((n, f) => n + repeatedVersions(f), 0);
    const notResumed = follows.filter((f) => f.resumedWithLastEventId < s.restarts).length;
    if (withoutFinal > 0) problems.push(`${withoutFinal} of ${s.clients} clients never received the final event`);
    if (repeated > 0) problems.push(`${repeated} events repeated or went back on a version a client had already received`);
    if (notResumed > 0) problems.push(`${notResumed} clients reconnected fewer than ${s.restarts} times with Last-Event-ID`);
    return await faultResult({
      fault: 'b. API restarted',
      scenario: `${restarts.length} restarts of the API process (${restarts.map((r) => r.signal).join(', ')}) while ${s.clients} SSE clients follow ${s.imports} imports`,
      outcomes,
      db: sys.db,
      reference: ctx.reference,
      problems,
      details: {
        restarts,
        clients: s.clients,
        clientsWithFinalEvent: follows.length - withoutFinal,
        versionsRepeated: repeated,
        connections: follows.reduce((n, f) => n + f.connections, 0),
        refusedOrBrokenConnections: follows.reduce((n, f) => n + f.failedConnections, 0),
        resumedWithLastEventId: follows.reduce((n, f) => n + f.resumedWithLastEventId, 0),
        longestReconnectMs: Math.max(0, ...follows.map((f) => f.longestReconnectMs)),
      },
      startedAt,
    });
  } finally {
    await api?.kill('SIGTERM');
    await sys.stop();
    await db.drop();
  }
}
