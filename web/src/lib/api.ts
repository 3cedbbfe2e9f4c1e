// The API as the app calls it. Every body type is the API's own (api/contract.ts,
// inferred from the routes' zod schemas); errors carry the API's message.
import type {
  ApiError,
  AppConfig,
  Artist,
  CancelResult,
  ImportProgress,
  Page,
  SearchResponse,
  Show,
  ShowSetlists,
  Song,
  StartedImportBatch,
  TrendingArtist,
  VoteResult,
} from '../../../api/contract';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function isApiError(body: unknown): body is ApiError {
  return typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string';
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) } });
  } catch {
    throw new ApiRequestError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new ApiRequestError(res.status, isApiError(body) ? body.message : `The server answered ${res.status}.`);
  // The body is the route's response schema (validated on the server, typed by api/contract.ts).
  return body as T;
}

const post = <T>(path: string, body: unknown) => request<T>(path, { method: 'POST', body: JSON.stringify(body) });
const enc = encodeURIComponent;

export const api = {
  config: () => request<AppConfig>('/api/config'),
  search: (q: string, signal?: AbortSignal) => request<SearchResponse>(`/api/search?q=${enc(q)}&limit=20`, { signal }),
  trending: () => request<{ items: TrendingArtist[] }>('/api/trending?limit=8'),
  importBatch: (tmAttractionIds: string[]) => post<StartedImportBatch>('/api/artists/import/batch', { tmAttractionIds }),
  cancelImport: (artistId: string) => request<CancelResult>(`/api/artists/${enc(artistId)}/import`, { method: 'DELETE' }),
  status: (artistId: string) => request<ImportProgress>(`/api/artists/${enc(artistId)}/status`),
  artist: (idOrSlug: string) => request<Artist>(`/api/artists/${enc(idOrSlug)}`),
  /** Upcoming shows soonest first; past shows most recent first. */
  shows: (artistId: string, status: 'upcoming' | 'past', limit: number) =>
    request<Page<Show>>(`/api/artists/${enc(artistId)}/shows?status=${status}&limit=${limit}&order=${status === 'past' ? 'desc' : 'asc'}`),
  songs: (artistId: string) => request<Page<Song>>(`/api/artists/${enc(artistId)}/songs?limit=500`),
  setlists: (showId: string) => request<ShowSetlists>(`/api/shows/${enc(showId)}/setlists`),
  /** `entryId` is the song's entry in the setlist (a cover has no catalog song); the voter is the API's cookie. */
  vote: (setlistId: string, entryId: string) => post<VoteResult>(`/api/setlists/${enc(setlistId)}/songs/${enc(entryId)}/vote`, {}),
};

/** The import's workflow in the Temporal UI, for operators; null when the UI's address is not configured. */
export function temporalWorkflowUrl(config: AppConfig | undefined, workflowId: string): string | null {
  if (!config?.temporalUiUrl) return null;
  return `${config.temporalUiUrl}/namespaces/${enc(config.temporalNamespace)}/workflows/${enc(workflowId)}`;
}
