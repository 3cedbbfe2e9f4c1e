// The scheduled resyncs: ResyncActiveWorkflow (schedule `resync-active`,
// every 6 h) and DeepResyncTrendingWorkflow (`deep-resync-trending`, daily).
// Each selects its artists with one activity and runs one child ArtistImport
// per artist, a bounded number at once. The child's id is the artist's
// deterministic import id: an artist whose import is already running (a fan's,
// or another resync's) is skipped, never started twice.
import {
  ChildWorkflowFailure,
  continueAsNew,
  proxyActivities,
  setCurrentDetails,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { ScheduledActivities } from '../activities/scheduled';
import { ARTIST_IMPORT_WORKFLOW, type ImportReason } from '../domain/import-workflow';
import { artistImportStart, scheduledRunDetails } from '../domain/operator-view';
import {
  clampConcurrency,
  DEEP_RESYNC_PAGE_SIZE,
  emptyResyncResult,
  RESYNC_RESULT_LIST_CAP,
  type DeepResyncInput,
  type ResyncInput,
  type ResyncOutcome,
  type ResyncResult,
  type ResyncTarget,
} from '../domain/scheduled-workflows';
import type { ArtistImport } from './artist-import';

const selection = proxyActivities<ScheduledActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

export async function ResyncActiveWorkflow(input: ResyncInput = {}): Promise<ResyncResult> {
  const title = 'Resync of active artists';
  setCurrentDetails(scheduledRunDetails(title, [['Phase', 'selecting artists']]));
  const targets = await selection.selectActiveArtists();
  const result = emptyResyncResult();
  await resyncAll(targets, { reason: 'resync', source: 'resync-active', title, concurrency: clampConcurrency(input.concurrency) }, result);
  return result;
}

export async function DeepResyncTrendingWorkflow(input: DeepResyncInput = {}): Promise<ResyncResult> {
  const title = 'Deep resync of trending artists';
  const result = input.carried ?? emptyResyncResult();
  setCurrentDetails(scheduledRunDetails(title, [['Phase', 'selecting artists'], ...progressLines(result)]));
  const pageSize = Math.min(DEEP_RESYNC_PAGE_SIZE, Math.max(1, Math.floor(input.pageSize ?? DEEP_RESYNC_PAGE_SIZE)));
  const page = await selection.selectTrendingArtists({ afterId: input.cursor?.artistId ?? null, limit: pageSize });
  const concurrency = clampConcurrency(input.concurrency);
  await resyncAll(page, { reason: 'deep-resync', source: 'deep-resync-trending', title, concurrency }, result);
  const last = page.at(-1);
  if (page.length === pageSize && last) {
    // One page of children per run keeps every run's history small, however many artists trend.
    await continueAsNew<typeof DeepResyncTrendingWorkflow>({
      concurrency,
      pageSize,
      cursor: { artistId: last.artistId },
      carried: result,
    });
  }
  return result;
}

interface ResyncRun {
  reason: ImportReason;
  source: string;
  title: string;
  concurrency: number;
}

/** Runs the children, at most `concurrency` at once, recording each outcome in `result`. */
async function resyncAll(targets: ResyncTarget[], run: ResyncRun, result: ResyncResult): Promise<void> {
  result.selected += targets.length;
  let next = 0;
  const show = (phase: string) => setCurrentDetails(scheduledRunDetails(run.title, [['Phase', phase], ...progressLines(result)]));
  show(`re-importing ${targets.length} artists, ${run.concurrency} at a time`);
  const lane = async () => {
    while (next < targets.length) {
      const target = targets[next++]!;
      record(result, await resyncOne(target, run));
      show(`re-importing ${targets.length} artists, ${run.concurrency} at a time`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(run.concurrency, targets.length) }, lane));
  show('done');
}

type Outcome = { kind: 'synced' | 'skipped' | 'failed'; outcome: ResyncOutcome };

async function resyncOne(t: ResyncTarget, run: ResyncRun): Promise<Outcome> {
  const base = { artistId: t.artistId, tmAttractionId: t.tmAttractionId, name: t.name };
  const start = artistImportStart({ tmAttractionId: t.tmAttractionId, artistId: t.artistId, artistName: t.name, reason: run.reason, trigger: 'schedule', source: run.source });
  try {
    // A running import of the artist makes the start fail (below): it is skipped, not started twice.
    const child = await startChild<typeof ArtistImport>(ARTIST_IMPORT_WORKFLOW, {
      ...start,
      // An import a fan may be watching is not killed because the batch ended or was cancelled.
      parentClosePolicy: 'ABANDON',
      memo: { artistId: t.artistId, tmAttractionId: t.tmAttractionId, artistName: t.name },
    });
    await child.result();
    return { kind: 'synced', outcome: { ...base, reason: null } };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      return { kind: 'skipped', outcome: { ...base, reason: 'an import of this artist is already running' } };
    }
    // The import's own failure names the phase and the cause ("The identity phase failed: …").
    const cause = err instanceof ChildWorkflowFailure ? (err.cause?.message ?? err.message) : err instanceof Error ? err.message : String(err);
    return { kind: 'failed', outcome: { ...base, reason: cause } };
  }
}

function record(result: ResyncResult, { kind, outcome }: Outcome): void {
  const list = result[kind];
  if (list.length < RESYNC_RESULT_LIST_CAP) list.push(outcome);
  else result.unlisted++;
}

function progressLines(r: ResyncResult): Array<[string, number]> {
  return [
    ['Selected', r.selected],
    ['Synced', r.synced.length],
    ['Skipped (already running)', r.skipped.length],
    ['Failed', r.failed.length],
  ];
}
