// Ticketmaster's query parameters as the real Discovery API reads them:
// page/size with its limits and deep-paging refusal, strict instant filters,
// the sort orders, and the `_links` of a page.

import type { FakeEvent } from '../catalog/types';
import { ticketmasterError } from '../errors';
import { type FakeContext, intParam } from '../http';
import { PREFIX } from '../mounts';

const BASE = PREFIX.ticketmaster;
// Own copy of the real API's limits, not the product's: a fake sharing them could not catch the product getting them wrong.
const MAX_SIZE = 200;
const MAX_DEPTH = 1000;
const TM_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** `_links` of a page: origin-relative hrefs without the apikey, as the real API writes them. */
export function pageLinks(path: string, query: Record<string, string>, page: number, size: number, totalPages: number): Record<string, { href: string }> {
  const href = (p: number | null): string => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (k !== 'apikey' && k !== 'page' && k !== 'size') params.set(k, v);
    if (p !== null) params.set('page', String(p));
    params.set('size', String(size));
    return `${BASE}${path}?${params.toString().replace(/%2C/gi, ',')}`;
  };
  const links: Record<string, { href: string }> = { first: { href: href(0) }, self: { href: href(page) } };
  if (page > 0) links.prev = { href: href(page - 1) };
  if (page + 1 < totalPages) links.next = { href: href(page + 1) };
  links.last = { href: href(Math.max(0, totalPages - 1)) };
  return links;
}

export type Paging = { page: number; size: number } | Response;

export function parsePaging(ctx: FakeContext, query: Record<string, string>, defaultSize: number): Paging {
  const size = intParam(query.size, defaultSize);
  const page = intParam(query.page, 0);
  if (size === null || size < 1) return ticketmasterError(400, 'DIS1015', 'Query param "size" must be a positive integer');
  if (size > MAX_SIZE) return ticketmasterError(400, 'DIS1015', `Query param "size" must be less than or equal to ${MAX_SIZE}`);
  if (page === null || page < 0) return ticketmasterError(400, 'DIS1015', 'Query param "page" must be a non-negative integer');
  if (size * page >= MAX_DEPTH) {
    ctx.state.recordDeepPagingRefusal();
    return ticketmasterError(400, 'DIS1035', 'API Limits Exceeded: Max paging depth exceeded. (page * size) must be less than 1,000');
  }
  return { page, size };
}

export function parseInstant(name: string, value: string | undefined): number | null | Response {
  if (value === undefined || value === '') return null;
  const ms = Date.parse(value);
  if (!TM_INSTANT.test(value) || Number.isNaN(ms)) {
    return ticketmasterError(400, 'DIS1015', `Query param with name ${name} must be of valid format YYYY-MM-DDTHH:mm:ssZ {example: 2020-08-01T14:00:00Z}`);
  }
  return ms;
}

export const SORTS: Record<string, (a: FakeEvent, b: FakeEvent) => number> = {
  'date,asc': (a, b) => a.startMs - b.startMs || a.ordinal - b.ordinal,
  'date,desc': (a, b) => b.startMs - a.startMs || b.ordinal - a.ordinal,
  'name,asc': (a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.startMs - b.startMs || a.ordinal - b.ordinal,
  'name,desc': (a, b) => (b.name ?? '').localeCompare(a.name ?? '') || a.startMs - b.startMs || a.ordinal - b.ordinal,
  // Relevance has no meaning for one attraction's events: date order, as the real API tends to give.
  'relevance,desc': (a, b) => a.startMs - b.startMs || a.ordinal - b.ordinal,
};
