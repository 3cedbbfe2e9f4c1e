// The workflow bundle's entry point: every workflow the worker registers.
export { ArtistImport } from './artist-import';
export { TrendingWorkflow } from './trending';
export { DeepResyncTrendingWorkflow, ResyncActiveWorkflow } from './resync';
