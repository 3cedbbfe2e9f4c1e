// What the processes log during imports, captured whole: no configured secret
// (provider keys, client secret) ever appears, however the providers fail, and
// every line an activity writes names its workflow, the activity and the artist.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { capturingLogger } from '../api/helpers';
import type { ImportSystem } from '../../harness/import-system';
import { startTestSystem } from '../support/services';

const log = capturingLogger();
let sys: ImportSystem;

beforeAll(async () => {
  sys = await startTestSystem({ logger: log.logger });
}, 120_000);

afterAll(async () => {
  await sys?.stop();
});

it('never logs a secret, and every activity line carries its workflow, activity and artist', async () => {
  // A struggling source (retries are logged), a refused one and an unknown artist: the paths that log most.
  sys.fakes.control.injectFaults(
    { provider: 'ticketmaster', pathIncludes: '/events', status: 503, count: 2 },
    { provider: 'spotify', pathIncludes: '/albums', status: 429, retryAfterSeconds: 1, count: 2 },
    { provider: 'setlistfm', pathIncludes: '/setlists', status: 500, count: 1 },
  );
  const good = await sys.importArtist('gen-31-e60-a8');
  expect((await sys.finalProgress('gen-31-e60-a8')).status).toBe('completed');
  await sys.importArtist('no-such-attraction-logs');
  await expect(sys.finalProgress('no-such-attraction-logs')).rejects.toThrow();

  const lines = log.entries.map((e) => JSON.stringify(e));
  expect(lines.length).toBeGreaterThan(5);
  const secrets = [sys.env.TICKETMASTER_API_KEY, sys.env.SPOTIFY_CLIENT_ID, sys.env.SPOTIFY_CLIENT_SECRET, sys.env.SETLISTFM_API_KEY];
  for (const secret of secrets) {
    expect(secret).toBeTruthy();
    expect(lines.filter((l) => l.includes(secret!))).toEqual([]);
  }

  // The retries were logged (so the lines above were worth searching), each inside its activity.
  const retries = log.entries.filter((e) => e.msg === 'provider call retried');
  expect(retries.length).toBeGreaterThanOrEqual(3);
  for (const entry of log.entries.filter((e) => 'activity' in e)) {
    expect(entry).toMatchObject({ workflowId: expect.stringMatching(/^artist-import-/), activity: expect.any(String) });
  }
  const ofGood = log.entries.filter((e) => e.workflowId === 'artist-import-gen-31-e60-a8' && 'activity' in e);
  expect(ofGood.length).toBeGreaterThan(0);
  expect(ofGood.every((e) => e.artistId === good.artistId)).toBe(true);
}, 120_000);
