/**
 * Concurrent callers asking for the same key share one call: the first
 * caller's, until it settles. A thousand fans opening one import's page at
 * once then cost one lookup, not a thousand; a later caller asks afresh.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, call: () => Promise<T>): Promise<T> {
    let shared = this.inFlight.get(key);
    if (!shared) {
      shared = call().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, shared);
    }
    return shared;
  }
}
