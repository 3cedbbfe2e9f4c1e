// The imports this browser started, kept in localStorage so their progress
// bars survive a page reload (each bar reconnects to its stream).
import { z } from 'zod';
import { localValue } from './local-store';

const TrackedImportSchema = z.object({
  artistId: z.string(),
  tmAttractionId: z.string(),
  slug: z.string(),
  workflowId: z.string(),
  name: z.string(),
  startedAt: z.string(),
});
export type TrackedImport = z.infer<typeof TrackedImportSchema>;

const store = localValue('setlist.imports.v1', z.array(TrackedImportSchema), []);

export const useTrackedImports = store.use;

/** Adds imports (a re-import of a tracked artist moves it to the top). */
export function trackImports(started: TrackedImport[]): void {
  const ids = new Set(started.map((s) => s.artistId));
  store.set([...started, ...store.get().filter((t) => !ids.has(t.artistId))]);
}

export function untrackImports(artistIds: string[]): void {
  const ids = new Set(artistIds);
  store.set(store.get().filter((t) => !ids.has(t.artistId)));
}
