// An import's live progress for a component: follows the stream while mounted.
import { useEffect, useState } from 'react';
import type { ImportProgress } from '../../../api/contract';
import { followProgress, type Connection } from './progress-stream';

export interface ImportProgressState {
  progress: ImportProgress | null;
  connection: Connection;
}

export function useImportProgress(artistId: string, onFinished?: (progress: ImportProgress) => void): ImportProgressState {
  const [state, setState] = useState<ImportProgressState>({ progress: null, connection: 'connecting' });
  useEffect(() => {
    setState({ progress: null, connection: 'connecting' });
    return followProgress(artistId, {
      onProgress: (progress) => {
        setState((s) => (s.progress && s.progress.runId === progress.runId && s.progress.version > progress.version ? s : { ...s, progress }));
        if (progress.status !== 'running') onFinished?.(progress);
      },
      onConnection: (connection) => setState((s) => ({ ...s, connection })),
    });
    // onFinished is a callback of the moment; following restarts only for another artist.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [artistId]);
  return state;
}
