// What a Spotify app may use, as the client discovered it (or was told by
// SPOTIFY_API_MODE), in words an operator reads in the import's progress and
// stored run. Pure, no I/O: the client fills it, the workflow reports it.
//
// Two contracts exist (SPEC "Spotify's two contracts"): extended-quota apps
// keep the batch endpoints, page sizes of 50 and popularity; every app a new
// user can register is a development-mode app (since February 2026: no batch
// endpoints, pages of at most 10, no popularity; since 2024-11-27: no audio
// features).

export type SpotifyApiMode = 'auto' | 'extended' | 'development';
export type SpotifyContractName = 'extended' | 'development' | 'undetermined';

export interface SpotifyContractReport {
  contract: SpotifyContractName;
  /** How it was decided: discovered from the app's answers, or forced by SPOTIFY_API_MODE. */
  mode: SpotifyApiMode;
  /** Largest page of artist albums / search results the app may ask for. */
  pageSize: number;
  /** `/albums?ids=`, `/tracks?ids=`: true, false (refused), null (not tried yet). */
  batchEndpoints: boolean | null;
  /** `/audio-features`: true, false (403), null (not tried yet). */
  audioFeatures: boolean | null;
  /** One line for operators, e.g. "development-mode contract: no batch endpoints, no audio features". */
  summary: string;
}

export function describeSpotifyContract(s: Omit<SpotifyContractReport, 'contract' | 'summary'>): SpotifyContractReport {
  const contract: SpotifyContractName =
    s.batchEndpoints === false || s.pageSize <= 10 ? 'development' : s.batchEndpoints === true ? 'extended' : 'undetermined';
  const parts: string[] = [];
  const features = s.audioFeatures === false ? 'no audio features' : s.audioFeatures === true ? 'audio features' : 'audio features not tried';
  if (contract === 'development') {
    parts.push(s.batchEndpoints === false ? 'no batch endpoints' : 'batch endpoints not tried', features);
    parts.push(`pages of at most ${s.pageSize}`, 'no popularity (dedupe keeps the earliest release)');
  } else {
    if (contract === 'extended') parts.push('batch endpoints');
    parts.push(features, `pages of ${s.pageSize}`);
  }
  const name = contract === 'development' ? 'development-mode contract' : contract === 'extended' ? 'extended-quota contract' : 'contract not yet determined';
  const how = s.mode === 'auto' ? '' : ` (forced by SPOTIFY_API_MODE=${s.mode})`;
  return { ...s, contract, summary: `${name}${how}: ${parts.join(', ')}` };
}

/**
 * The activity failure of a spent quota (Spotify's 429 `QUOTA_EXCEEDED`):
 * not a burst, so the workflow waits it out on a durable timer; its first
 * detail carries `retryAfterMs`.
 */
export const QUOTA_EXCEEDED_FAILURE = 'ProviderQuotaExceeded';
