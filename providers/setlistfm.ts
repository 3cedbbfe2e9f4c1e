// setlist.fm REST 1.0: artist search by name (→ MusicBrainz id) and past
// setlists. The key travels in the `x-api-key` header.
import { z } from 'zod';
import { HttpClient, joinUrl, type RequestSpec } from './http';
import { normaliseName, parseEnvelope, parseItems } from './validate';
import type { CallOptions, SetlistFmApi, SetlistFmArtist, SetlistFmSetlist, Validated } from './types';

// ------------------------------------------------------------------ schemas

const artistSchema = z
  .object({ mbid: z.string().min(1), name: z.string().min(1), sortName: z.string().nullish() })
  .transform((a): SetlistFmArtist => ({ mbid: a.mbid, name: a.name, sortName: a.sortName ?? null }));

const songSchema = z.object({
  name: z.string().optional(),
  tape: z.boolean().optional(),
  // Another artist's song: setlist.fm names the original artist.
  cover: z.object({ name: z.string().nullish() }).nullish(),
});

const setlistSchema = z
  .object({
    id: z.string().min(1),
    // setlist.fm writes dates as dd-MM-yyyy.
    eventDate: z.string().regex(/^\d{2}-\d{2}-\d{4}$/),
    venue: z.object({ name: z.string().nullish(), city: z.object({ name: z.string().nullish() }).nullish() }).nullish(),
    tour: z.object({ name: z.string().nullish() }).nullish(),
    url: z.string().nullish(),
    sets: z
      .object({
        set: z.array(z.object({ encore: z.number().int().nullish(), song: z.array(songSchema).nullish() })).nullish(),
      })
      .nullish(),
  })
  .transform((s): SetlistFmSetlist => {
    const [day, month, year] = s.eventDate.split('-');
    const songs: SetlistFmSetlist['songs'] = [];
    let tapes = 0;
    for (const set of s.sets?.set ?? []) {
      const encore = (set.encore ?? 0) > 0;
      for (const song of set.song ?? []) {
        // Unnamed entries are unidentified songs; tape entries were played
        // from a recording (intros, outros), not performed.
        const name = song.name?.trim();
        if (song.tape) tapes += 1;
        else if (name) songs.push({ name, encore, coverOf: song.cover ? (song.cover.name?.trim() || 'another artist') : null });
      }
    }
    return {
      id: s.id,
      eventDate: `${year}-${month}-${day}`,
      venueName: s.venue?.name ?? null,
      cityName: s.venue?.city?.name ?? null,
      tourName: s.tour?.name?.trim() || null,
      url: s.url ?? null,
      songs,
      tapes,
    };
  });

const artistSearchEnvelopeSchema = z.object({ artist: z.array(z.unknown()).nullish() });

const setlistsEnvelopeSchema = z.object({
  setlist: z.array(z.unknown()).nullish(),
  total: z.number().int().nonnegative(),
  itemsPerPage: z.number().int().positive(),
});

// ------------------------------------------------------------------ client

export interface SetlistFmClientOptions {
  apiKey: string;
  baseUrl: string;
  http: HttpClient;
}

export class SetlistFmClient implements SetlistFmApi {
  readonly http: HttpClient;
  private readonly apiKey: string;
  private readonly baseUrl: string;

  constructor(options: SetlistFmClientOptions) {
    this.apiKey = options.apiKey;
    this.baseUrl = options.baseUrl;
    this.http = options.http;
  }

  /**
   * The first result (setlist.fm relevance order) whose name equals `name`
   * ignoring case, accents and spacing, or null. setlist.fm answers 404 when
   * nothing matches at all.
   */
  async searchArtist(name: string, call?: CallOptions): Promise<SetlistFmArtist | null> {
    const wanted = normaliseName(name);
    if (wanted === '') return null;
    const response = await this.get(
      { url: joinUrl(this.baseUrl, 'search/artists'), query: { artistName: name, p: 1, sort: 'relevance' }, acceptStatus: [404] },
      call,
    );
    if (response.status === 404) return null;
    const envelope = parseEnvelope(artistSearchEnvelopeSchema, response);
    const artists = parseItems(artistSchema, envelope.artist ?? []).items;
    return artists.find((artist) => normaliseName(artist.name) === wanted) ?? null;
  }

  /** One page (1-based) of the artist's setlists, newest first; a page past the end is empty. */
  async getArtistSetlists(
    mbid: string,
    page: number,
    call?: CallOptions,
  ): Promise<Validated<SetlistFmSetlist> & { total: number; itemsPerPage: number }> {
    if (!Number.isInteger(page) || page < 1) throw new RangeError(`setlist.fm pages start at 1, got ${page}`);
    const response = await this.get(
      { url: joinUrl(this.baseUrl, `artist/${encodeURIComponent(mbid)}/setlists`), query: { p: page }, acceptStatus: [404] },
      call,
    );
    // 404 is setlist.fm's answer for an artist without setlists and for a page past the last.
    if (response.status === 404) return { items: [], skipped: 0, total: 0, itemsPerPage: 20 };
    const envelope = parseEnvelope(setlistsEnvelopeSchema, response);
    return { ...parseItems(setlistSchema, envelope.setlist ?? []), total: envelope.total, itemsPerPage: envelope.itemsPerPage };
  }

  private get(spec: RequestSpec, call: CallOptions | undefined) {
    return this.http.request({ ...spec, headers: { 'x-api-key': this.apiKey, accept: 'application/json' } }, call);
  }
}
