// A worker process killed with SIGKILL in the middle of an import: a new
// worker picks the import up where the last heartbeat left it, and the
// database ends exactly as after an uninterrupted import.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectedImport } from '../../fakes/expected';
import type { ImportSystem } from '../support/import-system';
import { startTestSystem } from '../support/services';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let sys: ImportSystem;
const children: ChildProcess[] = [];

beforeAll(async () => {
  sys = await startTestSystem({ worker: false });
}, 120_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await sys?.stop();
});

/** Starts `worker/main.ts` as its own process and resolves once it polls its task queue. */
function startWorkerProcess(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...sys.env, PORT: '0', LOG_LEVEL: 'info' } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('worker started')) {
        clearInterval(timer);
        resolve({ child, output: () => out });
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`worker exited early (${child.exitCode}):\n${out}`));
      }
    }, 100);
  });
}

it('finishes an import after its worker is SIGKILLed mid-phase, resuming from the checkpoint, with no duplicates', async () => {
  const id = 'gen-66-e2400-a12';
  const expected = expectedImport(id, { audioFeatures: 'available' });
  // Slow Ticketmaster down so the shows phase is certainly still running when the worker dies.
  sys.fakes.control.setLatency(250, 'ticketmaster');

  const first = await startWorkerProcess();
  const { artistId } = await sys.importArtist(id);
  const deadline = Date.now() + 60_000;
  let stored = 0;
  while (stored < 400 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    stored = await sys.db.show.count({ where: { artistId } });
  }
  expect(stored).toBeGreaterThanOrEqual(400);
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  const atKill = await sys.db.show.count({ where: { artistId } });
  expect(atKill).toBeLessThan(expected.ticketmaster.eventIds.length);

  sys.fakes.control.setLatency(0, 'ticketmaster');
  const second = await startWorkerProcess();
  const final = await sys.finalProgress(id);
  expect(final.status).toBe('completed');
  // The retry resumed from the heartbeated checkpoint instead of starting over.
  expect(second.output()).toMatch(/resuming shows import from checkpoint/);

  const shows = await sys.db.show.findMany({ where: { artistId }, select: { tmEventId: true } });
  expect(shows.map((s) => s.tmEventId).sort()).toEqual([...expected.ticketmaster.eventIds].sort());
  const songs = await sys.db.song.findMany({ where: { artists: { some: { artistId } } }, select: { spotifyId: true } });
  expect(songs.map((s) => s.spotifyId).sort()).toEqual([...expected.spotify.trackIds].sort());
  const upcoming = await sys.db.show.count({ where: { artistId, status: 'upcoming' } });
  expect(await sys.db.setlist.count({ where: { artistId } })).toBe(Math.min(10, upcoming));
  expect(await sys.db.importRun.count({ where: { artistId } })).toBe(1);

  second.child.kill('SIGTERM');
  const code = await new Promise((r) => second.child.once('exit', (c) => r(c)));
  expect(code).toBe(0);
}, 240_000);
