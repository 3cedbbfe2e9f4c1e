// The ArtistImport workflow's contract with everything outside it (API,
// activities, worker, schedules, tests): its type name, id, input, the query
// that reads its progress, the signal activities report through, and its
// search attributes. Only Temporal's definition helpers are imported here, so
// this module is safe inside the workflow bundle and in client code alike.
import { defineSearchAttributeKey } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ImportProgress, PhaseProgressUpdate } from './progress';

export const TASK_QUEUE_DEFAULT = 'artist-import';
export const ARTIST_IMPORT_WORKFLOW = 'ArtistImport';

/** Deterministic id: a second request for the same artist attaches to the running import. */
export function artistImportWorkflowId(tmAttractionId: string): string {
  return `artist-import-${tmAttractionId}`;
}

/** Search attributes that make imports findable in the Temporal UI. */
export const ArtistNameSearchAttribute = defineSearchAttributeKey('ArtistName', 'TEXT');
export const TmAttractionIdSearchAttribute = defineSearchAttributeKey('TmAttractionId', 'KEYWORD');
export const ImportPhaseSearchAttribute = defineSearchAttributeKey('ImportPhase', 'KEYWORD');
const SEARCH_ATTRIBUTE_KEYS = [ArtistNameSearchAttribute, TmAttractionIdSearchAttribute, ImportPhaseSearchAttribute] as const;
/** The same attributes as name → type, for registering them in a namespace. */
export const SEARCH_ATTRIBUTES = Object.fromEntries(SEARCH_ATTRIBUTE_KEYS.map((k) => [k.name, k.type])) as Record<
  string,
  (typeof SEARCH_ATTRIBUTE_KEYS)[number]['type']
>;

export type ImportReason = 'user' | 'resync' | 'deep-resync';

export interface ArtistImportInput {
  tmAttractionId: string;
  /** The artist row the API created (shell) before starting the workflow. */
  artistId: string;
  reason: ImportReason;
  /**
   * How long the import's work may take before it is cancelled and fails
   * (ms; waits for a spent provider quota do not count). Absent: the default
   * of workflows/import-deadline.ts (2 hours). Tests set it short.
   */
  deadlineMs?: number;
}

export const progressQuery = defineQuery<ImportProgress>('progress');

export const phaseProgressSignal = defineSignal<[PhaseProgressUpdate]>('phaseProgress');
