// Benchmark of the import against the fake providers on a real Temporal
// server and a real PostgreSQL: `npm run bench` starts a private dev server and
// a fresh migrated database (as the tests do), or uses BENCH_TEMPORAL_ADDRESS
// and BENCH_DATABASE_URL (a migrated database) when both are set. Provider rate
// limits are the real services' (5 req/s Ticketmaster, 10 req/s Spotify, 2 req/s
// setlist.fm, 1 req/s MusicBrainz); BENCH_UNTHROTTLED=1 raises them for the
// scenarios that run the worker in this process.
//
//   npm run bench                                  every scenario, in the order below
//   npm run bench -- --scenario fanout [--scenario …]   only those
//
// Each scenario's result is printed and stored under its name in
// .local/bench.json (the other scenarios' last results stay there).
//
// In this process (harness/import-system.ts), against the spec's targets:
//   kickoff       POST /api/artists/import → 202: P99 < 200 ms; the first after ready
//   phases        shows & venues of 1,000 events < 30 s; catalog of 2,000+ tracks < 45 s;
//                 progress event after a state change < 200 ms; one 1,000-row show upsert
//   setlists      the setlist predictor's backtest on fake-large (scripts/setlists-backtest.ts)
//   contracts     a large catalog on each Spotify contract: requests per kept song, time vs rate
//   parallel-phases  shows and catalog side by side (1,200 events, ~2,400 tracks): the import's time
//                 against the two phases' sum, the slower one, and the slower one alone (≤ 1.15×)
// API and workers in processes of their own (harness/process-system.ts):
//   fanout        1,000 SSE clients on one import vs one: Temporal queries/s, CPU by process,
//                 event delay, versions per client, the API's peak RSS (< 300 MB)
//   large-artist  ~20,000 tracks: history size (< 256 KB), worker and API peak RSS (< 300 MB)
//   concurrent    50 artists at once on two workers: all complete, each provider's highest
//                 requests/s, kickoff P99 under load (< 100 ms), first kickoff after /readyz (< 50 ms)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startLocalServices } from '../harness/local-services';
import { machineCpu, stealPercentSince } from '../harness/proc-stats';
import { DEFAULT_HTTP_OPTIONS, type HttpOverrides } from '../providers/http';
import { concurrent } from './bench-concurrent';
import { fanout } from './bench-fanout';
import { contracts, kickoff, parallelPhases, phases, setlists } from './bench-in-process';
import { largeArtist } from './bench-large-artist';
import type { BenchContext, Scenario } from './lib/bench-context';

const SCENARIOS = { kickoff, phases, 'parallel-phases': parallelPhases, fanout, setlists, contracts, 'large-artist': largeArtist, concurrent } satisfies Record<string, Scenario>;
type ScenarioName = keyof typeof SCENARIOS;
const SCENARIO_NAMES = Object.keys(SCENARIOS) as [ScenarioName, ...ScenarioName[]];
const RESULTS_FILE = '.local/bench.json';
/** Scenarios whose worker runs in this process: the only ones BENCH_UNTHROTTLED reaches (a worker process keeps the real limits). */
const IN_PROCESS: readonly ScenarioName[] = ['kickoff', 'phases', 'parallel-phases', 'setlists', 'contracts'];

// No daily quotas: the bench measures imports at the providers' rates, and its database may outlive a run.
const NO_QUOTAS: HttpOverrides = {
  rateLimits: { ticketmaster: { requestsPerDay: null }, spotify: { requestsPerDay: null }, setlistfm: { requestsPerDay: null }, musicbrainz: { requestsPerDay: null } },
};
const UNTHROTTLED: HttpOverrides = {
  rateLimits: {
    ...NO_QUOTAS.rateLimits,
    ticketmaster: { requestsPerInterval: 1000, maxConcurrent: 16, requestsPerDay: null },
    spotify: { requestsPerInterval: 1000, maxConcurrent: 16, requestsPerDay: null },
    setlistfm: { requestsPerInterval: 1000, maxConcurrent: 8, requestsPerDay: null },
  },
};

function chosenScenarios(): ScenarioName[] {
  const { values } = parseArgs({ options: { scenario: { type: 'string', short: 's', multiple: true } }, strict: true });
  const parsed = z.array(z.enum(SCENARIO_NAMES)).safeParse(values.scenario ?? []);
  if (!parsed.success) {
    console.error(`bench: --scenario must be one of: ${SCENARIO_NAMES.join(', ')}`);
    process.exit(2);
  }
  return parsed.data.length > 0 ? parsed.data : SCENARIO_NAMES;
}

/** The results file as it stands (other scenarios' last results), or nothing. */
function storedResults(): Record<string, unknown> {
  try {
    return z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(RESULTS_FILE, 'utf8')));
  } catch {
    return {};
  }
}

async function main(): Promise<void> {
  const names = chosenScenarios();
  const { BENCH_TEMPORAL_ADDRESS: givenAddress, BENCH_DATABASE_URL: givenDatabase } = process.env;
  const services = givenAddress && givenDatabase ? null : await startLocalServices('bench');
  const unthrottled = process.env.BENCH_UNTHROTTLED === '1';
  const ctx: BenchContext = {
    temporalAddress: services?.temporalAddress ?? givenAddress!,
    databaseUrl: services?.databaseUrl ?? givenDatabase!,
    temporalPid: services?.temporalPid,
    http: unthrottled ? UNTHROTTLED : NO_QUOTAS,
    unthrottled,
    runSeed: Date.now(),
  };
  try {
    for (const name of names) {
      console.error(`[bench] ${name}…`);
      const raised = unthrottled && IN_PROCESS.includes(name);
      const at = new Date().toISOString();
      const cpuBefore = machineCpu();
      const scenario = await SCENARIOS[name](ctx);
      // A virtual machine's neighbours: the share of its busy time the hypervisor took, which slows every process at once.
      const machine = { hostStealPercent: stealPercentSince(cpuBefore) };
      const result = { at, rateLimits: raised ? 'raised' : DEFAULT_HTTP_OPTIONS.rateLimits, ...scenario, machine };
      console.log(JSON.stringify({ [name]: result }, null, 2));
      mkdirSync('.local', { recursive: true });
      writeFileSync(RESULTS_FILE, JSON.stringify({ ...storedResults(), [name]: result }, null, 2));
    }
  } finally {
    await services?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
