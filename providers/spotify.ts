// Spotify Web API with a client-credentials token: artist identity, the
// album/single catalog, full tracks (ISRC, popularity) and audio features.
import { z } from 'zod';
import { ProviderError, statusText } from './errors';
import { HttpClient, joinUrl, raceAbort, type HttpResponse, type RequestSpec } from './http';
import { normaliseName, parseEnvelope, parseItems } from './validate';
import type {
  AudioFeatures,
  AudioFeaturesResult,
  CallOptions,
  SpotifyAlbum,
  SpotifyAlbumTrack,
  SpotifyAlbumWithTracks,
  SpotifyApi,
  SpotifyArtist,
  SpotifyTrack,
  Validated,
} from './types';
import {
  SPOTIFY_DEVELOPMENT_PAGE_SIZE,
  SPOTIFY_MAX_ALBUM_IDS,
  SPOTIFY_MAX_AUDIO_FEATURE_IDS,
  SPOTIFY_MAX_PAGE_SIZE,
  SPOTIFY_MAX_TRACK_IDS,
} from '../domain/limits';
import type { SpotifyApiMode, SpotifyContractReport } from '../domain/spotify-contract';
import { SpotifyContractMemory } from './spotify-contract-memory';
import {
  albumSchema,
  albumTrackSchema,
  artistSchema,
  audioFeaturesEnvelopeSchema,
  audioFeaturesSchema,
  errorBodySchema,
  fullAlbumSchema,
  pagingSchema,
  searchEnvelopeSchema,
  tokenSchema,
  tracksEnvelopeSchema,
  trackSchema,
} from './spotify-schemas';

/** Renew the token this long before Spotify says it expires, so no request carries a dying token. */
const TOKEN_EXPIRY_MARGIN_MS = 60_000;

// ------------------------------------------------------------------ client

export interface SpotifyClientOptions {
  clientId: string;
  clientSecret: string;
  apiBaseUrl: string;
  accountsBaseUrl: string;
  http: HttpClient;
  /** Results asked of /search; the exact-name match is picked among them. */
  searchLimit?: number;
  /** SPOTIFY_API_MODE: discover the contract (auto, the default) or force one. */
  mode?: SpotifyApiMode;
  /**
   * How long a discovered refusal (small pages, no batch endpoints, no audio
   * features) is remembered before the larger contract is tried again — an
   * app can be granted extended quota while the worker runs. Default 1 hour;
   * the test harness uses 0 (its fakes switch contract between imports).
   */
  rediscoverAfterMs?: number;
}


/** Statuses a Spotify endpoint the app may not use answers with (a removed batch endpoint). */
const REFUSED = [403, 404] as const;

interface CachedToken {
  value: string;
  renewAt: number;
}

export class SpotifyClient implements SpotifyApi {
  readonly http: HttpClient;
  private readonly options: SpotifyClientOptions;
  private token: CachedToken | null = null;
  private pendingToken: Promise<CachedToken> | null = null;
  /** Tokens obtained so far (tests and benchmarks read it). */
  tokensIssued = 0;
  readonly mode: SpotifyApiMode;
  // What this app may use, learnt once per process (or forced by the mode).
  /** What this app may use, learnt once per process (or forced by the mode). */
  private readonly memory: SpotifyContractMemory;

  constructor(options: SpotifyClientOptions) {
    this.options = options;
    this.http = options.http;
    this.mode = options.mode ?? 'auto';
    this.memory = new SpotifyContractMemory(this.mode, options.rediscoverAfterMs);
  }

  /** The contract found so far, for the import's progress and stored run. */
  contract(): SpotifyContractReport {
    return this.memory.report();
  }

  /** Whether `/albums?ids=` and `/tracks?ids=` may be used: true, false, or null before the first try. */
  get batchEndpoints(): boolean | null {
    return this.memory.batch;
  }

  async getArtist(artistId: string, call?: CallOptions): Promise<SpotifyArtist> {
    const response = await this.get({ url: this.api(`artists/${encodeURIComponent(artistId)}`) }, call);
    return parseEnvelope(artistSchema, response);
  }

  /**
   * The artist whose name equals `name` ignoring case, accents and spacing, or
   * null. Spotify's first hit for an unknown name is some other artist, so a
   * near miss is treated as no match.
   */
  async searchArtist(name: string, call?: CallOptions): Promise<SpotifyArtist | null> {
    const wanted = normaliseName(name);
    if (wanted === '') return null;
    const response = await this.withPageSize(
      (limit) => this.get({ url: this.api('search'), query: { type: 'artist', q: name, limit: Math.min(limit, this.options.searchLimit ?? 20) }, acceptStatus: [400] }, call),
    );
    const envelope = parseEnvelope(searchEnvelopeSchema, response);
    const exact = parseItems(artistSchema, envelope.artists.items).items.filter(
      (artist) => normaliseName(artist.name) === wanted,
    );
    // Several artists can share a name; the most popular is the one fans mean.
    // Ties keep Spotify's relevance order (sort is stable).
    // Popularity is 0 (unknown) for every artist on the development-mode contract: then relevance decides.
    exact.sort((a, b) => b.popularity - a.popularity);
    return exact[0] ?? null;
  }

  async getArtistAlbums(artistId: string, call?: CallOptions): Promise<Validated<SpotifyAlbum>> {
    const firstPage = await this.withPageSize((limit) => {
      const first = this.api(`artists/${encodeURIComponent(artistId)}/albums`);
      first.searchParams.set('include_groups', 'album,single');
      first.searchParams.set('limit', String(limit));
      return this.get({ url: first, acceptStatus: [400] }, call);
    });
    return this.collect(firstPage, albumSchema, call);
  }

  /**
   * Up to 20 full albums with their first 50 tracks inline, the rest of each
   * listing followed through its `next` link (`/albums?ids=`, extended
   * contract). Null when this app may not use the batch endpoint (development
   * mode): remembered, so the caller goes per album from then on.
   */
  async getAlbumsWithTracks(ids: string[], call?: CallOptions): Promise<Validated<SpotifyAlbumWithTracks> | null> {
    assertIdCount('getAlbumsWithTracks', ids, SPOTIFY_MAX_ALBUM_IDS);
    if (ids.length === 0) return { items: [], skipped: 0 };
    const attempt = () => this.albumsBatch(ids, call);
    return this.memory.probeOnce('albums', () => this.memory.batch === null, attempt, attempt);
  }

  private async albumsBatch(ids: string[], call: CallOptions | undefined): Promise<Validated<SpotifyAlbumWithTracks> | null> {
    if (this.memory.batch === false) return null;
    // In auto mode a refusal is always accepted: an app that could batch may lose it (as every app did in February 2026).
    const response = await this.get({ url: this.api('albums'), query: { ids: ids.join(',') }, acceptStatus: this.mode === 'auto' ? REFUSED : [] }, call);
    if ((REFUSED as readonly number[]).includes(response.status)) {
      this.memory.batch = false;
      return null;
    }
    this.memory.batch = true;
    const envelope = parseEnvelope(z.object({ albums: z.array(z.unknown()) }), response);
    const parsed = parseItems(fullAlbumSchema, envelope.albums.filter((a) => a !== null));
    return this.completeListings(parsed, call);
  }

  /** One full album with every track (`/albums/{id}`, first 50 inline, then `/albums/{id}/tracks`): both contracts. */
  async getAlbumWithTracks(albumId: string, call?: CallOptions): Promise<Validated<SpotifyAlbumWithTracks>> {
    const response = await this.get({ url: this.api(`albums/${encodeURIComponent(albumId)}`) }, call);
    const parsed = parseItems(fullAlbumSchema, [response.body]);
    if (parsed.items.length === 0) {
      // The album itself is unusable: that is a contract break, not one bad item.
      parseEnvelope(fullAlbumSchema, response);
    }
    return this.completeListings(parsed, call);
  }

  /** One full track (`/tracks/{id}`, with `external_ids.isrc`): both contracts. Null when Spotify does not know it. */
  async getTrack(trackId: string, call?: CallOptions): Promise<SpotifyTrack | null> {
    const response = await this.get({ url: this.api(`tracks/${encodeURIComponent(trackId)}`), acceptStatus: [404] }, call);
    if (response.status === 404) return null;
    const parsed = parseItems(trackSchema, [response.body]);
    return parsed.items[0] ?? null;
  }

  /** Albums whose inline listing has a `next` page get the rest of their tracks. */
  private async completeListings(parsed: Validated<SpotifyAlbumWithTracks>, call: CallOptions | undefined): Promise<Validated<SpotifyAlbumWithTracks>> {
    let skipped = parsed.skipped;
    const items: SpotifyAlbumWithTracks[] = [];
    for (const album of parsed.items) {
      skipped += album.tracks.skipped;
      if (album.next === null) {
        items.push(album);
        continue;
      }
      const rest = await this.collect(album.next, albumTrackSchema, call);
      skipped += rest.skipped;
      items.push({ ...album, tracks: { items: [...album.tracks.items, ...rest.items], skipped: 0 }, next: null });
    }
    return { items: items.map((a) => ({ ...a, tracks: { items: a.tracks.items, skipped: 0 } })), skipped };
  }

  /**
   * A paged request at the largest page size this app may use: a 400 to a
   * page size above the development-mode limit means this is a
   * development-mode app (February 2026), remembered for the process.
   */
  private async withPageSize(send: (limit: number) => Promise<HttpResponse>): Promise<HttpResponse> {
    const response = await send(this.memory.pageSize);
    if (response.status !== 400) return response;
    if (this.mode === 'auto' && this.memory.pageSize > SPOTIFY_DEVELOPMENT_PAGE_SIZE) {
      this.memory.pageSize = SPOTIFY_DEVELOPMENT_PAGE_SIZE;
      const retried = await send(this.memory.pageSize);
      if (retried.status !== 400) return retried;
      return failRefused(retried);
    }
    return failRefused(response);
  }

  async getAlbumTracks(albumId: string, call?: CallOptions): Promise<Validated<SpotifyAlbumTrack>> {
    const first = this.api(`albums/${encodeURIComponent(albumId)}/tracks`);
    first.searchParams.set('limit', String(SPOTIFY_MAX_PAGE_SIZE));
    return this.collect(first, albumTrackSchema, call);
  }

  /** Ids Spotify does not know come back as null entries; they are left out (and not counted as skipped). */
  async getTracks(ids: string[], call?: CallOptions): Promise<Validated<SpotifyTrack>> {
    assertIdCount('getTracks', ids, SPOTIFY_MAX_TRACK_IDS);
    if (ids.length === 0) return { items: [], skipped: 0 };
    const response = await this.get({ url: this.api('tracks'), query: { ids: ids.join(',') } }, call);
    const envelope = parseEnvelope(tracksEnvelopeSchema, response);
    return parseItems(trackSchema, envelope.tracks.filter((t) => t !== null));
  }

  /**
   * Features for each requested id (null where Spotify has none or the entry
   * is malformed, which is also counted in `skipped`). A 403 — Spotify's answer
   * to apps registered after 2024-11-27 — is `available: false`, not an error.
   */
  async getAudioFeatures(ids: string[], call?: CallOptions): Promise<AudioFeaturesResult> {
    assertIdCount('getAudioFeatures', ids, SPOTIFY_MAX_AUDIO_FEATURE_IDS);
    if (ids.length === 0) return { available: true, features: new Map(), skipped: 0 };
    const attempt = () => this.audioFeaturesOf(ids, call);
    return this.memory.probeOnce('audio-features', () => this.memory.features === null, attempt, attempt);
  }

  private async audioFeaturesOf(ids: string[], call: CallOptions | undefined): Promise<AudioFeaturesResult> {
    if (this.memory.features === false) {
      return { available: false, reason: `Spotify refuses audio features to this app (${this.contract().summary}); liveness cannot be checked for this app` };
    }
    const response = await this.get(
      { url: this.api('audio-features'), query: { ids: ids.join(',') }, acceptStatus: [403] },
      call,
    );
    if (response.status === 403) {
      this.memory.features = false;
      const said = errorBodySchema.safeParse(response.body);
      return {
        available: false,
        reason:
          `Spotify refused ${response.path} (${statusText(403)})` +
          (said.success ? `: ${said.data.error.message}` : '') +
          '; liveness cannot be checked for this app',
      };
    }
    this.memory.features = true;
    const envelope = parseEnvelope(audioFeaturesEnvelopeSchema, response);
    const features = new Map<string, AudioFeatures | null>(ids.map((id) => [id, null]));
    let skipped = 0;
    // Entries line up with the requested ids; a null entry carries no id, so
    // its position says which track has no features.
    envelope.audio_features.forEach((entry, index) => {
      if (entry === null) return;
      const parsed = audioFeaturesSchema.safeParse(entry);
      if (!parsed.success) {
        skipped++;
        return;
      }
      const id = features.has(parsed.data.id) ? parsed.data.id : ids[index];
      if (id !== undefined) features.set(id, parsed.data);
    });
    return { available: true, features, skipped };
  }

  // ------------------------------------------------------------ internals

  private api(path: string): URL {
    return joinUrl(this.options.apiBaseUrl, path);
  }

  /** Every page of a paginated list, following `next` links exactly as Spotify gives them. */
  private async collect<T>(first: URL | string | HttpResponse, schema: z.ZodType<T>, call: CallOptions | undefined): Promise<Validated<T>> {
    const result: Validated<T> = { items: [], skipped: 0 };
    const seen = new Set<string>();
    let next: string | null = null;
    if (first instanceof URL || typeof first === 'string') next = first.toString();
    else {
      const page = parseEnvelope(pagingSchema, first);
      const parsed = parseItems(schema, page.items);
      result.items.push(...parsed.items);
      result.skipped += parsed.skipped;
      next = page.next;
    }
    while (next !== null) {
      if (seen.has(next)) {
        throw new ProviderError({
          source: 'spotify',
          method: 'GET',
          path: new URL(next).pathname,
          status: 200,
          kind: 'invalid-response',
          retryable: false,
          detail: 'the `next` link points back at a page already read',
        });
      }
      seen.add(next);
      const response = await this.get({ url: next }, call);
      const page = parseEnvelope(pagingSchema, response);
      const parsed = parseItems(schema, page.items);
      result.items.push(...parsed.items);
      result.skipped += parsed.skipped;
      next = page.next;
    }
    return result;
  }

  /** An authenticated GET; a 401 (token revoked or expired early) renews the token once. */
  private async get(spec: RequestSpec, call: CallOptions | undefined): Promise<HttpResponse> {
    const token = await this.accessToken(call);
    const first = await this.http.request(
      { ...spec, headers: { ...spec.headers, authorization: `Bearer ${token.value}` }, acceptStatus: [...(spec.acceptStatus ?? []), 401] },
      call,
    );
    if (first.status !== 401) return first;
    if (this.token === token) this.token = null;
    const renewed = await this.accessToken(call);
    return this.http.request({ ...spec, headers: { ...spec.headers, authorization: `Bearer ${renewed.value}` } }, call);
  }

  private async accessToken(call: CallOptions | undefined): Promise<CachedToken> {
    if (this.token && Date.now() < this.token.renewAt) return this.token;
    // Concurrent callers share one token request, so it runs without any one
    // caller's signal; each caller stops waiting when its own signal aborts.
    this.pendingToken ??= this.requestToken({ onRetry: call?.onRetry }).finally(() => {
      this.pendingToken = null;
    });
    return raceAbort(this.pendingToken, call?.signal);
  }

  private async requestToken(call: CallOptions): Promise<CachedToken> {
    const credentials = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64');
    const response = await this.http.request(
      {
        method: 'POST',
        url: joinUrl(this.options.accountsBaseUrl, 'api/token'),
        headers: { authorization: `Basic ${credentials}` },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      },
      call,
    );
    const body = parseEnvelope(tokenSchema, response);
    const lifetimeMs = body.expires_in * 1000;
    // Short-lived tokens (tests, fakes) renew at half-life instead of a fixed margin.
    const margin = Math.min(TOKEN_EXPIRY_MARGIN_MS, lifetimeMs / 2);
    const token = { value: body.access_token, renewAt: Date.now() + lifetimeMs - margin };
    this.token = token;
    this.tokensIssued++;
    return token;
  }
}

function failRefused(response: HttpResponse): never {
  throw new ProviderError({ source: 'spotify', method: response.method, path: response.path, status: response.status, kind: 'http', retryable: false });
}

function assertIdCount(method: string, ids: readonly string[], max: number): void {
  if (ids.length > max) {
    throw new RangeError(`Spotify ${method} takes at most ${max} ids per request, got ${ids.length}`);
  }
}
