// The fault suite: each scenario in turn on real services (Temporal dev
// server, PostgreSQL, HTTP) with the fake providers, at the sizes given —
// `npm run chaos` (scripts/chaos.ts) runs the full sizes, the test suite
// (tests/chaos/chaos.test.ts) bounded ones.
import { mkdirSync, writeFileSync } from 'node:fs';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { cpus } from 'node:os';
import path from 'node:path';
import { apiRestartFault, type ApiRestartSizes } from './api-restart';
import { CleanReference } from './clean-reference';
import type { FaultResult } from './outcome';
import { poisonArtistFault, type PoisonSizes } from './poison-artist';
import { startPrivateStack } from './private-stack';
import { providerStormsFault, type StormSizes } from './provider-storms';
import { chaosLogger, type ChaosContext } from './scenario';
import { postgresRestartFault, temporalRestartFault, type ServiceRestartSizes } from './service-restarts';
import { workerCrashFault, type WorkerCrashSizes } from './worker-crash';

export interface ChaosSizes {
  workerCrash: WorkerCrashSizes;
  apiRestart: ApiRestartSizes;
  postgresRestart: ServiceRestartSizes;
  temporalRestart: ServiceRestartSizes;
  storms: StormSizes;
  poison: PoisonSizes;
}

/** `npm run chaos`. */
export const FULL_SIZES: ChaosSizes = {
  workerCrash: {
    imports: 20,
    events: 400,
    albums: 8,
    kills: 4,
    killAfterMs: [3_000, 12_000],
    onlyInShowsPhase: false,
    eventsLatencyMs: 300,
    deadlineMs: 15 * 60_000,
  },
  apiRestart: { imports: 5, events: 300, albums: 6, clients: 100, restarts: 2, holdEventsMs: 8_000, deadlineMs: 5 * 60_000 },
  postgresRestart: { imports: 6, events: 600, albums: 8, downMs: 10_000, holdLatencyMs: 700, deadlineMs: 5 * 60_000 },
  temporalRestart: { imports: 6, events: 600, albums: 8, downMs: 10_000, holdLatencyMs: 700, deadlineMs: 5 * 60_000 },
  storms: {
    imports: 10,
    events: 400,
    albums: 8,
    clientTimeoutMs: 2_000,
    slowRatio: 0.03,
    truncatedAnswers: 3,
    burstMs: 2_000,
    burstEveryMs: 3_000,
    deadlineMs: 10 * 60_000,
  },
  poison: { healthy: 5, events: 200, albums: 6, deadlineMs: 5 * 60_000 },
};

/** The test suite's: a few small imports per fault, one kill / one restart. */
export const BOUNDED_SIZES: ChaosSizes = {
  workerCrash: {
    imports: 3,
    events: 600,
    albums: 3,
    kills: 1,
    killAfterMs: [300, 1_500],
    onlyInShowsPhase: true,
    eventsLatencyMs: 500,
    deadlineMs: 90_000,
  },
  apiRestart: { imports: 3, events: 60, albums: 2, clients: 30, restarts: 1, holdEventsMs: 4_000, deadlineMs: 60_000 },
  postgresRestart: { imports: 3, events: 300, albums: 2, downMs: 2_000, holdLatencyMs: 600, deadlineMs: 60_000 },
  temporalRestart: { imports: 3, events: 300, albums: 2, downMs: 2_000, holdLatencyMs: 600, deadlineMs: 60_000 },
  storms: {
    imports: 4,
    events: 120,
    albums: 3,
    clientTimeoutMs: 1_000,
    slowRatio: 0.03,
    truncatedAnswers: 1,
    burstMs: 1_500,
    burstEveryMs: 2_000,
    deadlineMs: 60_000,
  },
  poison: { healthy: 3, events: 60, albums: 2, deadlineMs: 60_000 },
};

export const FAULTS = ['worker', 'api', 'postgres', 'temporal', 'storms', 'poison'] as const;
export type FaultName = (typeof FAULTS)[number];

export interface ChaosServices {
  temporalAddress: string;
  adminUrl: string;
  label: string;
  temporalCliPath: string;
  runDir: string;
  log?: (message: string) => void;
}

/** The scenarios' context: quiet logs and the clean reference (stop it with `reference.stop()`). */
export async function startChaosContext(services: ChaosServices): Promise<ChaosContext> {
  const log = services.log ?? ((m: string) => process.stderr.write(`[chaos] ${m}\n`));
  quietTemporalRuntime();
  const logger = chaosLogger();
  mkdirSync(services.runDir, { recursive: true });
  const reference = await CleanReference.start({
    temporalCliPath: services.temporalCliPath,
    runDir: services.runDir,
    adminUrl: services.adminUrl,
    name: `${services.label}_chaos_clean`,
    logger,
  });
  return { ...services, reference, logger, log };
}

export interface ChaosRunOptions extends ChaosServices {
  sizes: ChaosSizes;
  only?: readonly FaultName[];
  /** Called as each fault's result is known. */
  onResult?: (result: FaultResult) => void;
}

/**
 * Runs the faults one after another (a failing scenario is reported as a
 * failed row, and the next one still runs) and returns their results.
 */
export async function runChaos(opts: ChaosRunOptions): Promise<FaultResult[]> {
  const ctx = await startChaosContext(opts);
  const { log } = ctx;
  const wanted = new Set(opts.only ?? FAULTS);
  const results: FaultResult[] = [];
  const record = (r: FaultResult) => {
    results.push(r);
    log(`${r.fault}: ${r.completed}/${r.importsStarted} completed, ${r.problems.length === 0 ? 'pass' : `FAIL — ${r.problems.join('; ')}`}`);
    opts.onResult?.(r);
  };
  const attempt = async (name: FaultName, fault: string, run: () => Promise<FaultResult>) => {
    if (!wanted.has(name)) return;
    const startedAt = Date.now();
    log(`${fault}…`);
    try {
      record(await run());
    } catch (error) {
      record(crashed(fault, error, startedAt));
    }
  };
  try {
    await attempt('worker', 'a. worker SIGKILLed', () => workerCrashFault(ctx, opts.sizes.workerCrash));
    await attempt('api', 'b. API restarted', () => apiRestartFault(ctx, opts.sizes.apiRestart));
    if (wanted.has('postgres') || wanted.has('temporal')) {
      const stack = await startPrivateStack({ label: 'chaos', temporalCliPath: opts.temporalCliPath, runDir: opts.runDir });
      try {
        await attempt('postgres', 'c. PostgreSQL restarted', () => postgresRestartFault(ctx, stack, opts.sizes.postgresRestart));
        await attempt('temporal', 'd. Temporal server restarted', () => temporalRestartFault(ctx, stack, opts.sizes.temporalRestart));
      } finally {
        await stack.stop();
      }
    }
    await attempt('storms', 'e. provider storms', () => providerStormsFault(ctx, opts.sizes.storms));
    await attempt('poison', 'f. poison artist', () => poisonArtistFault(ctx, opts.sizes.poison));
  } finally {
    await ctx.reference.stop();
  }
  return results;
}

/**
 * The SDK's own log (every failed activity attempt, as warnings) at error
 * level unless CHAOS_LOG_LEVEL says otherwise: faults make hundreds. Only
 * possible before the process's first worker; later it stays as it was.
 */
export function quietTemporalRuntime(): void {
  const level = (process.env.CHAOS_LOG_LEVEL ?? 'error').toUpperCase();
  try {
    Runtime.install({ logger: new DefaultLogger(level === 'WARN' || level === 'INFO' || level === 'DEBUG' || level === 'TRACE' ? level : 'ERROR') });
  } catch {
    // already installed
  }
}

/** A scenario that could not run to its end (its harness failed): a failed row with the error. */
function crashed(fault: string, error: unknown, startedAt: number): FaultResult {
  return {
    fault,
    scenario: 'did not run to its end',
    importsStarted: 0,
    completed: 0,
    failed: [],
    hung: [],
    rowsDuplicated: 0,
    rowsLost: 0,
    rowsCompared: 0,
    rowDiffs: {},
    longestStallMs: 0,
    problems: [`the scenario itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`],
    details: {},
    durationMs: Date.now() - startedAt,
  };
}

/** Writes the results (and where they were measured) as JSON. */
export function writeChaosReport(file: string, results: readonly FaultResult[], sizes: ChaosSizes): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), cores: cpus().length, sizes, results }, null, 2));
}
