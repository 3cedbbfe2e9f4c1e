// An import's live progress for a component: follows the stream while mounted.
import { useEffect, useState } from 'react';
import type { ImportProgress } from '../../../api/contract';
import { followProgress, type Connection } from './progress-stream';

export interface ImportProgressState {
  progress: ImportProgress | null;
  connection: Connection;
}

export interface ImportProgressCallbacks {
  /** Every progress the component shows. */
  onProgress?: (progress: ImportProgress) => void;
  /** The final progress (completed, failed or cancelled). */
  onFinished?: (progress: ImportProgress) => void;
}

export function useImportProgress(artistId: string, { onProgress, onFinished }: ImportProgressCallbacks = {}): ImportProgressState {
  const [state, setState] = useState<ImportProgressState>({ progress: null, connection: 'connecting' });
  useEffect(() => {
    setState({ progress: null, connection: 'connecting' });
    return followProgress(artistId, {
      onProgress: (progress) => {
        setState((s) => (s.progress && s.progress.runId === progress.runId && s.progress.version > progress.version ? s : { ...s, progress }));
        onProgress?.(progress);
        if (progress.status !== 'running') onFinished?.(progress);
      },
      onConnection: (connection) => setState((s) => ({ ...s, connection })),
    });
    // The callbacks are of the moment; following restarts only for another artist.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [artistId]);
  return state;
}
