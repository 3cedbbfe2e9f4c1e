// A provider's spent request quota as the activities report it and the
// ArtistImport workflow waits it out (workflows/quota-wait.ts): the failure
// type, what it carries, and the words a fan and an operator read. Pure and
// dependency-free, so the workflow bundle can import it.

/**
 * The activity failure of a request that was not sent because the provider's
 * quota (held by every worker and API process together) is spent. Not
 * retryable by Temporal: the workflow waits on a timer until the quota resets.
 */
export const PROVIDER_QUOTA_SPENT_FAILURE = 'ProviderQuotaSpent';

export interface ProviderQuotaSpent {
  /** ProviderName: ticketmaster, spotify, setlistfm, musicbrainz. */
  source: string;
  /** When the quota resets (ms since the epoch). */
  resetsAt: number;
  /** The quota, e.g. "5000 requests per UTC day; it resets at …". */
  detail: string | null;
}

const DISPLAY_NAMES: Record<string, string> = {
  ticketmaster: 'Ticketmaster',
  spotify: 'Spotify',
  setlistfm: 'setlist.fm',
  musicbrainz: 'MusicBrainz',
};

export function providerDisplayName(source: string): string {
  return DISPLAY_NAMES[source] ?? source;
}

/** The failure details back from the wire (they crossed Temporal as JSON); null when they are not a spent quota's. */
export function parseProviderQuotaSpent(value: unknown): ProviderQuotaSpent | null {
  if (typeof value !== 'object' || value === null) return null;
  const { source, resetsAt, detail } = value as Record<string, unknown>;
  if (typeof source !== 'string' || typeof resetsAt !== 'number' || !Number.isFinite(resetsAt)) return null;
  return { source, resetsAt, detail: typeof detail === 'string' ? detail : null };
}

/** "14:05 UTC", or "14:05:30 UTC" when the reset is not on a whole minute. */
export function utcClockTime(at: number): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(11, iso.endsWith(':00.000Z') ? 16 : 19)} UTC`;
}

/** The progress message while an import waits for a quota. */
export function quotaWaitMessage(quota: ProviderQuotaSpent): string {
  return `Waiting for the ${providerDisplayName(quota.source)} quota until ${utcClockTime(quota.resetsAt)}`;
}

/** The warning an import keeps of each quota wait. */
export function quotaWaitWarning(quota: ProviderQuotaSpent, waitedFrom: number): string {
  const what = quota.detail ? ` (${quota.detail.replace(/; it resets at .*$/, '')})` : '';
  return (
    `The ${providerDisplayName(quota.source)} request quota${what} was spent: ` +
    `the import waited from ${utcClockTime(waitedFrom)} until ${utcClockTime(quota.resetsAt)}, then went on`
  );
}
