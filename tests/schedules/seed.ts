// Seeding for the schedule tests: artists with exactly the shows, votes,
// views and sync times a test states, written straight to the database.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';

const DAY = 24 * 60 * 60 * 1000;
export const daysAgo = (days: number, from = Date.now()) => new Date(from - days * DAY);
export const hoursAgo = (hours: number, from = Date.now()) => new Date(from - hours * 60 * 60 * 1000);

export interface ArtistSeed {
  tmAttractionId: string;
  name: string;
  popularity?: number;
  followers?: number;
  viewCount?: number;
  lastViewedAt?: Date | null;
  createdAt?: Date;
  lastSyncedAt?: Date | null;
  /** Shows with status upcoming dated in the future. */
  upcomingShows?: number;
  /** Shows with status past dated in the past. */
  pastShows?: number;
  /** Shows still marked upcoming but dated in the past (not upcoming any more). */
  staleUpcomingShows?: number;
  /** A shell whose import never completed (e.g. an attraction Ticketmaster does not know). */
  neverImported?: boolean;
  /** Votes on the artist's setlist, each at the given time. */
  votesAt?: Date[];
}

/** Creates the artist and what the seed says; returns its id. */
export async function seedArtist(db: Db, seed: ArtistSeed): Promise<string> {
  const artist = await db.artist.create({
    data: {
      tmAttractionId: seed.tmAttractionId,
      name: seed.name,
      slug: `seed-${seed.tmAttractionId.toLowerCase()}`,
      popularity: seed.popularity ?? 0,
      followers: seed.followers ?? 0,
      viewCount: seed.viewCount ?? 0,
      lastViewedAt: seed.lastViewedAt ?? null,
      createdAt: seed.createdAt ?? daysAgo(90),
      lastSyncedAt: seed.lastSyncedAt ?? null,
      importStatus: seed.neverImported ? 'failed' : 'completed',
      importedAt: seed.neverImported ? null : (seed.createdAt ?? daysAgo(90)),
    },
  });
  const show = (status: 'upcoming' | 'past', date: Date) => ({
    tmEventId: `seed-${randomUUID()}`,
    artistId: artist.id,
    name: `${seed.name} live`,
    date,
    status,
  });
  const shows = [
    ...Array.from({ length: seed.upcomingShows ?? 0 }, (_, i) => show('upcoming', daysAgo(-(10 + i)))),
    ...Array.from({ length: seed.pastShows ?? 0 }, (_, i) => show('past', daysAgo(40 + i))),
    ...Array.from({ length: seed.staleUpcomingShows ?? 0 }, (_, i) => show('upcoming', daysAgo(2 + i))),
  ];
  if (shows.length > 0) await db.show.createMany({ data: shows });

  const votes = seed.votesAt ?? [];
  if (votes.length > 0) {
    // One setlist on a show of the artist, one song, one voter per vote.
    const target = await db.show.create({ data: show('past', daysAgo(60)) });
    const song = await db.song.create({ data: { spotifyId: `seed-${randomUUID()}`, name: `${seed.name} song` } });
    const setlist = await db.setlist.create({
      data: { showId: target.id, artistId: artist.id, type: 'actual', source: 'seed', name: 'seeded' },
    });
    const entry = await db.setlistSong.create({ data: { setlistId: setlist.id, songId: song.id, position: 1 } });
    await db.vote.createMany({
      data: votes.map((createdAt, i) => ({ setlistSongId: entry.id, voterKey: `voter-${i}`, createdAt })),
    });
  }
  return artist.id;
}
