// The setlist entries this browser has voted for, to mark them. Who the voter
// is, the API decides: its signed HttpOnly cookie, sent with every vote.
import { z } from 'zod';
import { localValue } from './local-store';

const votedStore = localValue('setlist.voted.v1', z.array(z.string()), []);
export const useVotedEntries = votedStore.use;

export function rememberVote(setlistSongId: string): void {
  const voted = votedStore.get();
  if (!voted.includes(setlistSongId)) votedStore.set([...voted, setlistSongId]);
}
