// Search as you type sends a request per pause in typing; Ticketmaster allows
// 5,000 requests a day per key. The answers of the last minute are reused, so
// retyping, backspacing and several fans searching the same name cost nothing.
// Only Ticketmaster's answer is cached: the "already imported" flags are read
// from the database on every request.
import { LRUCache } from 'lru-cache';
import type { TicketmasterApi, TmAttraction, Validated } from '../providers/types';

export const SEARCH_CACHE_TTL_MS = 60_000;
const SEARCH_CACHE_MAX_ENTRIES = 1_000;

export type SearchAttractions = (q: string, limit: number) => Promise<Validated<TmAttraction>>;

/** `searchAttractions` of the client, answered from a TTL cache keyed by the normalised query and limit. */
export function cachedAttractionSearch(ticketmaster: TicketmasterApi, ttlMs = SEARCH_CACHE_TTL_MS): SearchAttractions {
  if (ttlMs <= 0) return (q, limit) => ticketmaster.searchAttractions(q, limit);
  const cache = new LRUCache<string, Validated<TmAttraction>>({ max: SEARCH_CACHE_MAX_ENTRIES, ttl: ttlMs });
  return async (q, limit) => {
    const key = `${limit}:${q.trim().toLowerCase().replace(/\s+/g, ' ')}`;
    const hit = cache.get(key);
    if (hit) return hit;
    // A failed search is not cached: the next keystroke tries again.
    const found = await ticketmaster.searchAttractions(q, limit);
    cache.set(key, found);
    return found;
  };
}
