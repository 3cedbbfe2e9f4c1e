// Time for the generated events and releases: the reference day everything is
// placed around, wall-clock times in a venue's time zone, and the date
// formats each provider writes (Ticketmaster instants, setlist.fm days).

export const DAY_MS = 86_400_000;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at `utcMs`, in ms (local − UTC). */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, fmt);
  }
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return asUtc - utcMs;
}

/** UTC instant of a wall-clock time in `timeZone`. */
export function zonedToUtcMs(localDate: string, localTime: string, timeZone: string): number {
  const naive = Date.parse(`${localDate}T${localTime}Z`);
  let guess = naive - zoneOffsetMs(timeZone, naive);
  guess = naive - zoneOffsetMs(timeZone, guess);
  return guess;
}

/** Ticketmaster's instant format: YYYY-MM-DDTHH:mm:ssZ (no milliseconds). */
export function tmInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Start of the UTC day of `date` (the reference date is always a midnight). */
export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** dd-MM-yyyy, as setlist.fm writes event dates. */
export function setlistDate(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCDate()).padStart(2, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${d.getUTCFullYear()}`;
}
