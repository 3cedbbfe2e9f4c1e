// An artist's shareable page (/artists/:slug): identity, shows, songs and
// setlists. While the artist is still importing, its progress shows in place
// and the page fills in when the import ends.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ArtistImage } from '../components/ArtistImage';
import { ImportProgressCard } from '../components/ImportProgressCard';
import { SetlistVotes } from '../components/SetlistVotes';
import { ShowList } from '../components/ShowList';
import { SongList } from '../components/SongList';
import { ErrorNotice, Loading } from '../components/States';
import { api, ApiRequestError, temporalWorkflowUrl } from '../lib/api';
import { plural } from '../lib/words';

export function ArtistPage({ slug }: { slug: string }) {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const artist = useQuery({ queryKey: ['artist', slug], queryFn: () => api.artist(slug) });
  const config = useQuery({ queryKey: ['config'], queryFn: api.config, staleTime: Infinity });
  // A shell's name is its attraction id until the import finds the artist: the live progress knows it first.
  const [liveName, setLiveName] = useState<string | null>(null);

  // The import renames a shell (tm-<id>) to the artist's own slug: show the shareable one.
  const canonical = artist.data?.slug;
  useEffect(() => {
    if (canonical && canonical !== slug) navigate(`/artists/${canonical}`, { replace: true });
  }, [canonical, slug, navigate]);
  useEffect(() => {
    if (artist.data) document.title = `${liveName ?? artist.data.name} — Setlist`;
  }, [artist.data, liveName]);

  if (artist.isPending) return <Loading label="Loading the artist…" />;
  if (artist.isError) {
    return (
      <div className="panel">
        <h1>{artist.error instanceof ApiRequestError && artist.error.status === 404 ? 'Artist not found' : 'This page could not load'}</h1>
        <ErrorNotice error={artist.error} onRetry={() => void artist.refetch()} />
        <p>
          <Link href="/">Search artists</Link>
        </p>
      </div>
    );
  }

  const a = artist.data;
  const name = liveName ?? a.name;
  const importing = a.importStatus === 'pending' || a.importStatus === 'running';
  const last = a.latestImport;
  const workflowUrl = last ? temporalWorkflowUrl(config.data, last.workflowId) : null;
  const refresh = () => void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'config' });

  return (
    <div className="artist-page">
      <header className="artist-hero">
        <ArtistImage className="artist-image" src={a.imageUrl} size={120} alt={name} />
        <div>
          <h1>{name}</h1>
          {a.genres.length > 0 && (
            <ul className="genres" aria-label="Genres">
              {a.genres.map((g) => (
                <li key={g} className="badge">
                  {g}
                </li>
              ))}
            </ul>
          )}
          <p className="muted">
            {importing
              ? 'Importing shows and songs…'
              : [plural(a.counts.upcomingShows, 'upcoming show'), plural(a.counts.shows, 'show'), plural(a.counts.songs, 'studio song')].join(' · ')}
          </p>
        </div>
      </header>

      {importing && (
        <section className="panel" aria-label="Import in progress">
          <ImportProgressCard
            artistId={a.id}
            name={name}
            slug={a.slug}
            workflowId={last?.workflowId ?? null}
            onArtistPage
            onProgress={(p) => p.artistName && p.artistName !== liveName && setLiveName(p.artistName)}
            onFinished={refresh}
          />
        </section>
      )}
      {!importing && last && last.status !== 'completed' && (
        <div className="panel notice" role="status">
          <p>
            The last import {last.status === 'cancelled' ? 'was cancelled' : 'failed'}
            {last.error ? `: ${last.error.message}` : '.'} What is shown here may be incomplete.
          </p>
          {workflowUrl && (
            <a className="ops-link" href={workflowUrl} target="_blank" rel="noreferrer">
              Workflow in Temporal UI
            </a>
          )}
        </div>
      )}

      {!importing && (
        <div className="artist-grid">
          <div className="artist-main">
            <SetlistVotes artistId={a.id} />
            <ShowList artistId={a.id} status="upcoming" />
            <ShowList artistId={a.id} status="past" />
          </div>
          <div className="artist-side">
            <SongList artistId={a.id} />
          </div>
        </div>
      )}
    </div>
  );
}
