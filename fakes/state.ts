// Mutable behaviour of the fake providers — audio-features mode, latency,
// rate limits, issued tokens, the queue of injected faults (faults.ts) — and
// the statistics tests read to check that clients behaved (rates, retries,
// deep-paging refusals).

import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AudioFeaturesMode } from './catalog/types';
import { type Fault, type FaultSpec, FaultQueue, type PendingFault, providerSchema } from './faults';
import { FAKE_PROVIDERS, type FakeProvider } from './mounts';

const latencyMs = z.number().int().min(0).max(60_000);

export const rateLimitSchema = z
  .object({
    /** Requests accepted per rolling window; the next one gets 429 + Retry-After. */
    maxRequests: z.number().int().min(1).max(100_000),
    windowMs: z.number().int().min(1).max(3_600_000).default(1000),
  })
  .strict();
export type RateLimit = z.output<typeof rateLimitSchema>;

export const configSchema = z
  .object({
    audioFeatures: z.enum(['available', 'forbidden']).optional(),
    /**
     * Which Spotify contract the fake serves: `extended` (extended-quota apps:
     * batch endpoints, page size ≤ 50, popularity) or `development` (every new
     * app since February 2026: no batch endpoints, page size ≤ 10, no
     * popularity, no audio features).
     */
    spotifyContract: z.enum(['extended', 'development']).optional(),
    /** Attraction ids served on the other contract than the server's (per-artist override). */
    spotifyContractByArtist: z.record(z.string(), z.enum(['extended', 'development'])).optional(),
    /** The same switch as a boolean: true = forbidden. */
    audioFeaturesForbidden: z.boolean().optional(),
    /** A number applies to every provider; a record sets providers individually. */
    latencyMs: z.union([latencyMs, z.partialRecord(providerSchema, latencyMs)]).optional(),
    /** null removes a provider's limit. */
    rateLimits: z.partialRecord(providerSchema, rateLimitSchema.nullable()).optional(),
    /** expires_in of newly issued Spotify tokens (expired tokens get 401). */
    spotifyTokenTtlSeconds: z.number().int().min(1).max(86_400).optional(),
  })
  .strict()
  .refine((c) => c.audioFeatures === undefined || c.audioFeaturesForbidden === undefined || (c.audioFeatures === 'forbidden') === c.audioFeaturesForbidden, {
    error: 'audioFeatures and audioFeaturesForbidden disagree',
    path: ['audioFeaturesForbidden'],
  });
export type FakeConfigPatch = z.input<typeof configSchema>;

export type SpotifyContract = 'extended' | 'development';

export interface FakeConfig {
  audioFeatures: AudioFeaturesMode;
  spotifyContract: SpotifyContract;
  spotifyContractByArtist: Record<string, SpotifyContract>;
  latencyMs: Record<FakeProvider, number>;
  rateLimits: Partial<Record<FakeProvider, RateLimit>>;
  spotifyTokenTtlSeconds: number;
}

export interface ProviderStats {
  requests: number;
  /** Responses by HTTP status ("200", "400", "429" …). */
  byStatus: Record<string, number>;
  /** Most requests that arrived within any rolling 1,000 ms window. */
  maxRequestsPerSecond: number;
  faultsServed: number;
  rateLimited: number;
}

export interface FakeStats {
  since: string;
  ticketmaster: ProviderStats & {
    /** Requests refused because size × page ≥ 1,000. */
    deepPagingRefusals: number;
  };
  spotify: ProviderStats & {
    /** `/audio-features` requests answered 403 in forbidden mode. */
    audioFeaturesRefusals: number;
  };
  'spotify-accounts': ProviderStats & { tokensIssued: number };
  setlistfm: ProviderStats;
  musicbrainz: ProviderStats & {
    /** Requests refused for lacking a User-Agent. */
    missingUserAgent: number;
    /** Requests answered 503 for arriving less than a second after the previous one. */
    tooFast: number;
  };
  /** Spotify requests whose page size (`limit`) was above 10, by contract served. */
  spotifyPageSizeAbove10: number;
  /** Requests per endpoint, e.g. "spotify GET /tracks", "ticketmaster GET /events.json". */
  endpoints: Record<string, number>;
  /** Totals over all providers. */
  requests: number;
  faultsServed: number;
  deepPagingRefusals: number;
  audioFeaturesRefusals: number;
  tokensIssued: number;
}

function defaultConfig(): FakeConfig {
  return {
    audioFeatures: 'available',
    spotifyContract: 'extended',
    spotifyContractByArtist: {},
    latencyMs: { ticketmaster: 0, spotify: 0, 'spotify-accounts': 0, setlistfm: 0, musicbrainz: 0 },
    rateLimits: {},
    spotifyTokenTtlSeconds: 3600,
  };
}

function emptyProviderStats(): ProviderStats {
  return { requests: 0, byStatus: {}, maxRequestsPerSecond: 0, faultsServed: 0, rateLimited: 0 };
}

function emptyStats(): FakeStats {
  return {
    since: new Date().toISOString(),
    ticketmaster: { ...emptyProviderStats(), deepPagingRefusals: 0 },
    spotify: { ...emptyProviderStats(), audioFeaturesRefusals: 0 },
    'spotify-accounts': { ...emptyProviderStats(), tokensIssued: 0 },
    setlistfm: emptyProviderStats(),
    musicbrainz: { ...emptyProviderStats(), missingUserAgent: 0, tooFast: 0 },
    spotifyPageSizeAbove10: 0,
    endpoints: {},
    requests: 0,
    deepPagingRefusals: 0,
    faultsServed: 0,
    audioFeaturesRefusals: 0,
    tokensIssued: 0,
  };
}

/** Timestamps inside a sliding window (amortised O(1) per request). */
class SlidingWindow {
  private times: number[] = [];
  private head = 0;

  countAfter(cutoff: number): number {
    while (this.head < this.times.length && (this.times[this.head] as number) <= cutoff) this.head++;
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  oldest(): number | null {
    return this.head < this.times.length ? (this.times[this.head] as number) : null;
  }

  push(t: number): void {
    this.times.push(t);
  }

  clear(): void {
    this.times = [];
    this.head = 0;
  }
}

export class FakeState {
  config: FakeConfig = defaultConfig();
  private readonly faults = new FaultQueue();
  private stats: FakeStats = emptyStats();
  private readonly arrivals = new Map<FakeProvider, SlidingWindow>();
  private readonly accepted = new Map<FakeProvider, SlidingWindow>();
  /** When each request arrived (ms since the epoch), per provider: a quota is counted from these. */
  private readonly arrivalTimes = new Map<FakeProvider, number[]>();
  /** Spotify access token → expiry (ms since epoch). Survives reset(): clients keep their tokens. */
  private readonly tokens = new Map<string, number>();

  // ------------------------------------------------------------ faults

  injectFault(spec: FaultSpec): void {
    this.faults.inject(spec);
  }

  pendingFaults(): PendingFault[] {
    return this.faults.pending();
  }

  /** Consumes one use of the first pending fault matching the request, if any, and counts it. */
  takeFault(provider: FakeProvider, pathAndQuery: string): Fault | null {
    const fault = this.faults.take(provider, pathAndQuery);
    if (!fault) return null;
    this.stats.faultsServed += 1;
    this.stats[provider].faultsServed += 1;
    return fault;
  }

  // ------------------------------------------------------------ config

  configure(patch: FakeConfigPatch): FakeConfig {
    const p = configSchema.parse(patch);
    if (p.audioFeatures) this.config.audioFeatures = p.audioFeatures;
    if (p.audioFeaturesForbidden !== undefined) this.config.audioFeatures = p.audioFeaturesForbidden ? 'forbidden' : 'available';
    if (p.spotifyContract) this.config.spotifyContract = p.spotifyContract;
    if (p.spotifyContractByArtist) Object.assign(this.config.spotifyContractByArtist, p.spotifyContractByArtist);
    if (typeof p.latencyMs === 'number') {
      for (const provider of FAKE_PROVIDERS) this.config.latencyMs[provider] = p.latencyMs;
    } else if (p.latencyMs) {
      for (const [provider, ms] of Object.entries(p.latencyMs) as Array<[FakeProvider, number | undefined]>) {
        if (ms !== undefined) this.config.latencyMs[provider] = ms;
      }
    }
    if (p.rateLimits) {
      for (const [provider, limit] of Object.entries(p.rateLimits) as Array<[FakeProvider, RateLimit | null | undefined]>) {
        if (limit === undefined) continue;
        if (limit === null) delete this.config.rateLimits[provider];
        else this.config.rateLimits[provider] = limit;
        this.accepted.get(provider)?.clear();
      }
    }
    if (p.spotifyTokenTtlSeconds !== undefined) this.config.spotifyTokenTtlSeconds = p.spotifyTokenTtlSeconds;
    return this.snapshotConfig();
  }

  snapshotConfig(): FakeConfig {
    return structuredClone(this.config);
  }

  /** Clears faults, configuration and statistics. Issued tokens stay valid. */
  reset(): void {
    this.faults.clear();
    this.config = defaultConfig();
    this.resetStats();
  }

  resetStats(): void {
    this.stats = emptyStats();
    this.arrivals.clear();
    this.accepted.clear();
    this.arrivalTimes.clear();
  }

  /** Arrival times of the provider's requests since the last reset, oldest first (the latest 100,000). */
  requestTimes(provider: FakeProvider): number[] {
    return [...(this.arrivalTimes.get(provider) ?? [])];
  }

  // ------------------------------------------------------------ traffic

  /** Counts an arriving request and updates the provider's peak rate. */
  recordArrival(provider: FakeProvider, now: number): void {
    let w = this.arrivals.get(provider);
    if (!w) {
      w = new SlidingWindow();
      this.arrivals.set(provider, w);
    }
    w.push(now);
    let times = this.arrivalTimes.get(provider);
    if (!times) this.arrivalTimes.set(provider, (times = []));
    times.push(now);
    if (times.length > 100_000) times.splice(0, times.length - 100_000);
    const inLastSecond = w.countAfter(now - 1000);
    const s = this.stats[provider];
    s.requests += 1;
    this.stats.requests += 1;
    if (inLastSecond > s.maxRequestsPerSecond) s.maxRequestsPerSecond = inLastSecond;
  }

  /**
   * Applies the provider's rate limit, if one is configured: returns null when
   * the request is accepted, else the Retry-After seconds of the refusal.
   * Refused requests do not count against the window.
   */
  checkRateLimit(provider: FakeProvider, now: number): number | null {
    const limit = this.config.rateLimits[provider];
    if (!limit) return null;
    let w = this.accepted.get(provider);
    if (!w) {
      w = new SlidingWindow();
      this.accepted.set(provider, w);
    }
    if (w.countAfter(now - limit.windowMs) >= limit.maxRequests) {
      const oldest = w.oldest() ?? now;
      this.stats[provider].rateLimited += 1;
      return Math.max(1, Math.ceil((oldest + limit.windowMs - now) / 1000));
    }
    w.push(now);
    return null;
  }

  recordResponse(provider: FakeProvider, status: number, endpoint: string): void {
    const s = this.stats[provider];
    const key = String(status);
    s.byStatus[key] = (s.byStatus[key] ?? 0) + 1;
    this.stats.endpoints[endpoint] = (this.stats.endpoints[endpoint] ?? 0) + 1;
  }

  recordDeepPagingRefusal(): void {
    this.stats.deepPagingRefusals += 1;
    this.stats.ticketmaster.deepPagingRefusals += 1;
  }

  recordAudioFeaturesRefusal(): void {
    this.stats.audioFeaturesRefusals += 1;
    this.stats.spotify.audioFeaturesRefusals += 1;
  }

  /** The Spotify contract served for an artist (its attraction id), or the server's when none is given. */
  spotifyContractFor(attractionId: string | null): SpotifyContract {
    return (attractionId !== null ? this.config.spotifyContractByArtist[attractionId] : undefined) ?? this.config.spotifyContract;
  }

  recordSpotifyPageSize(limit: number): void {
    if (limit > 10) this.stats.spotifyPageSizeAbove10 += 1;
  }

  /** MusicBrainz's 1 request/s: null when accepted, else the refusal counted. */
  private lastMusicBrainz = 0;
  musicBrainzGate(now: number, hasUserAgent: boolean): 'ok' | 'no-user-agent' | 'too-fast' {
    if (!hasUserAgent) {
      this.stats.musicbrainz.missingUserAgent += 1;
      return 'no-user-agent';
    }
    // A little slack for timer jitter: a client pacing at 1/s must never be refused.
    if (now - this.lastMusicBrainz < 950) {
      this.stats.musicbrainz.tooFast += 1;
      return 'too-fast';
    }
    this.lastMusicBrainz = now;
    return 'ok';
  }

  latencyFor(provider: FakeProvider): number {
    return this.config.latencyMs[provider];
  }

  snapshotStats(): FakeStats {
    return structuredClone(this.stats);
  }

  // ------------------------------------------------------------ tokens

  issueToken(): { token: string; expiresIn: number } {
    const token = `BQ${randomBytes(48).toString('base64url')}`;
    const expiresIn = this.config.spotifyTokenTtlSeconds;
    this.tokens.set(token, Date.now() + expiresIn * 1000);
    this.stats.tokensIssued += 1;
    this.stats['spotify-accounts'].tokensIssued += 1;
    if (this.tokens.size > 10_000) {
      const now = Date.now();
      for (const [t, exp] of this.tokens) if (exp <= now) this.tokens.delete(t);
    }
    return { token, expiresIn };
  }

  tokenStatus(token: string): 'valid' | 'expired' | 'unknown' {
    const exp = this.tokens.get(token);
    if (exp === undefined) return 'unknown';
    return exp > Date.now() ? 'valid' : 'expired';
  }
}
