// One import's live progress bar: phase in words, percent, what was found so
// far, warnings, the outcome, cancel, and (for operators) the workflow in the
// Temporal UI. Its height does not change as updates arrive.
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { ImportProgress } from '../../../api/contract';
import { api, temporalWorkflowUrl } from '../lib/api';
import { useImportProgress } from '../lib/use-import-progress';
import { countsWords, detailWords, phaseWords, stepWords } from '../lib/words';

interface Props {
  artistId: string;
  name: string;
  slug: string;
  /** Known before the first progress arrives (batch answer); the progress carries it too. */
  workflowId: string | null;
  /** Hide the link to the artist page (on the artist page itself). */
  onArtistPage?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  onFinished?: (progress: ImportProgress) => void;
}

const CONNECTION_WORDS = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', polling: 'checking every few seconds', ended: '' } as const;

export function ImportProgressCard({ artistId, name, slug, workflowId, onArtistPage, onProgress, onFinished }: Props) {
  const { progress, connection } = useImportProgress(artistId, { onProgress, onFinished });
  const config = useQuery({ queryKey: ['config'], queryFn: api.config, staleTime: Infinity });
  const cancel = useMutation({ mutationFn: () => api.cancelImport(artistId) });
  const status = progress?.status ?? 'running';
  const percent = Math.round(progress?.percent ?? 0);
  const title = progress?.artistName ?? name;
  const shownWorkflowId = progress?.workflowId ?? workflowId;
  const workflowUrl = shownWorkflowId ? temporalWorkflowUrl(config.data, shownWorkflowId) : null;
  const headingId = `import-${artistId}`;

  return (
    <article className={`import-card import-${status}`} aria-labelledby={headingId} data-testid="import-card" data-status={status}>
      <header className="import-head">
        <h3 id={headingId} className="import-name">
          {onArtistPage ? title : <Link href={`/artists/${slug}`}>{title}</Link>}
        </h3>
        <span className="import-percent" aria-hidden="true">
          {percent}%
        </span>
      </header>
      <div
        className="bar"
        role="progressbar"
        aria-label={`Import of ${title}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% — ${progress ? phaseWords(progress) : 'Connecting'}`}
      >
        <div className="bar-fill" style={{ transform: `scaleX(${percent / 100})` }} />
      </div>
      <p className="import-phase" aria-live="polite">
        <strong data-testid="import-phase">{progress ? phaseWords(progress) : 'Connecting…'}</strong>
        {progress && stepWords(progress) && <span className="muted small"> · {stepWords(progress)}</span>}
      </p>
      <p className="import-detail muted small">{(progress && detailWords(progress)) || '\u00a0'}</p>
      <p className="import-counts muted">{progress ? countsWords(progress) : '\u00a0'}</p>
      {progress?.error && status === 'failed' && (
        <p className="import-error" role="alert">
          {progress.error.message}
        </p>
      )}
      {progress && progress.warnings.length > 0 && (
        <details className="import-warnings">
          <summary>
            {progress.warnings.length === 1 ? '1 note' : `${progress.warnings.length} notes`} about this import
          </summary>
          <ul>
            {progress.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      )}
      <footer className="import-actions">
        {status === 'running' && (
          <button type="button" className="button button-small button-quiet" onClick={() => cancel.mutate()} disabled={cancel.isPending || cancel.isSuccess}>
            {cancel.isPending || cancel.isSuccess ? 'Cancelling…' : 'Cancel import'}
          </button>
        )}
        {status === 'completed' && !onArtistPage && (
          <Link className="button button-small" href={`/artists/${slug}`}>
            Open artist page
          </Link>
        )}
        {workflowUrl && (
          <a className="ops-link" href={workflowUrl} target="_blank" rel="noreferrer">
            Workflow in Temporal UI
          </a>
        )}
        {status === 'running' && connection !== 'live' && <span className="muted small">{CONNECTION_WORDS[connection]}</span>}
        {cancel.isError && (
          <span className="import-error small" role="alert">
            {cancel.error.message}
          </span>
        )}
      </footer>
    </article>
  );
}
