// Measurement: N clients that open an import's progress stream and never read
// a byte (raw sockets, paused), on an import with many progress versions. For
// each mode it reports this process's peak RSS and heap growth over a baseline
// import without them (the API, the worker and the fake providers run in this
// process: the difference between modes is the API's), how many of the stalled
// streams the server still held when the import ended, and what each stalled
// socket had been sent (kernel buffers, read once the import has ended).
//   bash scripts/run-ts.sh scripts/bench-stalled-clients.ts [clients=200] [attraction=gen-5-e3000-a150] [writeTimeoutMs=5000]
// Modes: no stalled clients; N stalled clients with the write deadline off;
// N stalled clients with the write deadline. Run with --expose-gc for steadier
// baselines (NODE_OPTIONS=--expose-gc).
import { connect, type Socket } from 'node:net';
import { startImportSystem, type ImportSystem } from '../harness/import-system';
import { startLocalServices } from '../harness/local-services';
import { readSse } from '../harness/sse';

const [clientsArg = '200', attraction = 'gen-5-e3000-a150', deadlineArg = '5000'] = process.argv.slice(2);
const CLIENTS = Number(clientsArg);
const WRITE_TIMEOUT_MS = Number(deadlineArg);
const OFF = 24 * 3600_000;
const MB = 2 ** 20;

interface Mode {
  label: string;
  clients: number;
  writeTimeoutMs: number;
}

interface Outcome {
  label: string;
  importMs: number;
  /** What one client that reads received: progress events and bytes (what each stalled client was sent too). */
  readerEvents: number;
  readerKb: number;
  /** Heap (after a GC) with every stream open, over the baseline, per stream. */
  heapPerOpenStreamKb: number | null;
  peakRssGrowthMb: number;
  peakHeapGrowthMb: number;
  peakBuffersGrowthMb: number;
  /** Stalled streams the server still had open when the import ended. */
  streamsHeldAtEnd: number;
  /** Bytes each stalled socket had been sent by then (median, max), read after the import. */
  sentToStalledKb: { median: number; max: number } | null;
}

function sample(): { rss: number; heap: number; buffers: number } {
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, buffers: m.arrayBuffers + m.external };
}

async function openStreams(sys: ImportSystem): Promise<number> {
  const text = await (await fetch(`${sys.apiUrl}/metrics`)).text();
  return Number(/^sse_streams_open (\d+)$/m.exec(text)?.[1] ?? NaN);
}

function stalledClient(apiUrl: string, path: string): { socket: Socket; drain(): Promise<number> } {
  const { hostname, port } = new URL(apiUrl);
  const socket = connect(Number(port), hostname);
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nAccept: text/event-stream\r\n\r\n`);
  socket.pause();
  return {
    socket,
    // Reads what the kernel holds for it (and whatever the server still sends) for a moment, then closes.
    drain: () =>
      new Promise((resolve) => {
        let bytes = 0;
        socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
        socket.on('error', () => {});
        socket.resume();
        setTimeout(() => {
          socket.destroy();
          resolve(bytes);
        }, 500);
      }),
  };
}

async function runMode(services: { temporalAddress: string; databaseUrl: string }, mode: Mode): Promise<Outcome> {
  const sys = await startImportSystem({ ...services, sseWriteTimeoutMs: mode.writeTimeoutMs });
  try {
    // A first import warms the worker, the pools and the JIT; the measured one re-imports the same artist.
    const warm = await sys.importArtist(attraction);
    await sys.finalProgress(attraction);
    globalThis.gc?.();
    const base = sample();
    let peak = { ...base };
    const timer = setInterval(() => {
      const s = sample();
      peak = { rss: Math.max(peak.rss, s.rss), heap: Math.max(peak.heap, s.heap), buffers: Math.max(peak.buffers, s.buffers) };
    }, 100);
    const t0 = performance.now();
    await sys.importArtist(attraction);
    const path = `/api/artists/${warm.artistId}/stream`;
    const reader = readSse(`${sys.apiUrl}${path}`, { timeoutMs: 10 * 60_000 });
    const clients = Array.from({ length: mode.clients }, () => stalledClient(sys.apiUrl, path));
    let heapPerOpenStreamKb: number | null = null;
    if (mode.clients > 0) {
      // Every stream open: the heap they cost, after a GC.
      for (let i = 0; i < 100 && (await openStreams(sys)) < mode.clients + 1; i++) await new Promise((r) => setTimeout(r, 50));
      globalThis.gc?.();
      heapPerOpenStreamKb = Math.round((sample().heap - base.heap) / 1024 / (mode.clients + 1));
    }
    await sys.finalProgress(attraction);
    const read = await reader;
    const importMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 300));
    clearInterval(timer);
    const streamsHeldAtEnd = await openStreams(sys);
    const sent = (await Promise.all(clients.map((c) => c.drain()))).sort((a, b) => a - b);
    return {
      label: mode.label,
      importMs: Math.round(importMs),
      readerEvents: read.events.length,
      readerKb: Math.round(Buffer.byteLength(read.events.map((e) => e.data).join('')) / 1024),
      heapPerOpenStreamKb,
      peakRssGrowthMb: Math.round(((peak.rss - base.rss) / MB) * 10) / 10,
      peakHeapGrowthMb: Math.round(((peak.heap - base.heap) / MB) * 10) / 10,
      peakBuffersGrowthMb: Math.round(((peak.buffers - base.buffers) / MB) * 10) / 10,
      streamsHeldAtEnd,
      sentToStalledKb: sent.length ? { median: Math.round(sent[Math.floor(sent.length / 2)]! / 1024), max: Math.round(sent.at(-1)! / 1024) } : null,
    };
  } finally {
    await sys.stop();
  }
}

const services = await startLocalServices('stalled');
try {
  const modes: Mode[] = [
    { label: 'no stalled clients', clients: 0, writeTimeoutMs: OFF },
    { label: `${CLIENTS} stalled, write deadline off`, clients: CLIENTS, writeTimeoutMs: OFF },
    { label: `${CLIENTS} stalled, write deadline ${WRITE_TIMEOUT_MS} ms`, clients: CLIENTS, writeTimeoutMs: WRITE_TIMEOUT_MS },
  ];
  const outcomes: Outcome[] = [];
  for (const mode of modes) outcomes.push(await runMode(services, mode));
  console.table(outcomes.map(({ sentToStalledKb, ...o }) => ({ ...o, sentKbMedian: sentToStalledKb?.median ?? '-', sentKbMax: sentToStalledKb?.max ?? '-' })));
  console.log(JSON.stringify({ at: new Date().toISOString(), attraction, clients: CLIENTS, outcomes }));
} finally {
  await services.stop();
}
