// The stored ArtistImport histories tests/import/replay.test.ts replays: how
// each one is recorded from a real import (RECORD_HISTORIES=…), and what a
// stored history must contain to really cover its path — so a fixture that
// was recorded wrong (an import that took another path) fails its test
// instead of silently replaying something else.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { expect } from 'vitest';
import type { ImportProgress } from '../../domain/progress';
import type { ImportSystem } from '../../harness/import-system';

const FIXTURES = new URL('../fixtures/', import.meta.url);

export function fixturePath(file: string): string {
  return fileURLToPath(new URL(file, FIXTURES));
}

// ------------------------------------------------------------ reading a stored history

/** A history as `temporal workflow show --output json` and historyToJSON write it. */
export interface JsonHistory {
  events: JsonEvent[];
}
// Proto JSON, read field by field.
type JsonEvent = { eventId: string; eventType: string } & Record<string, any>;

interface JsonPayload {
  metadata?: { encoding?: string };
  data?: string;
}

function decode(payload: JsonPayload | undefined): unknown {
  if (!payload?.data) return undefined;
  return JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8'));
}

export interface ScheduledActivity {
  eventId: number;
  type: string;
  input: unknown;
  /** Event id of the activity's completion, failure, timeout or cancellation; null while open. */
  closedEventId: number | null;
  closedAs: string | null;
}

/** What a test needs to know about a stored history, read from its JSON. */
export interface HistoryFacts {
  workflowType: string;
  workflowId: string;
  /** The last event's type, e.g. EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED. */
  closedAs: string;
  activities: ScheduledActivity[];
  eventTypes: string[];
  /** The workflow's return value (completed runs). */
  result: ImportProgress | undefined;
  /** The workflow's failure message (failed runs). */
  failureMessage: string | undefined;
  signals: number;
}

export function historyFacts(history: JsonHistory): HistoryFacts {
  const events = history.events;
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  const activities = new Map<number, ScheduledActivity>();
  for (const e of events) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) {
      activities.set(Number(e.eventId), {
        eventId: Number(e.eventId),
        type: scheduled.activityType.name,
        input: decode(scheduled.input?.payloads?.[0]),
        closedEventId: null,
        closedAs: null,
      });
    }
    for (const key of [
      'activityTaskCompletedEventAttributes',
      'activityTaskFailedEventAttributes',
      'activityTaskTimedOutEventAttributes',
      'activityTaskCanceledEventAttributes',
    ]) {
      const closed = e[key];
      if (closed) {
        const a = activities.get(Number(closed.scheduledEventId));
        if (a) {
          a.closedEventId = Number(e.eventId);
          a.closedAs = e.eventType;
        }
      }
    }
  }
  const last = events.at(-1)!;
  return {
    workflowType: started?.workflowType?.name,
    workflowId: started?.workflowId,
    closedAs: last.eventType,
    activities: [...activities.values()],
    eventTypes: events.map((e) => e.eventType),
    result: decode(last.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0]) as ImportProgress | undefined,
    failureMessage: last.workflowExecutionFailedEventAttributes?.failure?.message,
    signals: events.filter((e) => e.workflowExecutionSignaledEventAttributes).length,
  };
}

const activityTypes = (f: HistoryFacts) => f.activities.map((a) => a.type);

/** The progress the run's last recordImportRun stored: its terminal state, as written to ImportRun. */
function lastRecordedProgress(f: HistoryFacts): ImportProgress {
  const record = f.activities.filter((a) => a.type === 'recordImportRun').at(-1);
  expect(record).toBeDefined();
  return record!.input as ImportProgress;
}

// ------------------------------------------------------------ the scenarios

export interface HistoryScenario {
  /** Fixture tests/fixtures/artist-import-history-<name>.json; also the value RECORD_HISTORIES selects. */
  name: string;
  file: string;
  tmAttractionId: string;
  /** Runs the import on a live system until its workflow has closed. */
  run(sys: ImportSystem): Promise<void>;
  /** Assertions that the stored history took the scenario's path. */
  check(facts: HistoryFacts): void;
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const workflowIdOf = (tmAttractionId: string) => `artist-import-${tmAttractionId}`;

export const HISTORY_SCENARIOS: HistoryScenario[] = [
  {
    name: 'failed',
    file: 'artist-import-history-failed.json',
    // Not a fixture id and not gen-…: Ticketmaster (the fake) has no such attraction.
    tmAttractionId: 'replay-no-such-attraction',
    async run(sys) {
      await sys.importArtist(this.tmAttractionId);
      await expect(sys.finalProgress(this.tmAttractionId)).rejects.toThrow();
    },
    check(f) {
      expect(f.closedAs).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_FAILED');
      expect(f.failureMessage).toMatch(/^The identity phase failed: Ticketmaster has no attraction with id replay-no-such-attraction/);
      expect(activityTypes(f)).toEqual(['recordImportRun', 'resolveIdentity', 'recordImportRun']);
      expect(f.activities[1]!.closedAs).toBe('EVENT_TYPE_ACTIVITY_TASK_FAILED');
      const final = lastRecordedProgress(f);
      expect(final.status).toBe('failed');
      expect(final.error?.phase).toBe('identity');
    },
  },
  {
    name: 'cancelled',
    file: 'artist-import-history-cancelled.json',
    tmAttractionId: 'gen-93-e600-a3',
    async run(sys) {
      // Slow Ticketmaster down so the import is certainly inside the shows phase when cancelled.
      sys.fakes.control.setLatency(200, 'ticketmaster');
      try {
        const { artistId } = await sys.importArtist(this.tmAttractionId);
        await waitFor('the first stored show', async () => (await sys.db.show.count({ where: { artistId } })) > 0);
        const res = await fetch(`${sys.apiUrl}/api/artists/${artistId}/import`, { method: 'DELETE' });
        expect(res.status).toBe(202);
        await expect(sys.finalProgress(this.tmAttractionId)).rejects.toThrow(/cancel/i);
      } finally {
        sys.fakes.control.setLatency(0, 'ticketmaster');
      }
    },
    check(f) {
      expect(f.closedAs).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED');
      expect(f.eventTypes).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED');
      expect(f.eventTypes).toContain('EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED');
      const types = activityTypes(f);
      expect(types.slice(0, 3)).toEqual(['recordImportRun', 'resolveIdentity', 'importShows']);
      expect(types).not.toContain('listStudioAlbums');
      // The terminal state is stored after the cancellation, in a non-cancellable scope.
      expect(types.at(-1)).toBe('recordImportRun');
      expect(lastRecordedProgress(f).status).toBe('cancelled');
    },
  },
  {
    name: 'no-spotify',
    file: 'artist-import-history-no-spotify.json',
    tmAttractionId: 'fake-nospotify',
    async run(sys) {
      await sys.importArtist(this.tmAttractionId);
      expect((await sys.finalProgress(this.tmAttractionId)).status).toBe('completed');
    },
    check(f) {
      expect(f.closedAs).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
      expect(activityTypes(f)).toEqual(['recordImportRun', 'resolveIdentity', 'importShows', 'createPredictedSetlists', 'recordImportRun']);
      expect(f.result?.status).toBe('completed');
      expect(f.result?.filters?.skipped).toBe(true);
    },
  },
  {
    name: 'audio-features-403',
    file: 'artist-import-history-audio-features-403.json',
    tmAttractionId: 'gen-92-e5-a6',
    async run(sys) {
      sys.fakes.control.setAudioFeatures('forbidden');
      try {
        await sys.importArtist(this.tmAttractionId);
        expect((await sys.finalProgress(this.tmAttractionId)).status).toBe('completed');
      } finally {
        sys.fakes.control.setAudioFeatures('available');
      }
    },
    check(f) {
      expect(f.closedAs).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
      expect(activityTypes(f)).toContain('collectCatalogCandidates');
      expect(f.result?.filters?.skipped).toBe(false);
      expect(f.result?.filters?.livenessApplied).toBe(false);
      expect(f.result?.counts.songs).toBeGreaterThan(0);
      expect(f.result?.warnings.join('\n')).toMatch(/Spotify refused audio features .*liveness was not applied/);
    },
  },
  {
    name: 'multi-wave-catalog',
    file: 'artist-import-history-multi-wave-catalog.json',
    // 76 studio albums and singles: 4 chunks of ≤ 25, so two waves of ≤ 3 parallel chunk activities.
    tmAttractionId: 'gen-7-e5-a107',
    async run(sys) {
      await sys.importArtist(this.tmAttractionId);
      expect((await sys.finalProgress(this.tmAttractionId)).status).toBe('completed');
    },
    check(f) {
      expect(f.closedAs).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
      expect(f.result?.counts.albumsKept).toBeGreaterThan(75);
      const chunks = f.activities.filter((a) => a.type === 'collectCatalogCandidates');
      const inputs = chunks.map((c) => c.input as { chunkIndex: number; chunkCount: number });
      expect(inputs.map((i) => i.chunkIndex)).toEqual(chunks.map((_, i) => i));
      expect(inputs.every((i) => i.chunkCount === chunks.length)).toBe(true);
      expect(chunks.length).toBeGreaterThan(3);
      // Wave 1 is three activities scheduled together; wave 2 starts only after all of them completed.
      const [c0, c1, c2, c3] = chunks as [ScheduledActivity, ScheduledActivity, ScheduledActivity, ScheduledActivity];
      expect([c1.eventId - c0.eventId, c2.eventId - c1.eventId]).toEqual([1, 1]);
      for (const c of [c0, c1, c2]) {
        expect(c.closedAs).toBe('EVENT_TYPE_ACTIVITY_TASK_COMPLETED');
        expect(c.closedEventId!).toBeLessThan(c3.eventId);
      }
      expect(f.result?.counts.songs).toBeGreaterThan(0);
    },
  },
  {
    name: 'staged-catalog',
    file: 'artist-import-history-staged-catalog.json',
    // 218 studio albums and singles staged in PostgreSQL: 4 chunks of ≤ 60, so two waves of ≤ 3 parallel chunk activities.
    tmAttractionId: 'gen-8-e5-a300',
    async run(sys) {
      await sys.importArtist(this.tmAttractionId);
      expect((await sys.finalProgress(this.tmAttractionId)).status).toBe('completed');
    },
    check(f) {
      expect(f.closedAs).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
      expect(f.eventTypes).toContain('EVENT_TYPE_MARKER_RECORDED');
      const types = activityTypes(f);
      const catalog = types.filter((t) => /Catalog|Candidates|Isrcs|Songs/.test(t));
      const chunks = f.activities.filter((a) => a.type === 'stageContractCandidates');
      expect(chunks.length).toBeGreaterThan(3);
      expect(chunks.map((c) => (c.input as { chunkIndex: number }).chunkIndex)).toEqual(chunks.map((_, i) => i));
      expect(catalog).toEqual(['stageCatalogAlbums', ...chunks.map(() => 'stageContractCandidates'), 'storeStagedCatalog', 'clearCatalogStaging']);
      // Only counts and offsets travel: no activity input but the progress record holds a track or an album.
      for (const a of f.activities.filter((x) => x.type !== 'recordImportRun')) expect(JSON.stringify(a.input ?? null).length, a.type).toBeLessThan(512);
      expect(f.result?.counts.tracksFetched).toBeGreaterThan(1_500);
      expect(f.result?.counts.songs).toBeGreaterThan(1_000);
    },
  },
];

/** Runs the scenario's import on `sys` and writes its history to the scenario's fixture file. */
export async function recordScenario(sys: ImportSystem, scenario: HistoryScenario): Promise<string> {
  await scenario.run(sys);
  const history = await sys.client.workflow.getHandle(workflowIdOf(scenario.tmAttractionId)).fetchHistory();
  const file = fixturePath(scenario.file);
  await writeFile(file, `${historyToJSON(history)}\n`);
  return file;
}

/** Which scenarios RECORD_HISTORIES selects: "1" or "all" for every one, else a comma-separated list of names. */
export function scenariosToRecord(value: string | undefined): HistoryScenario[] {
  if (!value || value === '0') return [];
  if (value === '1' || value === 'all') return HISTORY_SCENARIOS;
  const names = value.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !HISTORY_SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`RECORD_HISTORIES: unknown scenario(s) ${unknown.join(', ')}; known: ${HISTORY_SCENARIOS.map((s) => s.name).join(', ')}`);
  return HISTORY_SCENARIOS.filter((s) => names.includes(s.name));
}
