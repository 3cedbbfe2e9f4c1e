// Benchmark scenario: many fans on one import, with the API and the worker in
// processes of their own (harness/process-system.ts). N SSE clients (in a
// process of their own too, scripts/bench-fanout-clients.ts) follow one
// import of the same artist shape as a single client does; it reports the
// Temporal `progress` queries the API sent per second (its /metrics), the
// CPU-seconds of the Temporal server, the API and the worker against the
// single-client run, the delay from each version change to each client, the
// versions every client received, and the API's and worker's peak RSS.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, PeakRss } from '../harness/proc-stats';
import { startProcessSystem, type ProcessSystem } from '../harness/process-system';
import { BENCH_PROCESS_ENV, round, type BenchContext } from './lib/bench-context';
import { percentile } from './lib/percentile';

const FANOUT_CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? 1000);
const IMPORT_TIMEOUT_MS = 10 * 60_000;

export interface FanoutResult {
  clients: number;
  importMs: number;
  queriesPerSecond: number;
  /** CPU time during the run, by process (the clients run apart). */
  cpuSeconds: { temporal: number | null; api: number | null; worker: number | null };
  delayMs: { p50: number; p99: number };
  /** The same, of the changes made once every client had its first event (after the burst of 1,000 connections). */
  delayMsOnceAllJoined: { p50: number; p99: number; changes: number };
  /** From the clients' start (with the import) to each one's first event: how long the API took to serve them all. */
  firstEventMs: { p50: number; p99: number; max: number };
  /** Versions the clients received: the fewest and the most of any client, and whether all got the same list. */
  versions: { min: number; max: number; allSame: boolean };
  everyClientGotTheEnd: boolean;
  /** Answers that were not event streams: "<status> <body>" → how many clients got it. */
  refusals: Record<string, number>;
  /** How the event streams ended ("ended after done", "ended after error …"), by count. */
  endings: Record<string, number>;
  peakRssMb: { api: number; worker: number };
}

/** One client, then FANOUT_CLIENTS, each on an import of the same artist shape. */
export async function fanout(ctx: BenchContext): Promise<Record<string, unknown>> {
  const sys = await startProcessSystem({ temporalAddress: ctx.temporalAddress, databaseUrl: ctx.databaseUrl, workers: 1, env: BENCH_PROCESS_ENV });
  try {
    // Long enough (most of a minute alone at the real rate limits) that the API has served all
    // 1,000 connections well before it ends: on a busy 2-core machine that took it 15–25 s.
    const shape = (seed: number) => `gen-${seed}-e1000-a600`;
    const single = await measureFanout(sys, shape(700 + (ctx.runSeed % 50)), 1, ctx.temporalPid);
    const many = await measureFanout(sys, shape(750 + (ctx.runSeed % 50)), FANOUT_CLIENTS, ctx.temporalPid);
    return { single, many, targets: { apiPeakRssMb: '< 300', queriesPerSecond: '≤ 10', cpu: '≤ 1.5× one client' } };
  } finally {
    await sys.stop();
  }
}

/** Runs one import of `tmAttractionId` followed by `clients` SSE clients. */
async function measureFanout(sys: ProcessSystem, tmAttractionId: string, clients: number, temporalPid: number | undefined): Promise<FanoutResult> {
  const [api, worker] = [sys.api.pid, sys.workers[0]!.pid];
  const cpu0 = { temporal: cpuSeconds(temporalPid), api: cpuSeconds(api), worker: cpuSeconds(worker) };
  const queries0 = await sys.temporalQueryCalls();
  // Loaded before the import starts, so the clients connect the moment it has started.
  const fans = await startClients(clients);
  const rss = new PeakRss([api, worker]);
  const t0 = performance.now();
  let peaks: Map<number, number> | undefined;
  try {
    const { artistId } = await sys.importArtist(tmAttractionId);
    const watched = await fans.follow(`${sys.apiUrl}/api/artists/${artistId}/stream`);
    const importMs = performance.now() - t0;
    peaks = rss.stop();
    if (!watched.gotTheEnd.every(Boolean)) console.error(`[bench] fanout: not every client got the end; the API said:\n${sys.api.output().slice(-4000)}`);
    const counts = watched.versions.map((l) => l.length);
    const joined = watched.delays.filter((d) => d.changedAt > watched.allJoinedAt);
    const reference = JSON.stringify(watched.versions[0]);
    return {
      clients,
      importMs: Math.round(importMs),
      queriesPerSecond: round(((await sys.temporalQueryCalls()) - queries0) / (importMs / 1000)),
      cpuSeconds: { temporal: cpuSince(cpu0.temporal, temporalPid), api: cpuSince(cpu0.api, api), worker: cpuSince(cpu0.worker, worker) },
      delayMs: percentiles(watched.delays.map((d) => d.ms)),
      delayMsOnceAllJoined: { ...percentiles(joined.map((d) => d.ms)), changes: new Set(joined.map((d) => d.changedAt)).size },
      firstEventMs: { p50: percentile(watched.firstEventMs, 50), p99: percentile(watched.firstEventMs, 99), max: Math.max(...watched.firstEventMs) },
      versions: { min: Math.min(...counts), max: Math.max(...counts), allSame: watched.versions.every((l) => JSON.stringify(l) === reference) },
      everyClientGotTheEnd: watched.gotTheEnd.every(Boolean),
      refusals: watched.refusals,
      endings: watched.endings,
      peakRssMb: { api: peaks.get(api) ?? NaN, worker: peaks.get(worker) ?? NaN },
    };
  } finally {
    if (!peaks) rss.stop();
    fans.stop();
  }
}

function percentiles(values: number[]): { p50: number; p99: number } {
  return { p50: percentile(values, 50), p99: percentile(values, 99) };
}

function cpuSince(before: number | null, pid: number | undefined): number | null {
  const now = cpuSeconds(pid);
  return before === null || now === null ? null : round(now - before);
}

interface Fans {
  versions: number[][];
  gotTheEnd: boolean[];
  /** Each change's delay to a client, and when the workflow made it (ms since epoch). */
  delays: { ms: number; changedAt: number }[];
  firstEventMs: number[];
  /** When the last client had its first event (ms since epoch). */
  allJoinedAt: number;
  refusals: Record<string, number>;
  /** How the event streams ended ("ended after done", "ended after error …"), by count. */
  endings: Record<string, number>;
}

/**
 * Starts the clients' process (scripts/bench-fanout-clients.ts) and resolves once it has loaded;
 * `follow(url)` then sends it the stream URL and resolves with its one JSON line.
 */
async function startClients(clients: number): Promise<{ follow(url: string): Promise<Fans>; stop(): void }> {
  const script = fileURLToPath(new URL('./bench-fanout-clients.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(clients), String(IMPORT_TIMEOUT_MS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the clients' process exited with ${String(code)}`);
  });
  exited.catch(() => {}); // raced below; only an exit before the result matters
  const nextLine = () => new Promise<string>((resolve) => lines.once('line', resolve));
  const ready = await Promise.race([nextLine(), exited]);
  if (ready !== 'ready') throw new Error(`the clients' process said ${ready}`);
  return {
    async follow(url) {
      child.stdin.end(`${url}\n`);
      const result = await Promise.race([nextLine(), exited]);
      return JSON.parse(result) as Fans;
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
