// Determinism: the workflow code must replay recorded histories without a
// non-determinism error — a history recorded from a real import and kept in
// the repo (so a change that breaks running imports fails here), and one
// recorded in this very run. The fixture is a real import's history exported
// with `temporal workflow show --workflow-id artist-import-fake-small --output json`;
// replace it only together with a reviewed, versioned change to the workflow.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { workflowBundle, type ImportSystem } from '../../harness/import-system';
import { startTestSystem } from '../support/services';

const FIXTURE = fileURLToPath(new URL('../fixtures/artist-import-history.json', import.meta.url));
let sys: ImportSystem;

beforeAll(async () => {
  sys = await startTestSystem();
}, 120_000);

afterAll(async () => {
  await sys?.stop();
});

it('replays the recorded history of a real import kept in the repository', async () => {
  const history = JSON.parse(await readFile(FIXTURE, 'utf8'));
  expect(history.events.length).toBeGreaterThan(20);
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'recorded-artist-import');
}, 60_000);

it('replays the history of an import run now, signals and queries included', async () => {
  const id = 'fake-small';
  const { artistId } = await sys.importArtist(id);
  const handle = sys.client.workflow.getHandle(`artist-import-${id}`);
  const final = await handle.result();
  expect(final.artistId).toBe(artistId);
  const history = await handle.fetchHistory();
  expect(history.events?.some((e) => e.workflowExecutionSignaledEventAttributes)).toBe(true);
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'fresh-artist-import');
}, 120_000);
