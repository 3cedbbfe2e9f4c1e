// The catalog phase's activity proxies and chunking, shared by its two paths
// (catalog-import.ts, recorded runs; staged-catalog.ts, runs since the staging).
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { QUOTA_EXCEEDED_FAILURE } from '../domain/spotify-contract';
import { retry } from './activity-retry';

/**
 * Albums per chunk activity (a multiple of the 20 albums of one `/albums?ids=`
 * request, so no batch request is half empty), and how many such activities run at once.
 */
export const ALBUMS_PER_CHUNK = 60;
export const CHUNKS_IN_PARALLEL = 3;

// A spent quota is not retried by Temporal here: the workflow waits it out and says so (quota-wait.ts).
export const quick = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // Alive on a timer (the worker's activity liveness): a dead worker is noticed within it.
  heartbeatTimeout: '20 seconds',
  retry: { ...retry, maximumAttempts: 5, nonRetryableErrorTypes: ['ProviderRefused', QUOTA_EXCEEDED_FAILURE] },
});
// Long steps heartbeat their progress: a dead worker is noticed within the heartbeat timeout, and the retry resumes.
export const paged = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { ...retry, maximumAttempts: 6, nonRetryableErrorTypes: ['ProviderRefused', QUOTA_EXCEEDED_FAILURE, 'CatalogStagingLost'] },
});
