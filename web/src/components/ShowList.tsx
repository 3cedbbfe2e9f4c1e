// Upcoming or past shows: date, venue, city, tickets.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Show } from '../../../api/contract';
import { api } from '../lib/api';
import { formatDate } from '../lib/words';
import { Empty, ErrorNotice, Loading } from './States';

const FIRST_ROWS = 10;

export function ShowList({ artistId, status }: { artistId: string; status: 'upcoming' | 'past' }) {
  const shows = useQuery({ queryKey: ['shows', artistId, status], queryFn: () => api.shows(artistId, status, 500) });
  const [all, setAll] = useState(false);
  const heading = status === 'upcoming' ? 'Upcoming shows' : 'Past shows';
  const headingId = `shows-${status}`;

  let body;
  if (shows.isPending) body = <Loading label={`Loading ${heading.toLowerCase()}…`} />;
  else if (shows.isError) body = <ErrorNotice error={shows.error} onRetry={() => void shows.refetch()} />;
  else if (shows.data.items.length === 0) body = <Empty>No {status} shows.</Empty>;
  else {
    const ordered = shows.data.items; // upcoming soonest first, past most recent first
    const rows = all ? ordered : ordered.slice(0, FIRST_ROWS);
    body = (
      <>
        <ul className="show-list">
          {rows.map((show) => (
            <ShowRow key={show.id} show={show} />
          ))}
        </ul>
        {ordered.length > FIRST_ROWS && (
          <button type="button" className="button button-small button-quiet" onClick={() => setAll(!all)} aria-expanded={all}>
            {all ? 'Show fewer' : `Show all ${ordered.length}`}
          </button>
        )}
      </>
    );
  }
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {heading}
        {shows.data && (
          <span className="count">
            {' '}
            {shows.data.items.length}
            {shows.data.nextCursor ? '+' : ''}
          </span>
        )}
      </h2>
      {body}
    </section>
  );
}

function ShowRow({ show }: { show: Show }) {
  const place = [show.venue?.name, show.venue?.city, show.venue?.country].filter(Boolean).join(', ');
  return (
    <li className="show">
      <time dateTime={show.date} className="show-date">
        {formatDate(show.date)}
      </time>
      <span className="show-place">
        <span className="show-venue">{place || show.name}</span>
        {show.status !== 'upcoming' && show.status !== 'past' && <span className="badge">{show.status}</span>}
      </span>
      {show.ticketUrl && show.status === 'upcoming' && (
        <a className="button button-small" href={show.ticketUrl} target="_blank" rel="noreferrer" aria-label={`Tickets for ${formatDate(show.date)}, ${place}`}>
          Tickets
        </a>
      )}
    </li>
  );
}
