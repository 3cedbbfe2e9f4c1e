// The API's response bodies as TypeScript types, inferred from the same zod
// schemas that validate the routes and generate /openapi.json. The fans' web
// app imports these with `import type` (erased from its bundle), so a change
// to a route's schema is a type error in the app, not a surprise at runtime.
import type { z } from '@hono/zod-openapi';
import type { AppConfigSchema } from './routes/app-config';
import type { ArtistSchema, ShowSchema, SongSchema } from './routes/artists';
import type { CancelResultSchema } from './routes/import-progress';
import type { StartedImportBatchSchema, StartedImportSchema } from './routes/imports';
import type { SearchResponseSchema, SearchResultSchema } from './routes/search';
import type { VoteResultSchema } from './routes/setlists';
import type { SetlistSchema, ShowSetlistsSchema } from './routes/shows';
import type { TrendingArtistSchema } from './routes/trending';
import type { ErrorSchema } from './schemas';

export type { ImportProgress } from '../domain/progress';

/** A page of a list endpoint (listResponse in api/schemas.ts). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type ApiError = z.output<typeof ErrorSchema>;
export type AppConfig = z.output<typeof AppConfigSchema>;
export type SearchResult = z.output<typeof SearchResultSchema>;
export type SearchResponse = z.output<typeof SearchResponseSchema>;
export type TrendingArtist = z.output<typeof TrendingArtistSchema>;
export type StartedImport = z.output<typeof StartedImportSchema>;
export type StartedImportBatch = z.output<typeof StartedImportBatchSchema>;
export type Artist = z.output<typeof ArtistSchema>;
export type Song = z.output<typeof SongSchema>;
export type Show = z.output<typeof ShowSchema>;
export type Setlist = z.output<typeof SetlistSchema>;
export type ShowSetlists = z.output<typeof ShowSetlistsSchema>;
export type VoteResult = z.output<typeof VoteResultSchema>;
export type CancelResult = z.output<typeof CancelResultSchema>;
