import { createCatalogActivities } from './catalog';
import { createCatalogAlbumActivities } from './catalog-albums';
import { createCatalogStagingActivities } from './catalog-staging';
import { createCatalogTrackActivities } from './catalog-tracks';
import type { ActivityDeps } from './deps';
import { createIdentityActivities } from './identity';
import { createImportRunActivities } from './import-run';
import { createSetlistActivities } from './setlists';
import { createShowsActivities } from './shows';

export type { ActivityDeps } from './deps';

/** Every activity of the artist import, bound to its dependencies. Workflows import only this type. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createIdentityActivities(deps),
    ...createShowsActivities(deps),
    ...createCatalogActivities(deps),
    ...createCatalogAlbumActivities(deps),
    ...createCatalogTrackActivities(deps),
    ...createCatalogStagingActivities(deps),
    ...createSetlistActivities(deps),
    ...createImportRunActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
