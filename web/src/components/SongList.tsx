// The studio song catalog, filterable by title or album.
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import { api } from '../lib/api';
import { formatDuration, plural } from '../lib/words';
import { Empty, ErrorNotice, Loading } from './States';

const FIRST_ROWS = 25;

export function SongList({ artistId }: { artistId: string }) {
  const songs = useQuery({ queryKey: ['songs', artistId], queryFn: () => api.songs(artistId) });
  const [filter, setFilter] = useState('');
  const [all, setAll] = useState(false);
  const needle = useDeferredValue(filter.trim().toLowerCase());
  const inputId = useId();

  let body;
  if (songs.isPending) body = <Loading label="Loading songs…" />;
  else if (songs.isError) body = <ErrorNotice error={songs.error} onRetry={() => void songs.refetch()} />;
  else if (songs.data.items.length === 0) body = <Empty>No studio songs imported.</Empty>;
  else {
    const matching = songs.data.items.filter((s) => !needle || s.name.toLowerCase().includes(needle) || s.albumName?.toLowerCase().includes(needle));
    const rows = all || needle ? matching : matching.slice(0, FIRST_ROWS);
    body = (
      <>
        <label htmlFor={inputId} className="visually-hidden">
          Search songs
        </label>
        <input id={inputId} type="search" className="song-filter" placeholder="Search songs or albums" value={filter} onChange={(e) => setFilter(e.target.value)} />
        {matching.length === 0 ? (
          <Empty>No song matches “{filter.trim()}”.</Empty>
        ) : (
          <ol className="song-list">
            {rows.map((s) => (
              <li key={s.id} className="song">
                <span className="song-name">
                  {s.name}
                  {s.isRemix && <span className="badge">remix</span>}
                </span>
                <span className="muted small song-album">{s.albumName}</span>
                <span className="muted small song-duration">{formatDuration(s.durationMs)}</span>
              </li>
            ))}
          </ol>
        )}
        {!needle && matching.length > FIRST_ROWS && (
          <button type="button" className="button button-small button-quiet" onClick={() => setAll(!all)} aria-expanded={all}>
            {all ? 'Show fewer' : `Show all ${plural(matching.length, 'song')}`}
          </button>
        )}
      </>
    );
  }
  return (
    <section className="panel" aria-labelledby="songs-heading">
      <h2 id="songs-heading">
        Studio songs{songs.data && <span className="count"> {songs.data.items.length}</span>}
      </h2>
      {body}
    </section>
  );
}
