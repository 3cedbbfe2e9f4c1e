// Benchmark scenario: many fans on one import. N SSE clients follow one
// import of the same artist shape as a single client does; it reports the
// Temporal `progress` queries the API sent per second, the CPU-seconds of the
// Temporal server and of this process (API + worker + clients) against the
// single-client run, the delay from each version change to each client, the
// versions every client received, and the peak RSS of this process (API,
// worker and fake providers; the clients run in a process of their own).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ImportSystem } from '../harness/import-system';
import { percentile } from './lib/percentile';

export interface FanoutResult {
  clients: number;
  importMs: number;
  queriesPerSecond: number;
  /** CPU time during the run: the Temporal server's, and this process's (the API, the worker and the fake providers; the clients run apart). */
  cpuSeconds: { temporal: number | null; apiAndWorker: number };
  delayMs: { p50: number; p99: number };
  /** Versions the clients received: the fewest and the most of any client, and whether all got the same list. */
  versions: { min: number; max: number; allSame: boolean };
  everyClientGotTheEnd: boolean;
  peakRssMb: number;
}

const IMPORT_TIMEOUT_MS = 10 * 60_000;
const execFileAsync = promisify(execFile);

/** Runs one import of `tmAttractionId` followed by `clients` SSE clients. */
export async function measureFanout(sys: ImportSystem, tmAttractionId: string, clients: number, temporalPid: number | undefined): Promise<FanoutResult> {
  const cpu0 = process.cpuUsage();
  const temporal0 = processCpuSeconds(temporalPid);
  const queries0 = sys.watchers.queriesSent;
  let peakRss = process.memoryUsage.rss();
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 200);
  const t0 = performance.now();
  try {
    const { artistId } = await sys.importArtist(tmAttractionId);
    const fans = await runClients(`${sys.apiUrl}/api/artists/${artistId}/stream`, clients);
    const importMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const temporal1 = processCpuSeconds(temporalPid);
    const counts = fans.versions.map((l) => l.length);
    const reference = JSON.stringify(fans.versions[0]);
    return {
      clients,
      importMs: Math.round(importMs),
      queriesPerSecond: round((sys.watchers.queriesSent - queries0) / (importMs / 1000)),
      cpuSeconds: {
        temporal: temporal0 === null || temporal1 === null ? null : round(temporal1 - temporal0),
        apiAndWorker: round((cpu.user + cpu.system) / 1e6),
      },
      delayMs: { p50: percentile(fans.delays, 50), p99: percentile(fans.delays, 99) },
      versions: { min: Math.min(...counts), max: Math.max(...counts), allSame: fans.versions.every((l) => JSON.stringify(l) === reference) },
      everyClientGotTheEnd: fans.gotTheEnd.every(Boolean),
      peakRssMb: Math.round(peakRss / 2 ** 20),
    };
  } finally {
    clearInterval(rssTimer);
  }
}

interface Fans {
  versions: number[][];
  gotTheEnd: boolean[];
  delays: number[];
}

/** Runs the clients in a child process (scripts/bench-fanout-clients.ts) and reads its one JSON line. */
async function runClients(url: string, clients: number): Promise<Fans> {
  const script = fileURLToPath(new URL('./bench-fanout-clients.ts', import.meta.url));
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', script, url, String(clients), String(IMPORT_TIMEOUT_MS)], {
    maxBuffer: 256 * 2 ** 20,
    timeout: IMPORT_TIMEOUT_MS + 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Fans;
}

/** User + system CPU time of a process from /proc (Linux), or null where it cannot be read. */
function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may hold spaces) start at state; utime and stime are 14th and 15th overall.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
