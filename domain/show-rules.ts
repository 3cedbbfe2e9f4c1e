// Shows and venues: when a show happens and whether it is still ahead (pure
// rules over what Ticketmaster says of an event), and what a venue is, as the
// provider client reads it and the database stores it.

export const SHOW_STATUSES = ['upcoming', 'past', 'cancelled', 'postponed'] as const;
export type ShowStatus = (typeof SHOW_STATUSES)[number];

/** The event's instant: its UTC start, else its local date at midnight UTC; null when it has neither. */
export function eventDate(e: { startDateTime: string | null; localDate: string | null }): Date | null {
  const raw = e.startDateTime ?? (e.localDate ? `${e.localDate}T00:00:00Z` : null);
  if (!raw) return null;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Cancelled is final; a postponed show has no firm date yet (until it is in
 * the past); a rescheduled one has its new date, so it is upcoming or past
 * like any other.
 */
export function showStatus(statusCode: string | null, date: Date, now: Date): ShowStatus {
  if (statusCode === 'cancelled') return 'cancelled';
  if (statusCode === 'postponed') return date >= now ? 'postponed' : 'past';
  return date >= now ? 'upcoming' : 'past';
}

/** A venue's details, whoever holds them (the provider keys them by `id`, the database by `tmVenueId`). */
export interface VenueDetails {
  name: string;
  address: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
  countryCode: string | null;
  postalCode: string | null;
  latitude: number | null;
  longitude: number | null;
  timezone: string | null;
}
