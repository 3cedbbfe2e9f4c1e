import type { ActivityDeps } from './deps';

/**
 * Spotify requests made since this call, when the client exposes its HTTP
 * counters (the real one does; test stubs need not). Counts every request of
 * the process in that span, so concurrent activities share the figure: it is
 * an operator's estimate, exact when one import runs at a time.
 */
export function spotifyRequestCounter(deps: ActivityDeps): () => number {
  const read = (): number | null => {
    const http = (deps.spotify as { http?: { stats?: { requests?: unknown } } }).http;
    const n = http?.stats?.requests;
    return typeof n === 'number' ? n : null;
  };
  const start = read();
  return () => {
    const now = read();
    return start === null || now === null ? 0 : now - start;
  };
}
