// Faults c and d: PostgreSQL, then the Temporal server, stopped and started
// again in the middle of running imports (the scenario's own cluster and
// server: harness/chaos/private-stack.ts). Every import must complete with
// exactly the rows of a clean import.
import { createMigratedDatabase } from '../databases';
import { startImportSystem } from '../import-system';
import { sleep, until, type FaultResult } from './outcome';
import type { PrivateStack } from './private-stack';
import { faultResult, genArtist, startImports, type ChaosContext } from './scenario';
import { watchImports } from './watch';

export interface ServiceRestartSizes {
  imports: number;
  events: number;
  albums: number;
  /** How long the service stays down. */
  downMs: number;
  /** Ticketmaster answers this late until the service is back, so every import is mid-way then. */
  holdLatencyMs: number;
  deadlineMs: number;
}

async function restartMidImport(
  ctx: ChaosContext,
  stack: PrivateStack,
  s: ServiceRestartSizes,
  which: 'postgres' | 'temporal',
): Promise<FaultResult> {
  const startedAt = Date.now();
  const seedBase = which === 'postgres' ? 9300 : 9400;
  const ids = Array.from({ length: s.imports }, (_, i) => genArtist(seedBase + i, s.events, s.albums));
  ctx.reference.prefetch(ids);
  const db = await createMigratedDatabase(stack.postgres.serverUrl, `chaos_${which}`);
  const sys = await startImportSystem({ temporalAddress: stack.temporalAddress, databaseUrl: db.url, logger: ctx.logger });
  try {
    sys.fakes.control.setLatency(s.holdLatencyMs, 'ticketmaster');
    await startImports(sys, ids);
    const watch = watchImports(sys.client, ids, { deadlineMs: s.deadlineMs });
    // Mid-import: every import past its identity, some shows already stored.
    await until(
      () => ids.every((id) => ['shows', 'catalog', 'setlists'].includes(watch.latest(id)?.phase ?? 'queued')),
      'every import past its identity phase',
      60_000,
    );
    await sleep(500);
    const problems: string[] = [];
    const running = ids.filter((id) => watch.latest(id)?.status === 'running').length;
    if (running < ids.length) problems.push(`only ${running} of ${ids.length} imports were running when ${which} stopped`);
    let details: Record<string, unknown>;
    if (which === 'postgres') {
      const t0 = Date.now();
      await stack.postgres.restart(s.downMs);
      details = { downMs: s.downMs, restartMs: Date.now() - t0, runningImports: running };
    } else {
      details = { downMs: s.downMs, ...(await stack.restartTemporal(s.downMs)), runningImports: running };
    }
    ctx.log(`${which} stopped and started again while ${running} imports ran`);
    sys.fakes.control.setLatency(0, 'ticketmaster');
    const outcomes = await watch.settled;
    return await faultResult({
      fault: which === 'postgres' ? 'c. PostgreSQL restarted' : 'd. Temporal server restarted',
      scenario:
        which === 'postgres'
          ? `the import database's PostgreSQL cluster stopped (fast shutdown) for ${s.downMs / 1000} s and started again mid-import, ${s.imports} concurrent imports`
          : `the Temporal dev server stopped (SIGTERM) for ${s.downMs / 1000} s and started again on its database file mid-import, ${s.imports} concurrent imports`,
      outcomes,
      db: sys.db,
      reference: ctx.reference,
      problems,
      details,
      startedAt,
    });
  } finally {
    await sys.stop();
    await db.drop();
  }
}

export const postgresRestartFault = (ctx: ChaosContext, stack: PrivateStack, s: ServiceRestartSizes) => restartMidImport(ctx, stack, s, 'postgres');
export const temporalRestartFault = (ctx: ChaosContext, stack: PrivateStack, s: ServiceRestartSizes) => restartMidImport(ctx, stack, s, 'temporal');
