// The shows and catalog phases side by side, and the import's overall
// deadline: the real ArtistImport workflow in a real Worker on a real
// Temporal dev server and PostgreSQL, the API in front of it, on stub
// activities that take their time, report progress, fail or hang as the
// attraction id says:
//   together-     shows and catalog each take about a second, reporting progress as they go
//   showsfail-    Ticketmaster refuses the events (shows fails, not retried); the catalog hangs
//   catalogfail-  Spotify refuses the album listing (catalog fails); the shows hang
//   stuck-        both hang (heartbeating) until cancelled
// The deadline's declared waits are tested on a small workflow of their own
// (tests/fixtures/deadline-probe-workflow.ts).
// The API first: it gives zod its OpenAPI methods before any schema is built.
import { startStubSystem, type StubSystem } from '../api/fixtures/stub-system';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Activities, ActivityDeps } from '../../activities';
import { phaseReporter } from '../../activities/reporting';
import { ARTIST_IMPORT_WORKFLOW } from '../../domain/import-workflow';
import { artistImportStart } from '../../domain/operator-view';
import { PHASE_RANGE, type ImportProgress, type PhaseName } from '../../domain/progress';
import { readSse, sseJson, type SseEvent } from '../../harness/sse';
import { CATALOG_REFUSAL, stubActivities } from '../api/fixtures/activities';
import { uniqueId, waitFor } from '../api/helpers';
import type { DeadlineProbeInput } from '../fixtures/deadline-probe-workflow';

const SHOWS_REFUSAL = 'Ticketmaster refused /discovery/v2/events.json with 401';
const STEP_MS = 200;
const HANG_MS = 60_000;

/** When each stub phase activity started and ended, per attraction. */
const timeline = new Map<string, Array<{ what: string; at: number }>>();
const mark = (id: string, what: string) => void (timeline.get(id) ?? timeline.set(id, []).get(id)!).push({ what, at: Date.now() });
const markOf = (id: string, what: string) => timeline.get(id)?.find((e) => e.what === what)?.at;

function phaseStubs(deps: ActivityDeps): Activities {
  const base = stubActivities(deps);
  return {
    ...base,
    async importShows(input) {
      const id = input.tmAttractionId;
      mark(id, 'shows:start');
      if (id.startsWith('showsfail-')) {
        await Context.current().sleep(STEP_MS);
        throw ApplicationFailure.nonRetryable(SHOWS_REFUSAL, 'ProviderRefused');
      }
      if (id.startsWith('catalogfail-') || id.startsWith('stuck-')) await hang();
      const report = phaseReporter(deps, 'shows');
      for (let i = 1; i <= 5; i++) {
        await Context.current().sleep(STEP_MS);
        await report({ fraction: i / 6, message: `Shows ${i} of 6`, counts: { eventsFetched: i * 10 } }, { force: true });
      }
      const result = await base.importShows(input);
      mark(id, 'shows:end');
      return result;
    },
    async stageCatalogAlbums(input) {
      const id = tmIdOfSpotify(input.spotifyId);
      mark(id, 'catalog:start');
      if (id.startsWith('catalogfail-')) {
        await Context.current().sleep(STEP_MS);
        throw ApplicationFailure.nonRetryable(CATALOG_REFUSAL, 'ProviderRefused');
      }
      if (id.startsWith('showsfail-') || id.startsWith('stuck-')) await hang();
      const report = phaseReporter(deps, 'catalog');
      for (let i = 1; i <= 4; i++) {
        await Context.current().sleep(STEP_MS);
        await report({ fraction: i / 5, message: `Albums ${i} of 5`, counts: { albumsFetched: i } }, { force: true });
      }
      const result = await base.stageCatalogAlbums(input);
      mark(id, 'catalog:end');
      return result;
    },
  };
}

/** The stub identity names the Spotify artist `sp-<attraction id>`. */
const tmIdOfSpotify = (spotifyId: string) => spotifyId.replace(/^sp-/, '');

/** Busy until cancelled, heartbeating (the heartbeat is how a cancellation reaches an activity). */
async function hang(): Promise<never> {
  const ctx = Context.current();
  const until = Date.now() + HANG_MS;
  while (Date.now() < until) {
    ctx.heartbeat();
    await ctx.sleep(STEP_MS);
  }
  throw new Error('the stub hung for its whole minute without being cancelled');
}

let sys: StubSystem;
const progressOf = (e: SseEvent) => sseJson<ImportProgress>(e);

beforeAll(async () => {
  sys = await startStubSystem({}, phaseStubs);
}, 120_000);

afterAll(async () => {
  await sys?.stop();
});

/** The activities whose cancellation the workflow requested (history: ActivityTaskCancelRequested). */
async function cancelRequested(handle: WorkflowHandle): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  const scheduled = new Map(events.map((e) => [String(e.eventId), e.activityTaskScheduledEventAttributes?.activityType?.name]));
  return events.flatMap((e) => {
    const id = e.activityTaskCancelRequestedEventAttributes?.scheduledEventId;
    return id ? [scheduled.get(String(id)) ?? '?'] : [];
  });
}

async function runRow(runId: string) {
  return sys.db.importRun.findUniqueOrThrow({ where: { runId } });
}

describe('shows and catalog side by side', () => {
  it('run at the same time after identity, setlists after both; one honest bar over both; each phase keeps its timing', async () => {
    const tmId = uniqueId('together-');
    const started = await sys.startImport(tmId);
    const sse = await readSse(`${sys.api.url}/api/artists/${started.artistId}/stream`, { timeoutMs: 30_000 });
    expect(sse.events.at(-1)?.event).toBe('done');
    const final = progressOf(sse.events.at(-1)!);

    // The activities overlapped in time: each started before the other ended.
    const [showsStart, showsEnd, catalogStart, catalogEnd] = ['shows:start', 'shows:end', 'catalog:start', 'catalog:end'].map((w) => markOf(tmId, w)!);
    expect(showsStart).toBeLessThan(catalogEnd!);
    expect(catalogStart).toBeLessThan(showsEnd!);
    // So did the phases as the import recorded them, and setlists began after both had ended.
    const t = final.timings;
    const at = (phase: PhaseName, end: 'startedAt' | 'finishedAt') => Date.parse(t[phase]![end]!);
    expect(at('shows', 'startedAt')).toBeLessThan(at('catalog', 'finishedAt'));
    expect(at('catalog', 'startedAt')).toBeLessThan(at('shows', 'finishedAt'));
    expect(at('shows', 'startedAt')).toBeGreaterThanOrEqual(at('identity', 'finishedAt'));
    expect(at('setlists', 'startedAt')).toBeGreaterThanOrEqual(Math.max(at('shows', 'finishedAt'), at('catalog', 'finishedAt')));
    for (const phase of ['shows', 'catalog'] as const) expect(t[phase]!.ms).toBe(at(phase, 'finishedAt') - at(phase, 'startedAt'));
    // Both phases took about a second: side by side, the import did not take the sum.
    expect(at('setlists', 'startedAt') - at('shows', 'startedAt')).toBeLessThan(t.shows!.ms! + t.catalog!.ms!);

    // The stream: percent never back, both phases seen running at once, each having reported.
    const progress = sse.events.filter((e) => e.event === 'progress').map(progressOf);
    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const bothReporting = progress.find(
      (p) => p.runningPhases.length === 2 && p.runningPhases.every((r) => r.fraction > 0),
    );
    expect(bothReporting?.runningPhases.map((r) => r.phase)).toEqual(['shows', 'catalog']);
    expect(bothReporting?.phase).toBe('shows');
    // The bar is past the point either phase alone would have put it: both phases' progress counts.
    const [lo] = PHASE_RANGE.shows;
    const width = (phase: PhaseName) => PHASE_RANGE[phase][1] - PHASE_RANGE[phase][0];
    const expected = lo + bothReporting!.runningPhases.reduce((sum, r) => sum + width(r.phase) * r.fraction, 0);
    expect(Math.abs(bothReporting!.percent - expected)).toBeLessThanOrEqual(0.5);
    // Counts reported by one branch survive the other's updates.
    expect(final.counts).toMatchObject({ eventsFetched: 3, albumsFetched: 3, shows: 3, songs: 12, setlistsCreated: 2 });
    expect(final.runningPhases).toEqual([]);

    // The operator's search attribute named both while both ran: the workflow set "shows+catalog".
    const history = (await sys.client.workflow.getHandle(started.workflowId, started.runId).fetchHistory()).events ?? [];
    const phasesShown = history.flatMap((e) => {
      const field = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.ImportPhase;
      return field?.data ? [JSON.parse(Buffer.from(field.data).toString()) as string] : [];
    });
    expect(phasesShown).toContain('shows+catalog');
    expect(phasesShown.at(-1)).toBe('complete');

    const row = await runRow(started.runId);
    expect(row).toMatchObject({ status: 'completed', phase: 'complete', errorPhase: null });
  }, 60_000);

  it.each([
    ['shows', 'showsfail-', SHOWS_REFUSAL, 'stageCatalogAlbums'],
    ['catalog', 'catalogfail-', CATALOG_REFUSAL, 'importShows'],
  ] as const)('a failing %s phase cancels the other and fails the import with its own reason', async (failed, prefix, reason, cancelled) => {
    const started = await sys.startImport(uniqueId(prefix));
    const t0 = Date.now();
    const sse = await readSse(`${sys.api.url}/api/artists/${started.artistId}/stream`, { timeoutMs: 30_000 });
    // Well before the other phase's stub would have given up by itself.
    expect(Date.now() - t0).toBeLessThan(HANG_MS / 2);
    const last = sse.events.at(-1)!;
    expect(last.event).toBe('failed');
    const final = progressOf(last);
    expect(final).toMatchObject({
      status: 'failed',
      phase: failed,
      runningPhases: [],
      error: { phase: failed, message: reason },
      message: `Import failed during ${failed}: ${reason}`,
    });
    // The other phase was cancelled, never finished, and nothing after it ran.
    const handle = sys.client.workflow.getHandle(started.workflowId, started.runId);
    expect(await cancelRequested(handle)).toEqual([cancelled]);
    const other = failed === 'shows' ? 'catalog' : 'shows';
    expect(final.timings[other]?.finishedAt).toBeNull();
    expect(final.timings.setlists).toBeUndefined();
    await expect(handle.result()).rejects.toThrow();

    const row = await runRow(started.runId);
    expect(row).toMatchObject({ status: 'failed', phase: failed, errorPhase: failed, errorMessage: reason });
    const artist = await sys.db.artist.findUniqueOrThrow({ where: { id: started.artistId } });
    expect(artist.importStatus).toBe('failed');
    const status = (await (await fetch(`${sys.api.url}/api/artists/${started.artistId}/status`)).json()) as ImportProgress;
    expect(status.error).toEqual({ phase: failed, message: reason });
  }, 60_000);

  it('cancelling the import while both run cancels both and records "cancelled"', async () => {
    const started = await sys.startImport(uniqueId('stuck-'));
    const streaming = readSse(`${sys.api.url}/api/artists/${started.artistId}/stream`, { timeoutMs: 30_000 });
    await waitFor(async () => {
      const p = (await (await fetch(`${sys.api.url}/api/artists/${started.artistId}/status`)).json()) as ImportProgress;
      return p.runningPhases.length === 2;
    });
    const cancel = await fetch(`${sys.api.url}/api/artists/${started.artistId}/import`, { method: 'DELETE' });
    expect(cancel.status).toBe(202);
    const last = (await streaming).events.at(-1)!;
    expect(last.event).toBe('failed');
    expect(progressOf(last)).toMatchObject({ status: 'cancelled', message: 'Import cancelled', runningPhases: [] });
    const handle = sys.client.workflow.getHandle(started.workflowId, started.runId);
    expect((await cancelRequested(handle)).sort()).toEqual(['importShows', 'stageCatalogAlbums']);
    expect(await runRow(started.runId)).toMatchObject({ status: 'cancelled', errorMessage: 'cancelled' });
  }, 60_000);
});

describe('the import deadline', () => {
  /** Starts an import as the API does, but with a deadline of the test's choosing. */
  async function startWithDeadline(tmAttractionId: string, deadlineMs: number) {
    const artist = await sys.db.artist.create({
      data: { tmAttractionId, name: tmAttractionId, slug: `tm-${tmAttractionId.toLowerCase()}`, importStatus: 'pending' },
    });
    const start = artistImportStart({ tmAttractionId, artistId: artist.id, artistName: null, reason: 'user', trigger: 'fan' });
    const handle = await sys.client.workflow.start(ARTIST_IMPORT_WORKFLOW, {
      ...start,
      args: [{ ...start.args[0], deadlineMs }],
      taskQueue: sys.taskQueue,
    });
    return { artistId: artist.id, handle };
  }

  it('fails a stuck import once passed, naming the deadline and the phases still running, recorded like any failure', async () => {
    const tmId = uniqueId('stuck-');
    const t0 = Date.now();
    const { artistId, handle } = await startWithDeadline(tmId, 2_000);
    const sse = await readSse(`${sys.api.url}/api/artists/${artistId}/stream`, { timeoutMs: 30_000 });
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(HANG_MS / 2);

    const reason = 'the import passed its deadline of 2 s with shows and catalog still running';
    const last = sse.events.at(-1)!;
    expect(last.event).toBe('failed');
    expect(progressOf(last)).toMatchObject({ status: 'failed', error: { phase: 'shows', message: reason }, runningPhases: [] });
    await expect(handle.result()).rejects.toMatchObject({ cause: { message: `The shows phase failed: ${reason}` } });
    expect((await cancelRequested(handle)).sort()).toEqual(['importShows', 'stageCatalogAlbums']);

    const runs = await sys.db.importRun.findMany({ where: { artistId } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'failed', errorPhase: 'shows', errorMessage: reason });
    expect((await sys.db.artist.findUniqueOrThrow({ where: { id: artistId } })).importStatus).toBe('failed');
    const status = (await (await fetch(`${sys.api.url}/api/artists/${artistId}/status`)).json()) as ImportProgress;
    expect(status).toMatchObject({ status: 'failed', error: { phase: 'shows', message: reason } });
  }, 60_000);

  it('lets an import that finishes in time complete, its timer cancelled', async () => {
    const { handle } = await startWithDeadline(uniqueId('together-'), 60_000);
    const final = (await handle.result()) as ImportProgress;
    expect(final.status).toBe('completed');
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.filter((e) => e.timerStartedEventAttributes)).toHaveLength(1);
    expect(events.filter((e) => e.timerCanceledEventAttributes)).toHaveLength(1);
    expect(events.filter((e) => e.timerFiredEventAttributes)).toHaveLength(0);
  }, 60_000);

  describe('declared waits', () => {
    let probe: { worker: Worker; run: Promise<void>; connection: NativeConnection; taskQueue: string };

    beforeAll(async () => {
      const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
      const taskQueue = `deadline-probe-${randomUUID()}`;
      const worker = await Worker.create({
        connection,
        taskQueue,
        workflowsPath: fileURLToPath(new URL('../fixtures/deadline-probe-workflow.ts', import.meta.url)),
      });
      probe = { worker, run: worker.run(), connection, taskQueue };
    }, 60_000);

    afterAll(async () => {
      probe?.worker.shutdown();
      await probe?.run;
      await probe?.connection.close();
    });

    const runProbe = async (input: DeadlineProbeInput) => {
      const t0 = Date.now();
      const result = await sys.client.workflow.execute('DeadlineProbe', { args: [input], taskQueue: probe.taskQueue, workflowId: `deadline-probe-${randomUUID()}` });
      return { result, ms: Date.now() - t0 };
    };

    // Margins of a second and more: a workflow task on a busy machine can start hundreds of ms late.
    it('do not count against the deadline: 1.6 s of work around a 3 s excluded wait fits a 3 s deadline', async () => {
      const { result, ms } = await runProbe({ limitMs: 3_000, workBeforeMs: 800, excludedMs: 3_000, workAfterMs: 800 });
      expect(result).toBe('finished');
      expect(ms).toBeGreaterThanOrEqual(4_600);
    }, 30_000);

    it('keep what was spent before them: 4 s of work around the same wait passes the 3 s deadline, 1.5 s after the wait', async () => {
      const { result, ms } = await runProbe({ limitMs: 3_000, workBeforeMs: 1_500, excludedMs: 3_000, workAfterMs: 2_500 });
      expect(result).toBe('failed: the import passed its deadline of 3 s');
      // 1.5 s + the 3 s wait + the 1.5 s left: not at 3 s (the wait counted), not after the whole 7 s.
      expect(ms).toBeGreaterThanOrEqual(6_000);
      expect(ms).toBeLessThan(7_000);
    }, 30_000);
  });
});
