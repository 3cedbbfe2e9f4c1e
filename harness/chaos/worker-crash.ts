// Fault a: the worker process SIGKILLed at random moments while imports run
// concurrently, and restarted each time. Every import must complete with
// exactly the rows of a clean import.
import { createMigratedDatabase } from '../databases';
import { startImportSystem, workflowBundleFile } from '../import-system';
import { processEnv, startWorkerProcess, type AppProcess } from '../app-processes';
import { between, sleep, until, type FaultResult } from './outcome';
import { faultResult, genArtist, startImports, type ChaosContext } from './scenario';
import { watchImports } from './watch';

export interface WorkerCrashSizes {
  imports: number;
  events: number;
  albums: number;
  kills: number;
  /** Each kill comes this long (uniform, ms) after the previous start. */
  killAfterMs: [number, number];
  /**
   * Kill only while every running import is in the shows phase, whose
   * activity heartbeats (a kill is noticed within its 15 s heartbeat
   * timeout); otherwise at any moment, whatever activity is running.
   */
  onlyInShowsPhase: boolean;
  /** Latency of Ticketmaster's event pages until the last kill, so imports are still running when the kills come. */
  eventsLatencyMs: number;
  deadlineMs: number;
}

export async function workerCrashFault(ctx: ChaosContext, s: WorkerCrashSizes): Promise<FaultResult> {
  const startedAt = Date.now();
  const ids = Array.from({ length: s.imports }, (_, i) => genArtist(9100 + i, s.events, s.albums));
  ctx.reference.prefetch(ids);
  const db = await createMigratedDatabase(ctx.adminUrl, `${ctx.label}_chaos_crash`);
  const sys = await startImportSystem({ temporalAddress: ctx.temporalAddress, databaseUrl: db.url, logger: ctx.logger, worker: false });
  let worker: AppProcess | undefined;
  try {
    sys.fakes.control.injectFault({ provider: 'ticketmaster', pathIncludes: '/events.json', delayMs: s.eventsLatencyMs, count: 1_000_000 });
    // Worker processes load the bundle this process built: a restart costs no bundling.
    const workerEnv = processEnv({ ...sys.env, WORKFLOW_BUNDLE_PATH: await workflowBundleFile() });
    // The imports wait in the task queue while the worker starts.
    [worker] = await Promise.all([startWorkerProcess(workerEnv), startImports(sys, ids)]);
    const watch = watchImports(sys.client, ids, { deadlineMs: s.deadlineMs });
    const kills: Array<{ atMs: number; phases: Record<string, number>; workerStartMs: number }> = [];
    const problems: string[] = [];
    for (let k = 0; k < s.kills && watch.ended() < ids.length; k++) {
      await sleep(between(...s.killAfterMs));
      if (s.onlyInShowsPhase) {
        await until(() => ids.every((id) => {
            const p = watch.latest(id);
            return p !== undefined && (p.status !== 'running' || p.phase === 'shows');
          }), 'every import in the shows phase', 60_000).catch((e: Error) =>
          problems.push(e.message),
        );
      }
      const phases: Record<string, number> = {};
      for (const id of ids) {
        const phase = watch.latest(id)?.phase ?? 'queued';
        phases[phase] = (phases[phase] ?? 0) + 1;
      }
      await worker.kill('SIGKILL');
      ctx.log(`worker SIGKILLed (${JSON.stringify(phases)})`);
      const t0 = Date.now();
      worker = await startWorkerProcess(workerEnv);
      kills.push({ atMs: t0 - startedAt, phases, workerStartMs: Date.now() - t0 });
    }
    sys.fakes.control.reset();
    const outcomes = await watch.settled;
    if (kills.length < s.kills) problems.push(`only ${kills.length} of ${s.kills} kills happened before every import ended`);
    return await faultResult({
      fault: 'a. worker SIGKILLed',
      scenario: `${kills.length} SIGKILLs ${s.onlyInShowsPhase ? 'at random moments of the shows phase' : 'at random moments'}, each followed by a new worker process, across ${s.imports} concurrent imports`,
      outcomes,
      db: sys.db,
      reference: ctx.reference,
      problems,
      details: { kills },
      startedAt,
    });
  } finally {
    await worker?.kill('SIGTERM');
    await sys.stop();
    await db.drop();
  }
}
