// Ticketmaster Discovery v2: attractions (artist identity) and their events
// with embedded venues. The key travels as the `apikey` query parameter, so
// errors only ever show URL pathnames (see providers/errors.ts).
import { z } from 'zod';
import { DeepPagingError } from './errors';
import { HttpClient, joinUrl } from './http';
import { parseEnvelope, parseItems } from './validate';
import type {
  CallOptions,
  EventWindow,
  Image,
  TicketmasterApi,
  TmAttraction,
  TmEvent,
  TmEventsPage,
  TmVenue,
  Validated,
} from './types';
import { TICKETMASTER_DEEP_PAGING_LIMIT, TICKETMASTER_MAX_PAGE_SIZE } from '../domain/limits';

/** Range probes read a few events, so undated ones sorted at an end do not hide the range. */
const RANGE_PROBE_SIZE = 20;
/** Re-plans with a wider range before giving up on an overfull open-ended window. */
const MAX_RANGE_WIDENINGS = 8;
const YEAR_MS = 365 * 86_400_000;

// ------------------------------------------------------------------ schemas

const imageSchema = z.object({
  url: z.string().min(1),
  width: z.number().nullish(),
  height: z.number().nullish(),
});

const classificationSchema = z.object({
  genre: z.object({ name: z.string() }).optional(),
  subGenre: z.object({ name: z.string() }).optional(),
});

const linkSchema = z.object({ url: z.string() });

// Decorations (images, genres, links) are read leniently, element by element:
// an odd image must not cost us the artist. Identity fields are strict.
const attractionSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    images: z.unknown().optional(),
    classifications: z.unknown().optional(),
    externalLinks: z.object({ spotify: z.unknown().optional(), musicbrainz: z.unknown().optional() }).nullish().catch(null),
    upcomingEvents: z.object({ _total: z.number().int().nonnegative().optional() }).nullish().catch(null),
  })
  .transform(
    (a): TmAttraction => ({
      id: a.id,
      name: a.name,
      images: validElements(imageSchema, a.images).map(
        (i): Image => ({ url: i.url, width: i.width ?? null, height: i.height ?? null }),
      ),
      genres: genresOf(validElements(classificationSchema, a.classifications)),
      spotifyId: spotifyIdOf(validElements(linkSchema, a.externalLinks?.spotify)[0]?.url),
      upcomingEvents: a.upcomingEvents?._total ?? null,
      ...musicBrainzIdOf(validElements(musicBrainzLinkSchema, a.externalLinks?.musicbrainz)[0]?.id),
    }),
  );

const musicBrainzLinkSchema = z.object({ id: z.string().optional() });

/** The MBID of `externalLinks.musicbrainz[0].id`, when it is one (a UUID). */
function musicBrainzIdOf(id: string | undefined): { musicbrainzId?: string } {
  const mbid = id?.trim().toLowerCase();
  return mbid && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(mbid) ? { musicbrainzId: mbid } : {};
}

const coordinate = z.union([z.string(), z.number()]).optional();

const venueSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    address: z.object({ line1: z.string().optional() }).optional(),
    city: z.object({ name: z.string().optional() }).optional(),
    state: z.object({ name: z.string().optional(), stateCode: z.string().optional() }).optional(),
    country: z.object({ name: z.string().optional(), countryCode: z.string().optional() }).optional(),
    postalCode: z.string().optional(),
    location: z.object({ latitude: coordinate, longitude: coordinate }).optional(),
    timezone: z.string().optional(),
  })
  .transform(
    (v): TmVenue => ({
      id: v.id,
      name: v.name,
      address: v.address?.line1 ?? null,
      city: v.city?.name ?? null,
      state: v.state?.stateCode ?? v.state?.name ?? null,
      country: v.country?.name ?? null,
      countryCode: v.country?.countryCode ?? null,
      postalCode: v.postalCode ?? null,
      latitude: toCoordinate(v.location?.latitude, 90),
      longitude: toCoordinate(v.location?.longitude, 180),
      timezone: v.timezone ?? null,
    }),
  );

const eventSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    url: z.string().optional(),
    dates: z
      .object({
        start: z
          .object({
            dateTime: z.iso.datetime({ offset: true }).optional(),
            localDate: z.iso.date().optional(),
            localTime: z.string().optional(),
          })
          .optional(),
        status: z.object({ code: z.string().optional() }).optional(),
      })
      .optional(),
    priceRanges: z
      .array(z.object({ min: z.number().optional(), max: z.number().optional(), currency: z.string().optional() }))
      .optional(),
    _embedded: z.object({ venues: z.array(z.unknown()).optional() }).optional(),
  })
  .transform((e): TmEvent => {
    const price = e.priceRanges?.[0];
    // A malformed venue leaves the show without one rather than losing the show.
    const venue = venueSchema.safeParse(e._embedded?.venues?.[0]);
    return {
      id: e.id,
      name: e.name,
      url: e.url ?? null,
      startDateTime: e.dates?.start?.dateTime ?? null,
      localDate: e.dates?.start?.localDate ?? null,
      localTime: e.dates?.start?.localTime ?? null,
      statusCode: e.dates?.status?.code ?? null,
      priceMin: price?.min ?? null,
      priceMax: price?.max ?? null,
      currency: price?.currency ?? null,
      venue: venue.success ? venue.data : null,
    };
  });

const pageInfoSchema = z.object({
  size: z.number().int().nonnegative(),
  totalElements: z.number().int().nonnegative(),
  totalPages: z.number().int().nonnegative(),
  number: z.number().int().nonnegative(),
});

const eventsEnvelopeSchema = z.object({
  _embedded: z.object({ events: z.array(z.unknown()) }).optional(),
  page: pageInfoSchema,
});

const attractionsEnvelopeSchema = z.object({
  _embedded: z.object({ attractions: z.array(z.unknown()) }).optional(),
});

// ------------------------------------------------------------------ client

export interface TicketmasterClientOptions {
  apiKey: string;
  baseUrl: string;
  http: HttpClient;
}

interface EventsQuery {
  attractionId: string;
  page: number;
  size: number;
  startDateTime?: string | null;
  endDateTime?: string | null;
  sort: 'date,asc' | 'date,desc';
}

export class TicketmasterClient implements TicketmasterApi {
  readonly http: HttpClient;
  private readonly apiKey: string;
  private readonly baseUrl: string;

  constructor(options: TicketmasterClientOptions) {
    this.apiKey = options.apiKey;
    this.baseUrl = options.baseUrl;
    this.http = options.http;
  }

  async getAttraction(attractionId: string, call?: CallOptions): Promise<TmAttraction> {
    const response = await this.http.request(
      { url: joinUrl(this.baseUrl, `attractions/${encodeURIComponent(attractionId)}.json`), query: this.query({}) },
      call,
    );
    return parseEnvelope(attractionSchema, response);
  }

  async searchAttractions(keyword: string, size = 20, call?: CallOptions): Promise<Validated<TmAttraction>> {
    const response = await this.http.request(
      { url: joinUrl(this.baseUrl, 'attractions.json'), query: this.query({ keyword, size }) },
      call,
    );
    const envelope = parseEnvelope(attractionsEnvelopeSchema, response);
    return parseItems(attractionSchema, envelope._embedded?.attractions ?? []);
  }

  async getEventsPage(
    params: { attractionId: string; page: number; size: number; startDateTime?: string | null; endDateTime?: string | null },
    call?: CallOptions,
  ): Promise<TmEventsPage> {
    return this.fetchEvents({ ...params, sort: 'date,asc' }, call);
  }

  /**
   * Date windows of at most `maxPerWindow` events each, found by bisecting the
   * attraction's date range.
   *
   * Boundaries: Ticketmaster does not document whether `startDateTime` and
   * `endDateTime` are inclusive or exclusive, so adjacent windows share their
   * boundary instant ([a, m], [m, b]). An event exactly on a boundary may then
   * be read twice — callers dedupe by event id — but is never missed, whichever
   * way Ticketmaster treats the bounds. The first window has no start and the
   * last no end, so events added outside the probed range are still covered.
   *
   * A window one second wide that still holds more than `maxPerWindow` events
   * cannot be split; it is returned as is, and its `totalElements` tells the
   * caller how many events lie beyond the 1,000 it can read.
   */
  async planEventWindows(
    attractionId: string,
    maxPerWindow = TICKETMASTER_DEEP_PAGING_LIMIT,
    call?: CallOptions,
  ): Promise<EventWindow[]> {
    if (!Number.isInteger(maxPerWindow) || maxPerWindow < 1 || maxPerWindow > TICKETMASTER_DEEP_PAGING_LIMIT) {
      throw new RangeError(`maxPerWindow must be an integer in 1..${TICKETMASTER_DEEP_PAGING_LIMIT}, got ${maxPerWindow}`);
    }
    // One sorted request each way gives the count and the first / last date.
    const earliest = await this.probe({ attractionId, sort: 'date,asc' }, call, RANGE_PROBE_SIZE);
    const whole: EventWindow = { startDateTime: null, endDateTime: null, totalElements: earliest.total };
    if (earliest.total <= maxPerWindow) return [whole];
    const latest = await this.probe({ attractionId, sort: 'date,desc' }, call, RANGE_PROBE_SIZE);
    // Nothing dated at either end: there is no range to bisect.
    if (earliest.dateMs === null && latest.dateMs === null) return [whole];
    // One end unknown (its first events are undated): any guess will do, the
    // open first and last windows still cover whatever lies beyond it.
    const loGuess = earliest.dateMs ?? Math.min(latest.dateMs ?? Date.now(), Date.now()) - YEAR_MS;
    const hiGuess = latest.dateMs ?? Math.max(loGuess, Date.now()) + YEAR_MS;
    let lo = Math.floor(loGuess / 1000) * 1000;
    let hi = Math.ceil(hiGuess / 1000) * 1000;
    for (let widened = 0; ; widened++) {
      const windows = await this.bisect(attractionId, whole, lo, hi, maxPerWindow, call);
      const first = windows[0]!;
      const last = windows.at(-1)!;
      const lowOverfull = first.startDateTime === null && first.totalElements > maxPerWindow;
      const highOverfull = last.endDateTime === null && last.totalElements > maxPerWindow;
      if ((!lowOverfull && !highOverfull) || widened >= MAX_RANGE_WIDENINGS) return windows;
      // The probed range missed events beyond an open end (a source that
      // ignores `sort`, say): those events all sit in the open window, which
      // bisection of [lo, hi] never splits. Widen that end and plan again.
      const step = Math.max(hi - lo, YEAR_MS);
      if (lowOverfull) lo -= step;
      if (highOverfull) hi += step;
    }
  }

  /** `window` holds more than `max` events; its effective range is [loMs, hiMs]. */
  private async bisect(
    attractionId: string,
    window: EventWindow,
    loMs: number,
    hiMs: number,
    max: number,
    call: CallOptions | undefined,
  ): Promise<EventWindow[]> {
    const midMs = Math.floor((loMs + hiMs) / 2 / 1000) * 1000;
    if (midMs <= loMs || midMs >= hiMs) return [window];
    const mid = formatTmDateTime(midMs);
    const halves: Array<{ bounds: Omit<EventWindow, 'totalElements'>; lo: number; hi: number }> = [
      { bounds: { startDateTime: window.startDateTime, endDateTime: mid }, lo: loMs, hi: midMs },
      { bounds: { startDateTime: mid, endDateTime: window.endDateTime }, lo: midMs, hi: hiMs },
    ];
    const parts = await Promise.all(
      halves.map(async ({ bounds, lo, hi }) => {
        const { total } = await this.probe({ attractionId, sort: 'date,asc', ...bounds }, call);
        const half: EventWindow = { ...bounds, totalElements: total };
        return total > max ? this.bisect(attractionId, half, lo, hi, max, call) : [half];
      }),
    );
    return parts.flat();
  }

  /** The window's event count and the date of its first dated event in `sort` order. */
  private async probe(
    q: { attractionId: string; sort: EventsQuery['sort']; startDateTime?: string | null; endDateTime?: string | null },
    call: CallOptions | undefined,
    size = 1,
  ): Promise<{ total: number; dateMs: number | null }> {
    const page = await this.fetchEvents({ ...q, page: 0, size }, call);
    const dates = page.items.map(eventInstantMs).filter((ms) => ms !== null);
    return { total: page.totalElements, dateMs: dates[0] ?? null };
  }

  private async fetchEvents(q: EventsQuery, call: CallOptions | undefined): Promise<TmEventsPage> {
    if (!Number.isInteger(q.size) || q.size < 1 || q.size > TICKETMASTER_MAX_PAGE_SIZE) {
      throw new RangeError(`Ticketmaster page size must be an integer in 1..${TICKETMASTER_MAX_PAGE_SIZE}, got ${q.size}`);
    }
    if (!Number.isInteger(q.page) || q.page < 0) {
      throw new RangeError(`Ticketmaster page must be a non-negative integer, got ${q.page}`);
    }
    if (q.size * q.page >= TICKETMASTER_DEEP_PAGING_LIMIT) {
      throw new DeepPagingError(
        `Ticketmaster refuses page ${q.page} of size ${q.size} (size × page = ${q.size * q.page} ≥ ${TICKETMASTER_DEEP_PAGING_LIMIT}); ` +
          `split the events of attraction ${q.attractionId} into date windows (planEventWindows) instead`,
      );
    }
    const response = await this.http.request(
      {
        url: joinUrl(this.baseUrl, 'events.json'),
        query: this.query({
          attractionId: q.attractionId,
          size: q.size,
          page: q.page,
          sort: q.sort,
          startDateTime: q.startDateTime,
          endDateTime: q.endDateTime,
        }),
      },
      call,
    );
    const envelope = parseEnvelope(eventsEnvelopeSchema, response);
    const { items, skipped } = parseItems(eventSchema, envelope._embedded?.events ?? []);
    return {
      items,
      skipped,
      page: envelope.page.number,
      size: envelope.page.size,
      totalElements: envelope.page.totalElements,
      totalPages: envelope.page.totalPages,
    };
  }

  private query(params: Record<string, string | number | null | undefined>): Record<string, string | number | null | undefined> {
    // locale=* : without it Discovery answers only for its default locale and
    // silently leaves out events listed in other locales.
    return { ...params, locale: '*', apikey: this.apiKey };
  }
}

// ------------------------------------------------------------------ helpers

/** Ticketmaster's filter format: `YYYY-MM-DDTHH:mm:ssZ` (UTC, no milliseconds). */
export function formatTmDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Spotify artist id from `https://open.spotify.com/artist/<id>` (or a `spotify:artist:<id>` URI). */
export function spotifyIdOf(link: string | undefined): string | null {
  if (!link) return null;
  const uri = /^spotify:artist:([A-Za-z0-9]+)$/.exec(link.trim());
  if (uri) return uri[1] ?? null;
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return null;
  }
  if (url.hostname !== 'open.spotify.com') return null;
  // Localised links look like /intl-de/artist/<id>.
  const segments = url.pathname.split('/').filter(Boolean);
  const at = segments.indexOf('artist');
  const id = at >= 0 ? segments[at + 1] : undefined;
  return id !== undefined && /^[A-Za-z0-9]+$/.test(id) ? id : null;
}

function eventInstantMs(event: TmEvent): number | null {
  // An event with only a local date still places the range roughly; the open
  // first and last windows make the exact value irrelevant for coverage.
  const text = event.startDateTime ?? (event.localDate ? `${event.localDate}T00:00:00Z` : null);
  if (text === null) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

function validElements<T>(schema: z.ZodType<T>, value: unknown): T[] {
  if (!Array.isArray(value)) return [];
  return parseItems(schema, value).items;
}

function genresOf(classifications: Array<z.infer<typeof classificationSchema>>): string[] {
  const genres: string[] = [];
  for (const c of classifications) {
    for (const name of [c.genre?.name, c.subGenre?.name]) {
      // "Undefined" is Ticketmaster's placeholder for "no genre given".
      if (name && name !== 'Undefined' && !genres.includes(name)) genres.push(name);
    }
  }
  return genres;
}

function toCoordinate(value: string | number | undefined, limit: number): number | null {
  if (value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}
