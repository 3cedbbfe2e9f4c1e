// Measurement: the first POST /api/artists/import after the API is ready, on a
// fresh Temporal server, against the ones after it. Each repetition is a fresh
// Temporal dev server and a fresh Node process (the API's warm-up is per
// process: a process that already started a workflow is warm), so each first
// kickoff is what the first fan after a deploy meets. The first kickoff is
// split into the Temporal start call (the SDK's workflow.start: building and
// encoding the request, then the StartWorkflowExecution RPC, timed apart) and
// the rest (HTTP, validation, the statement that claims the artist shell).
//   bash scripts/run-ts.sh scripts/bench-first-kickoff.ts [repetitions=5]
// Prints one line per repetition and the medians.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pino from 'pino';
import { KICKOFF_PATH } from '../api/app';
import { startImportSystem } from '../harness/import-system';
import { startLocalServices } from '../harness/local-services';
import { warmMeasuringClient } from './lib/measuring-client';
import { percentile } from './lib/percentile';

interface Repetition {
  warmUpMs: number;
  firstMs: number;
  /** The first kickoff as the API's request log timed it (without the client's side of HTTP). */
  firstServerMs: number;
  firstStartCallMs: number;
  firstRpcMs: number;
  /** The median of the 10 kickoffs after the first. */
  laterMs: number;
  laterServerMs: number;
  laterStartCallMs: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** One repetition, in this (fresh) process: the API as it starts, then eleven kickoffs. */
async function measureOnce(temporalAddress: string, databaseUrl: string): Promise<Repetition> {
  const t0 = performance.now();
  // The API's request lines, for its own timing of each kickoff.
  const serverMs: number[] = [];
  const logger = pino({ level: 'info' }, {
    write(line: string) {
      const entry = JSON.parse(line) as { msg?: string; method?: string; path?: string; status?: number; ms?: number };
      // 202s only: the warm-up's own request to the route is refused (400).
      if (entry.msg === 'request' && entry.method === 'POST' && entry.path === KICKOFF_PATH && entry.status === 202) serverMs.push(entry.ms!);
    },
  });
  const sys = await startImportSystem({ temporalAddress, databaseUrl, worker: false, logger });
  const warmUpMs = performance.now() - t0;
  try {
    const ready = await fetch(`${sys.apiUrl}/readyz`);
    if (ready.status !== 200) throw new Error(`/readyz answered ${ready.status}`);

    // Timers around the SDK's start and around the RPC under it (the request is encoded inside the RPC call).
    const starts: number[] = [];
    const rpcs: number[] = [];
    const workflowClient = sys.client.workflow;
    const start = workflowClient.start.bind(workflowClient);
    workflowClient.start = (async (...args: Parameters<typeof start>) => {
      const s0 = performance.now();
      try {
        return await start(...args);
      } finally {
        starts.push(performance.now() - s0);
      }
    }) as typeof start;
    const service = sys.client.connection.workflowService;
    const rpc = service.startWorkflowExecution.bind(service);
    service.startWorkflowExecution = (async (request: Parameters<typeof rpc>[0]) => {
      const r0 = performance.now();
      try {
        return await rpc(request);
      } finally {
        rpcs.push(performance.now() - r0);
      }
    }) as typeof rpc;

    await warmMeasuringClient();
    const run = `${Date.now().toString(36)}-${process.pid}`;
    const totals: number[] = [];
    for (let i = 0; i < 11; i++) {
      const k0 = performance.now();
      await sys.importArtist(`first-kickoff-${run}-${i}`);
      totals.push(performance.now() - k0);
    }
    for (let i = 0; i < 11; i++) {
      await sys.client.workflow.getHandle(`artist-import-first-kickoff-${run}-${i}`).terminate('kickoff measurement only');
    }
    return {
      warmUpMs: round(warmUpMs),
      firstMs: round(totals[0]!),
      firstServerMs: serverMs[0]!,
      firstStartCallMs: round(starts[0]!),
      firstRpcMs: round(rpcs[0]!),
      laterMs: round(percentile(totals.slice(1), 50)),
      laterServerMs: percentile(serverMs.slice(1), 50),
      laterStartCallMs: round(percentile(starts.slice(1), 50)),
    };
  } finally {
    await sys.stop();
  }
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === '--once') {
    const [temporalAddress, databaseUrl] = args;
    if (!temporalAddress || !databaseUrl) throw new Error('usage: --once <temporal address> <database url>');
    console.log(JSON.stringify(await measureOnce(temporalAddress, databaseUrl)));
    return;
  }
  const repetitions = Number(mode ?? 5);
  const results: Repetition[] = [];
  for (let i = 0; i < repetitions; i++) {
    // A fresh Temporal server (and database) each time: its first start on a new task queue is what is measured.
    const services = await startLocalServices('first-kickoff');
    try {
      const { stdout } = await promisify(execFile)('npx', ['tsx', fileURLToPath(import.meta.url), '--once', services.temporalAddress, services.databaseUrl], {
        env: { ...process.env, TEST_LOG_LEVEL: 'error' },
        maxBuffer: 16 * 2 ** 20,
      });
      const line = stdout.trim().split('\n').at(-1)!;
      const result = JSON.parse(line) as Repetition;
      console.log(JSON.stringify(result));
      results.push(result);
    } finally {
      await services.stop();
    }
  }
  const median = (key: keyof Repetition) => round(percentile(results.map((r) => r[key]), 50));
  console.log(
    JSON.stringify({
      repetitions,
      median: {
        warmUpMs: median('warmUpMs'),
        firstMs: median('firstMs'),
        firstServerMs: median('firstServerMs'),
        firstStartCallMs: median('firstStartCallMs'),
        firstRpcMs: median('firstRpcMs'),
        laterMs: median('laterMs'),
        laterServerMs: median('laterServerMs'),
        laterStartCallMs: median('laterStartCallMs'),
      },
    }),
  );
}

await main();
