// Predicted setlists of the upcoming shows: pick a show, vote for the songs
// you want to hear. One vote per song per browser; counts are the server's.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Setlist, ShowSetlists, VoteResult } from '../../../api/contract';
import { api } from '../lib/api';
import { rememberVote, useVotedEntries } from '../lib/voter';
import { formatDate, plural } from '../lib/words';
import { Empty, ErrorNotice, Loading } from './States';

const SHOWS_WITH_SETLISTS = 10;

export function SetlistVotes({ artistId }: { artistId: string }) {
  const shows = useQuery({ queryKey: ['shows', artistId, 'upcoming'], queryFn: () => api.shows(artistId, 'upcoming', 500) });
  const [chosen, setChosen] = useState<string | null>(null);
  const selectId = useId();
  const upcoming = shows.data?.items.slice(0, SHOWS_WITH_SETLISTS) ?? [];
  const showId = chosen ?? upcoming[0]?.id ?? null;

  return (
    <section className="panel" aria-labelledby="setlist-heading">
      <h2 id="setlist-heading">Predicted setlists</h2>
      {shows.isPending ? (
        <Loading label="Loading shows…" />
      ) : shows.isError ? (
        <ErrorNotice error={shows.error} onRetry={() => void shows.refetch()} />
      ) : !showId ? (
        <Empty>No upcoming show to predict a setlist for.</Empty>
      ) : (
        <>
          <label htmlFor={selectId}>Show</label>
          <select id={selectId} value={showId} onChange={(e) => setChosen(e.target.value)}>
            {upcoming.map((s) => (
              <option key={s.id} value={s.id}>
                {formatDate(s.date)} — {s.venue?.city ?? s.venue?.name ?? s.name}
              </option>
            ))}
          </select>
          <ShowSetlist showId={showId} />
        </>
      )}
    </section>
  );
}

function ShowSetlist({ showId }: { showId: string }) {
  const setlists = useQuery({ queryKey: ['setlists', showId], queryFn: () => api.setlists(showId) });
  if (setlists.isPending) return <Loading label="Loading the setlist…" />;
  if (setlists.isError) return <ErrorNotice error={setlists.error} onRetry={() => void setlists.refetch()} />;
  const predicted = setlists.data.items.find((s) => s.type === 'predicted') ?? setlists.data.items[0];
  if (!predicted || predicted.songs.length === 0) return <Empty>No setlist for this show yet.</Empty>;
  return <VotableSetlist showId={showId} setlist={predicted} />;
}

function VotableSetlist({ showId, setlist }: { showId: string; setlist: Setlist }) {
  const queryClient = useQueryClient();
  const voted = useVotedEntries();
  const [notice, setNotice] = useState<{ entryId: string; text: string } | null>(null);
  const vote = useMutation({
    mutationFn: (entryId: string) => api.vote(setlist.id, entryId),
    onSuccess: (result: VoteResult) => {
      rememberVote(result.setlistSongId);
      setNotice({ entryId: result.setlistSongId, text: result.counted ? 'Vote counted' : 'You already voted for this song' });
      // The server's count is the truth, whether this vote counted or not.
      queryClient.setQueryData<ShowSetlists>(['setlists', showId], (data) =>
        data && {
          ...data,
          items: data.items.map((s) =>
            s.id !== result.setlistId ? s : { ...s, songs: s.songs.map((e) => (e.id === result.setlistSongId ? { ...e, votes: result.votes } : e)) },
          ),
        },
      );
    },
  });

  return (
    <>
      <p className="muted small">
        {setlist.name} · {setlist.type === 'predicted' ? 'predicted from recent shows' : 'as played'}
      </p>
      <ol className="setlist">
        {setlist.songs.map((entry) => {
          const mine = voted.includes(entry.id);
          return (
            <li key={entry.id} className="setlist-song" data-testid="setlist-song">
              <span className="setlist-pos">{entry.position}</span>
              <span className="setlist-name">
                {entry.name}
                {entry.isEncore && <span className="badge">encore</span>}
                {notice?.entryId === entry.id && (
                  <span className="vote-notice small" role="status">
                    {notice.text}
                  </span>
                )}
              </span>
              <span className="vote-count" data-testid="vote-count" aria-label={plural(entry.votes, 'vote')}>
                {entry.votes}
              </span>
              <button
                type="button"
                className={`button button-small vote-button${mine ? ' voted' : ''}`}
                aria-pressed={mine}
                aria-label={`Vote for ${entry.name}`}
                disabled={vote.isPending && vote.variables === entry.id}
                onClick={() => vote.mutate(entry.id)}
              >
                {mine ? 'Voted' : 'Vote'}
              </button>
            </li>
          );
        })}
      </ol>
      {vote.isError && <ErrorNotice error={vote.error} />}
    </>
  );
}
