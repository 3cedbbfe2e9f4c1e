// One import started through the API and followed on its progress stream to
// the end, as a fan's browser does; for the in-process and the process systems alike.
import type { ImportProgress } from '../../domain/progress';
import { readSse, sseJson } from '../../harness/sse';

/** What both harness systems offer: the API's URL and its import route. */
export interface ImportsThroughApi {
  apiUrl: string;
  importArtist(tmAttractionId: string): Promise<{ artistId: string; workflowId: string }>;
}

export interface StreamedImport {
  workflowId: string;
  final: ImportProgress;
  /** From each progress version's change in the workflow to its arrival on the stream (ms). */
  progressLatencies: number[];
}

/** Longest one import may stream before the benchmark gives up on it (throttled imports take minutes). */
const IMPORT_TIMEOUT_MS = 20 * 60_000;

/** Starts the import and reads its stream until `done`; throws when it ends otherwise. */
export async function importAndWait(sys: ImportsThroughApi, tmAttractionId: string, timeoutMs = IMPORT_TIMEOUT_MS): Promise<StreamedImport> {
  const { artistId, workflowId } = await sys.importArtist(tmAttractionId);
  const progressLatencies: number[] = [];
  const sse = await readSse(`${sys.apiUrl}/api/artists/${artistId}/stream`, {
    timeoutMs,
    // Timed as each event arrives, against the workflow's own change time.
    onEvent(e) {
      if (e.event !== 'progress') return;
      const p = sseJson<ImportProgress>(e);
      if (p.updatedAt) progressLatencies.push(Date.now() - Date.parse(p.updatedAt));
    },
  });
  const last = sse.events.at(-1);
  if (!sse.ended || last?.event !== 'done') {
    const how = sse.ended ? 'ended' : `was cut (${sse.stoppedBy} after ${sse.ms} ms)`;
    throw new Error(`the stream of ${tmAttractionId} ${how} with ${last?.event ?? 'no event'}: ${last?.data ?? sse.body ?? ''}`);
  }
  return { workflowId, final: sseJson<ImportProgress>(last), progressLatencies };
}
