// An import's state in plain words, for fans.
import type { ImportProgress } from '../../../api/contract';

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
      return PHASE_WORDS[progress.phase];
  }
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
