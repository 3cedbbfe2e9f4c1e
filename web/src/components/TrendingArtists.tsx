// Artists the hourly trending schedule scored highest.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api } from '../lib/api';
import { plural } from '../lib/words';
import { ArtistImage } from './ArtistImage';
import { Empty, ErrorNotice, Loading } from './States';

export function TrendingArtists() {
  const trending = useQuery({ queryKey: ['trending'], queryFn: api.trending });
  return (
    <section className="panel" aria-labelledby="trending-heading">
      <h2 id="trending-heading">Trending</h2>
      {trending.isPending ? (
        <Loading label="Loading trending artists…" />
      ) : trending.isError ? (
        <ErrorNotice error={trending.error} onRetry={() => void trending.refetch()} />
      ) : trending.data.items.length === 0 ? (
        <Empty>Nothing is trending yet: trending artists appear once the hourly score has run.</Empty>
      ) : (
        <ul className="trending-list">
          {trending.data.items.map((a) => (
            <li key={a.id}>
              <Link href={`/artists/${a.slug}`} className="trending-item">
                <ArtistImage src={a.imageUrl} size={40} />
                <span>
                  <span className="result-name">{a.name}</span>
                  <span className="muted small">{plural(a.upcomingShows, 'upcoming show')}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
