// Votes: one stable anonymous key per browser (the API counts one vote per
// key and song), and the songs this browser has voted for, to mark them.
import { z } from 'zod';
import { localValue } from './local-store';

const voterKeyStore = localValue('setlist.voterKey.v1', z.string().min(1), '');

export function voterKey(): string {
  let key = voterKeyStore.get();
  if (!key) {
    key = crypto.randomUUID();
    voterKeyStore.set(key);
  }
  return key;
}

const votedStore = localValue('setlist.voted.v1', z.array(z.string()), []);
export const useVotedEntries = votedStore.use;

export function rememberVote(setlistSongId: string): void {
  const voted = votedStore.get();
  if (!voted.includes(setlistSongId)) votedStore.set([...voted, setlistSongId]);
}
