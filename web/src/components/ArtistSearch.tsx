// Search as you type (debounced; the API caches Ticketmaster's answers), pick
// several artists, import them as one batch.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'wouter';
import type { SearchResult } from '../../../api/contract';
import { api } from '../lib/api';
import { trackImports } from '../lib/tracked-imports';
import { useDebouncedValue } from '../lib/use-debounced-value';
import { plural } from '../lib/words';
import { ArtistImage } from './ArtistImage';
import { Empty, ErrorNotice, Loading } from './States';

const DEBOUNCE_MS = 300;
const STATUS_WORDS = { pending: 'Import queued', running: 'Importing', completed: 'Imported', failed: 'Last import failed', cancelled: 'Import cancelled' } as const;

export function ArtistSearch() {
  const inputId = useId();
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), DEBOUNCE_MS);
  const [selected, setSelected] = useState<ReadonlyMap<string, SearchResult>>(new Map());
  const search = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => api.search(q, signal),
    enabled: q.length > 0,
    placeholderData: (previous) => previous,
  });
  const start = useMutation({
    mutationFn: (picks: SearchResult[]) => api.importBatch(picks.map((p) => p.tmAttractionId)),
    onSuccess: (answer, picks) => {
      const names = new Map(picks.map((p) => [p.tmAttractionId, p.name]));
      const now = new Date().toISOString();
      trackImports(answer.items.map((i) => ({ ...i, name: names.get(i.tmAttractionId) ?? i.slug, startedAt: now })));
      setSelected(new Map());
    },
  });

  const toggle = (result: SearchResult) =>
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(result.tmAttractionId)) next.delete(result.tmAttractionId);
      else next.set(result.tmAttractionId, result);
      return next;
    });
  const picks = [...selected.values()];

  return (
    <section className="panel" aria-labelledby="search-heading">
      <h2 id="search-heading">Find artists</h2>
      <form
        className="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (picks.length > 0) start.mutate(picks);
        }}
      >
        <label htmlFor={inputId}>Artist name</label>
        <input id={inputId} type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. Velvet Static" autoComplete="off" />
        <div className="search-results" aria-live="polite" aria-busy={search.isFetching}>
          {q.length === 0 ? (
            <Empty>Type a name to search Ticketmaster's artists.</Empty>
          ) : search.isPending ? (
            <Loading label="Searching…" />
          ) : search.isError ? (
            <ErrorNotice error={search.error} onRetry={() => void search.refetch()} />
          ) : search.data.items.length === 0 ? (
            <Empty>No artist matches “{q}”.</Empty>
          ) : (
            <ul className="result-list">
              {search.data.items.map((r) => (
                <SearchResultRow key={r.tmAttractionId} result={r} checked={selected.has(r.tmAttractionId)} onToggle={() => toggle(r)} />
              ))}
            </ul>
          )}
        </div>
        <div className="batch-bar">
          <button type="submit" className="button" disabled={picks.length === 0 || start.isPending}>
            {start.isPending ? 'Starting…' : picks.length === 0 ? 'Select artists to import' : `Import ${plural(picks.length, 'artist')}`}
          </button>
          {picks.length > 0 && (
            <button type="button" className="button button-quiet" onClick={() => setSelected(new Map())}>
              Clear selection
            </button>
          )}
        </div>
        {start.isError && <ErrorNotice error={start.error} />}
      </form>
    </section>
  );
}

function SearchResultRow({ result, checked, onToggle }: { result: SearchResult; checked: boolean; onToggle: () => void }) {
  const id = useId();
  return (
    <li className="result">
      <input id={id} type="checkbox" checked={checked} onChange={onToggle} />
      <label htmlFor={id} className="result-main">
        <ArtistImage src={result.imageUrl} size={48} />
        <span>
          <span className="result-name">{result.name}</span>
          <span className="muted small">
            {[result.genres.slice(0, 2).join(', '), result.upcomingEvents !== null ? plural(result.upcomingEvents, 'upcoming event') : null]
              .filter(Boolean)
              .join(' · ')}
          </span>
        </span>
      </label>
      {result.importStatus && (
        <span className={`badge badge-${result.importStatus}`}>{STATUS_WORDS[result.importStatus]}</span>
      )}
      {result.imported && result.slug && (
        <Link className="small" href={`/artists/${result.slug}`} aria-label={`Open ${result.name}'s page`}>
          Open
        </Link>
      )}
    </li>
  );
}
