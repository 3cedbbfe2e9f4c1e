// What operators read in the Temporal UI: one-line summaries and markdown
// details of imports and scheduled runs (the `staticSummary` / `staticDetails`
// start options, and each workflow's current details). Pure text builders:
// used by the API, the scheduled workflows and ArtistImport alike.
import {
  ArtistNameSearchAttribute,
  artistImportWorkflowId,
  TmAttractionIdSearchAttribute,
  type ArtistImportInput,
  type ImportReason,
} from './import-workflow';
import type { ImportProgress } from './progress';

/** Who asked for an import. */
export type ImportTrigger = 'fan' | 'batch' | 'admin' | 'schedule';

const REASONS: Record<ImportReason, string> = {
  user: 'import',
  resync: 'incremental resync',
  'deep-resync': 'deep resync',
};

const TRIGGERS: Record<ImportTrigger, string> = {
  fan: 'requested by a fan',
  batch: 'requested by a fan (batch)',
  admin: 'requested by an operator',
  schedule: 'scheduled',
};

export interface ImportDescription {
  tmAttractionId: string;
  artistId: string;
  /** Null while only the shell row exists. */
  artistName: string | null;
  reason: ImportReason;
  trigger: ImportTrigger;
  /** The schedule or batch that started it, if any (e.g. "resync-active"). */
  source?: string;
}

/** e.g. "Radiohead · incremental resync · scheduled (resync-active)" */
export function importSummary(d: ImportDescription): string {
  const who = d.artistName ?? d.tmAttractionId;
  return `${who} · ${REASONS[d.reason]} · ${TRIGGERS[d.trigger]}${d.source ? ` (${d.source})` : ''}`;
}

export function importDetails(d: ImportDescription): string {
  return [
    `**Artist:** ${d.artistName ?? '(name not known yet)'}`,
    `**Ticketmaster attraction:** ${d.tmAttractionId}`,
    `**Artist id:** ${d.artistId}`,
    `**Reason:** ${REASONS[d.reason]}, ${TRIGGERS[d.trigger]}${d.source ? ` by ${d.source}` : ''}`,
  ].join('\n');
}

/**
 * What every start of an ArtistImport shares, from the API or a scheduled
 * resync: its deterministic id and input, a finished run may be started
 * again, the search attributes (the name once known) and what the UI lists.
 */
export function artistImportStart(d: ImportDescription) {
  const input: ArtistImportInput = { tmAttractionId: d.tmAttractionId, artistId: d.artistId, reason: d.reason };
  return {
    workflowId: artistImportWorkflowId(d.tmAttractionId),
    args: [input] as [ArtistImportInput],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE' as const,
    typedSearchAttributes: [
      { key: TmAttractionIdSearchAttribute, value: d.tmAttractionId },
      ...(d.artistName ? [{ key: ArtistNameSearchAttribute, value: d.artistName }] : []),
    ],
    staticSummary: importSummary(d),
    staticDetails: importDetails(d),
  };
}

/** The running import's current details: phase, percent, counts, last message. */
export function importCurrentDetails(p: ImportProgress, reason: ImportReason): string {
  const c = p.counts;
  return [
    `**${p.artistName ?? p.tmAttractionId}** · ${REASONS[reason]} · ${p.status}`,
    `**Phase:** ${phaseWords(p)} (${Math.round(p.percent)} %)`,
    `**Counts:** ${c.shows} shows (${c.upcomingShows} upcoming) at ${c.venues} venues · ${c.songs} songs · ${c.setlistsCreated} setlists`,
    `**Message:** ${p.message}`,
    ...(p.warnings.length > 0 ? [`**Warnings:** ${p.warnings.length}`] : []),
    ...(p.error ? [`**Error (${p.error.phase}):** ${p.error.message}`] : []),
  ].join('\n');
}

/** "catalog", or "shows + catalog (side by side)" while phases run together. */
function phaseWords(p: ImportProgress): string {
  if (p.runningPhases.length < 2) return p.phase;
  return `${p.runningPhases.map((r) => `${r.phase} ${Math.round(r.fraction * 100)} %`).join(' + ')}, side by side`;
}

/** A scheduled run's details: what it does and how far it got. */
export function scheduledRunDetails(title: string, lines: Array<[string, string | number]>): string {
  return [`**${title}**`, ...lines.map(([k, v]) => `**${k}:** ${v}`)].join('\n');
}
