// What a Spotify app may use, as the client learnt it from Spotify's answers
// (auto mode) or was told by SPOTIFY_API_MODE: the largest page size, whether
// the batch endpoints answer, whether audio features do. Held per process,
// fact by fact; in auto mode a fact is forgotten after `rediscoverAfterMs`,
// so an app granted extended quota (or a fake switched back) is noticed.
import { SPOTIFY_DEVELOPMENT_PAGE_SIZE, SPOTIFY_MAX_PAGE_SIZE } from '../domain/limits';
import { describeSpotifyContract, type SpotifyApiMode, type SpotifyContractReport } from '../domain/spotify-contract';

const REDISCOVER_AFTER_MS = 60 * 60 * 1000;
type Fact = 'pageSize' | 'batch' | 'features';

export class SpotifyContractMemory {
  private _pageSize: number;
  private _batch: boolean | null;
  private _features: boolean | null;
  private readonly learnedAt: Partial<Record<Fact, number>> = {};
  /** Concurrent callers share one probe of an endpoint the app may not have: one refusal, not one per caller. */
  private readonly probes = new Map<string, Promise<unknown>>();

  constructor(
    readonly mode: SpotifyApiMode,
    private readonly rediscoverAfterMs: number = REDISCOVER_AFTER_MS,
  ) {
    const dev = mode === 'development';
    this._pageSize = dev ? SPOTIFY_DEVELOPMENT_PAGE_SIZE : SPOTIFY_MAX_PAGE_SIZE;
    this._batch = dev ? false : mode === 'extended' ? true : null;
    this._features = dev ? false : null;
  }

  get pageSize(): number {
    this.fresh('pageSize');
    return this._pageSize;
  }
  set pageSize(v: number) {
    this._pageSize = v;
    this.learnedAt.pageSize = Date.now();
  }
  get batch(): boolean | null {
    this.fresh('batch');
    return this._batch;
  }
  set batch(v: boolean | null) {
    this._batch = v;
    this.learnedAt.batch = Date.now();
  }
  get features(): boolean | null {
    this.fresh('features');
    return this._features;
  }
  set features(v: boolean | null) {
    this._features = v;
    this.learnedAt.features = Date.now();
  }

  /** What was last seen, even when due for rediscovery: it is what the calls so far met. */
  report(): SpotifyContractReport {
    return describeSpotifyContract({ mode: this.mode, pageSize: this._pageSize, batchEndpoints: this._batch, audioFeatures: this._features });
  }

  /**
   * `run` as the probe of `key` while the fact is `unknown()`; a caller that
   * arrives while a probe is in flight waits for it, then runs `again` (which
   * reads the fact the probe learnt).
   */
  async probeOnce<T>(key: string, unknown: () => boolean, run: () => Promise<T>, again: () => Promise<T>): Promise<T> {
    const pending = this.probes.get(key);
    if (pending && unknown()) {
      await pending.catch(() => {});
      return again();
    }
    if (!unknown()) return run();
    const probe = run();
    this.probes.set(key, probe);
    try {
      return await probe;
    } finally {
      this.probes.delete(key);
    }
  }

  private fresh(fact: Fact): void {
    const at = this.learnedAt[fact];
    if (this.mode !== 'auto' || at === undefined || Date.now() - at < this.rediscoverAfterMs) return;
    delete this.learnedAt[fact];
    if (fact === 'pageSize') this._pageSize = SPOTIFY_MAX_PAGE_SIZE;
    else if (fact === 'batch') this._batch = null;
    else this._features = null;
  }
}
