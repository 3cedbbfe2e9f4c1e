/** The backoff every ArtistImport activity retries with (each proxy sets its own attempts and non-retryable types). */
export const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
