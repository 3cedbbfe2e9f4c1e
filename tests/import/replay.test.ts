// Determinism: the workflow code must replay recorded histories without a
// non-determinism error — histories recorded from real imports and kept in
// the repo (so a change that breaks running imports fails here), and one
// recorded in this very run. A last test proves these tests can fail: a
// deliberately changed workflow must be rejected on every stored history.
//
// Stored histories (tests/fixtures/), each replayed on its own:
// - artist-import-history.json: a completed import of fake-small, exported
//   with `temporal workflow show --workflow-id artist-import-fake-small --output json`;
// - artist-import-history-<name>.json, one per path of HISTORY_SCENARIOS in
//   tests/import/history-scenarios.ts: `failed` (unknown attraction, the
//   identity phase fails), `cancelled` (DELETE during the shows phase),
//   `no-spotify` (fake-nospotify: catalog skipped), `audio-features-403`
//   (the fake refuses audio features), `multi-wave-catalog` (76 studio
//   albums: two waves of parallel chunk activities, the tracks through
//   history), `staged-catalog` (218 albums, candidates staged in PostgreSQL:
//   only counts and offsets in history). Each scenario also checks that its
//   stored history really took its path.
//
// Regenerate them from real imports with
//   RECORD_HISTORIES=1 DATABASE_URL=… npm test -- tests/import/replay.test.ts
// (RECORD_HISTORIES=failed,cancelled records only the named ones). Replace a
// fixture only together with a reviewed, versioned change to the workflow
// (patched() or a new workflow type): a history that no longer replays is an
// import that running workers could no longer finish.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowBundle, type ImportSystem } from '../../harness/import-system';
import { startTestSystem } from '../support/services';
import { HISTORY_SCENARIOS, historyFacts, fixturePath, recordScenario, scenariosToRecord, type JsonHistory } from './history-scenarios';

const FIXTURE = fixturePath('artist-import-history.json');
const VARIANT_WORKFLOW = fileURLToPath(new URL('../fixtures/artist-import-variant-workflow.ts', import.meta.url));
const RECORD = scenariosToRecord(process.env.RECORD_HISTORIES);
let sys: ImportSystem;

const readHistory = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as JsonHistory;

beforeAll(async () => {
  sys = await startTestSystem();
}, 120_000);

afterAll(async () => {
  await sys?.stop();
});

describe.runIf(RECORD.length > 0)('recording (RECORD_HISTORIES)', () => {
  it.each(RECORD.map((s) => [s.name, s] as const))('records the %s history from a real import', async (_name, scenario) => {
    const file = await recordScenario(sys, scenario);
    scenario.check(historyFacts(await readHistory(file)));
  }, 180_000);
});

it('replays the recorded history of a real import kept in the repository', async () => {
  const history = JSON.parse(await readFile(FIXTURE, 'utf8'));
  expect(history.events.length).toBeGreaterThan(20);
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'recorded-artist-import');
}, 60_000);

it.each(HISTORY_SCENARIOS.map((s) => [s.name, s] as const))('replays the stored history of the %s path', async (_name, scenario) => {
  const history = await readHistory(fixturePath(scenario.file));
  const facts = historyFacts(history);
  expect(facts.workflowType).toBe('ArtistImport');
  scenario.check(facts);
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, facts.workflowId);
}, 60_000);

it('replays the history of an import run now, signals and queries included', async () => {
  const id = 'fake-small';
  const { artistId } = await sys.importArtist(id);
  const handle = sys.client.workflow.getHandle(`artist-import-${id}`);
  const final = await handle.result();
  expect(final.artistId).toBe(artistId);
  const history = await handle.fetchHistory();
  expect(history.events?.some((e) => e.workflowExecutionSignaledEventAttributes)).toBe(true);
  // The run's first record is a local activity (a marker in the first workflow task): the first activity task is the identity phase's.
  const scheduled = history.events?.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
  expect(scheduled?.[0]).toBe('resolveIdentity');
  expect(scheduled?.at(-1)).toBe('recordImportRun');
  expect(history.events?.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toHaveLength(1);
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'fresh-artist-import');
}, 120_000);

it('rejects every stored history with a determinism error when the workflow schedules one activity more', async () => {
  const variant = await bundleWorkflowCode({
    workflowsPath: VARIANT_WORKFLOW,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  const files = [FIXTURE, ...HISTORY_SCENARIOS.map((s) => fixturePath(s.file))];
  const histories = await Promise.all(files.map(async (file) => ({ workflowId: file, history: await readHistory(file) })));
  const errors = new Map<string, unknown>();
  for await (const result of Worker.runReplayHistories({ workflowBundle: variant }, histories)) {
    errors.set(result.workflowId, result.error);
  }
  expect([...errors.keys()]).toEqual(files);
  for (const [file, error] of errors) {
    expect(error, file).toBeInstanceOf(DeterminismViolationError);
    // Rejected for the change, at the first command: not for anything else.
    expect((error as Error).message, file).toMatch(/resolveIdentity/);
    expect((error as Error).message, file).toMatch(/recordImportRun/);
  }
}, 120_000);
