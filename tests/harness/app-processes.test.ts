// The harness's process system (harness/process-system.ts, app-processes.ts):
// the real entry points api/main.ts and worker/main.ts as processes of their
// own import an artist end to end; their memory is readable by pid while they
// run, and stop() leaves no process behind.
import { afterAll, expect, inject, it } from 'vitest';
import { createDb } from '../../db/client';
import { PeakRss, residentMb } from '../../harness/proc-stats';
import { startProcessSystem, type ProcessSystem } from '../../harness/process-system';
import { readSse } from '../../harness/sse';
import { uniqueId } from '../api/helpers';

let sys: ProcessSystem | undefined;
const db = createDb(inject('databaseUrl'));

afterAll(async () => {
  await sys?.stop();
  await db.$disconnect();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('imports through an API process and a worker process, reads their peak RSS, and stops both by pid', async () => {
  sys = await startProcessSystem({ temporalAddress: inject('temporalAddress'), databaseUrl: inject('databaseUrl'), workers: 1 });
  const pids = [sys.api.pid, sys.workers[0]!.pid];
  expect(new Set([process.pid, ...pids]).size).toBe(3);
  const rss = new PeakRss(pids);

  // A generated artist of this run only (the database is shared by the test files).
  const id = `gen-${Number.parseInt(uniqueId('').slice(0, 6), 16)}-e30-a3`;
  const expected = sys.fakes.expected(id);
  const { artistId } = await sys.importArtist(id);
  // Followed as a fan does: the API process streams the progress the worker process makes.
  const sse = await readSse(`${sys.apiUrl}/api/artists/${artistId}/stream`, { timeoutMs: 240_000 });
  expect(sse.events.at(-1)?.event).toBe('done');
  expect(await sys.temporalQueryCalls()).toBeGreaterThan(0);
  const artist = await db.artist.findUniqueOrThrow({ where: { tmAttractionId: id } });
  expect(await db.show.count({ where: { artistId: artist.id } })).toBe(expected.ticketmaster.eventIds.length);

  const peaks = rss.stop();
  for (const pid of pids) {
    // A Node process with Temporal's client (and, for the worker, its core) holds tens of MB at least.
    expect(peaks.get(pid)).toBeGreaterThan(30);
    expect(peaks.get(pid)).toBeGreaterThanOrEqual(Math.floor(residentMb(pid)!.rss));
  }

  const stopping = sys;
  sys = undefined;
  await stopping.stop();
  for (const pid of pids) expect(alive(pid)).toBe(false);
}, 300_000);
