// An import's state in plain words, for fans.
import type { ImportProgress } from '../../../api/contract';
import { PHASES } from '../../../domain/progress';

const PHASE_WORDS: Record<ImportProgress['phase'], string> = {
  queued: 'Waiting to start',
  identity: 'Finding the artist',
  shows: 'Importing shows and venues',
  catalog: 'Building the studio song list',
  setlists: 'Predicting setlists',
  complete: 'Finishing up',
};

export function phaseWords(progress: ImportProgress): string {
  switch (progress.status) {
    case 'completed':
      return 'Import complete';
    case 'cancelled':
      return 'Import cancelled';
    case 'failed':
      return 'Import failed';
    default:
      return runningWords(progress);
  }
}

/** "Importing shows and venues while building the studio song list" while phases run side by side. */
function runningWords(progress: ImportProgress): string {
  const running = progress.runningPhases;
  if (running.length < 2) return PHASE_WORDS[progress.phase];
  return running.map((r, i) => (i === 0 ? PHASE_WORDS[r.phase] : lowerFirst(PHASE_WORDS[r.phase]))).join(' while ');
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** "step 2 of 5" while a phase runs, "steps 2 and 3 of 5" while two run side by side; empty before the first and after the end. */
export function stepWords(progress: ImportProgress): string {
  if (progress.status !== 'running' || progress.phase === 'queued') return '';
  const running = progress.runningPhases;
  if (running.length < 2) return `step ${PHASES.indexOf(progress.phase) + 1} of ${PHASES.length}`;
  const steps = running.map((r) => PHASES.indexOf(r.phase) + 1);
  return `steps ${steps.slice(0, -1).join(', ')} and ${steps.at(-1)} of ${PHASES.length}`;
}

/** The line under the phase: the workflow's own message while it runs, how long it took once it ended. */
export function detailWords(progress: ImportProgress): string {
  if (progress.status === 'running') return progress.message;
  if (!progress.finishedAt) return '';
  const seconds = (Date.parse(progress.finishedAt) - Date.parse(progress.startedAt)) / 1000;
  const took = seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return progress.status === 'completed' ? `Finished in ${took}` : `Stopped after ${took}`;
}

/** What has been found so far, e.g. "25 shows · 18 venues · 64 songs". */
export function countsWords(progress: ImportProgress): string {
  const { shows, venues, songs, setlistsCreated } = progress.counts;
  const parts = [plural(shows, 'show'), plural(venues, 'venue'), plural(songs, 'song')];
  if (setlistsCreated > 0) parts.push(plural(setlistsCreated, 'predicted setlist'));
  return parts.join(' · ');
}

export function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}

const dateFormat = new Intl.DateTimeFormat('en', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
export const formatDate = (iso: string) => dateFormat.format(new Date(iso));

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
