// The imports this browser started: one live bar each, kept across reloads.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ImportProgress } from '../../../api/contract';
import { untrackImports, useTrackedImports } from '../lib/tracked-imports';
import { ImportProgressCard } from './ImportProgressCard';

export function ImportsPanel() {
  const tracked = useTrackedImports();
  const queryClient = useQueryClient();
  const [finished, setFinished] = useState<ReadonlySet<string>>(new Set());
  if (tracked.length === 0) return null;

  const onFinished = (artistId: string) => (progress: ImportProgress) => {
    setFinished((s) => (s.has(artistId) ? s : new Set(s).add(artistId)));
    if (progress.status === 'completed') void queryClient.invalidateQueries({ queryKey: ['search'] });
  };
  const doneIds = tracked.filter((t) => finished.has(t.artistId)).map((t) => t.artistId);

  return (
    <section className="panel" aria-labelledby="imports-heading">
      <div className="panel-head">
        <h2 id="imports-heading">Your imports</h2>
        {doneIds.length > 0 && (
          <button type="button" className="button button-small button-quiet" onClick={() => untrackImports(doneIds)}>
            Clear finished
          </button>
        )}
      </div>
      <div className="import-list">
        {tracked.map((t) => (
          <ImportProgressCard key={t.artistId} {...t} onFinished={onFinished(t.artistId)} />
        ))}
      </div>
    </section>
  );
}
