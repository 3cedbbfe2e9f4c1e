// The setlist predictor, show matching and vote rule as pure functions.
import { describe, expect, it } from 'vitest';
import { matchShow, songIndex, venueSimilarity } from '../../domain/setlist-matching';
import { backtest, orderByVotes, overlap, predictSetlist, VOTES_PER_PLACE, type PlayedSetlist } from '../../domain/setlist-prediction';

const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
const show = (i: number, tour: string | null, main: string[], encore: string[] = []): PlayedSetlist => ({
  id: `s${String(i).padStart(3, '0')}`,
  eventDate: day(i),
  tourName: tour,
  entries: [...main.map((key) => ({ key, encore: false })), ...encore.map((key) => ({ key, encore: true }))],
});

describe('predictSetlist', () => {
  it('has nothing to say without history', () => {
    expect(predictSetlist([])).toBeNull();
    expect(predictSetlist([show(1, null, [])])).toBeNull();
  });

  it('plays the current tour: its core in its usual order, its encore staples last, at its usual length', () => {
    const old = Array.from({ length: 20 }, (_, i) => show(i, 'Old Tour', ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'], ['x7']));
    const rotating = ['r1', 'r2', 'r3', 'r4'];
    const current = Array.from({ length: 10 }, (_, i) =>
      show(30 + i, 'New Tour', ['a', 'b', rotating[i % 4]!, 'c', 'd', 'x1'], ['e', 'f']),
    );
    const prediction = predictSetlist([...old, ...current])!;
    expect(prediction.currentTour).toBe('New Tour');
    const keys = prediction.entries.map((e) => e.key);
    expect(keys).toHaveLength(8);
    expect(keys.slice(0, 2)).toEqual(['a', 'b']);
    expect(keys.filter((k) => ['c', 'd', 'x1'].includes(k))).toEqual(['c', 'd', 'x1']);
    expect(keys.slice(-2)).toEqual(['e', 'f']);
    expect(prediction.entries.filter((e) => e.encore).map((e) => e.key)).toEqual(['e', 'f']);
    // One rotating song fills the eighth place; the old tour's songs stay out.
    expect(keys.filter((k) => k.startsWith('r'))).toHaveLength(1);
    expect(keys.some((k) => ['x2', 'x3', 'x7'].includes(k))).toBe(false);
  });

  it('weighs recent shows more: a song just added beats one just dropped', () => {
    const history = [
      ...Array.from({ length: 10 }, (_, i) => show(i, null, ['a', 'b', 'dropped'])),
      ...Array.from({ length: 8 }, (_, i) => show(20 + i, null, ['a', 'b', 'added'])),
    ];
    expect(predictSetlist(history)!.entries.map((e) => e.key)).toEqual(['a', 'b', 'added']);
  });

  it('predicts the same whatever order the history comes in', () => {
    const history = Array.from({ length: 12 }, (_, i) => show(i, 'T', ['a', i % 2 ? 'b' : 'c', 'd'], ['e']));
    expect(predictSetlist([...history].reverse())).toEqual(predictSetlist(history));
  });
});

describe('backtest', () => {
  it('scores each of the last k shows predicted from the ones before it, next to a fixed baseline', () => {
    const history = Array.from({ length: 20 }, (_, i) => show(i, 'T', ['a', 'b', 'c', 'd']));
    const result = backtest(history, 5, ['a', 'z', 'y', 'x']);
    expect(result.history).toEqual({ shows: 5, recall: 1, precision: 1 });
    expect(result.popularity).toEqual({ shows: 5, recall: 0.25, precision: 0.25 });
    expect(overlap(['a', 'b'], ['a', 'c', 'd', 'e'])).toEqual({ recall: 0.25, precision: 0.5 });
  });
});

describe('orderByVotes', () => {
  const entries = [1, 2, 3, 4].map((position) => ({ position, isEncore: position === 4, votes: 0 }));
  it('keeps the predicted order without votes, and lifts a song one place per VOTES_PER_PLACE votes within its part', () => {
    expect(orderByVotes(entries).map((e) => e.position)).toEqual([1, 2, 3, 4]);
    const voted = entries.map((e) => (e.position === 3 ? { ...e, votes: VOTES_PER_PLACE } : e));
    expect(orderByVotes(voted).map((e) => e.position)).toEqual([1, 3, 2, 4]);
    const many = entries.map((e) => (e.position === 4 ? { ...e, votes: 100 } : e));
    expect(orderByVotes(many).map((e) => e.position)).toEqual([1, 2, 3, 4]); // the encore stays the encore
  });
});

describe('matchShow and songIndex', () => {
  const shows = [
    { id: 's1', tmEventId: 'e1', startsAt: 1, localDate: '2026-03-01', venueName: 'The Velvet Ballroom', city: 'Chicago' },
    { id: 's2', tmEventId: 'e2', startsAt: 1, localDate: '2026-03-01', venueName: 'Lakeside Arena', city: 'Milwaukee' },
    { id: 's3', tmEventId: 'e3', startsAt: 2, localDate: '2026-03-02', venueName: 'Lakeside Arena', city: 'Milwaukee' },
    // The same concert listed twice: the earlier listing wins.
    { id: 's5', tmEventId: 'e5', startsAt: 5, localDate: '2026-03-04', venueName: 'Lakeside Arena', city: 'Milwaukee' },
    { id: 's4', tmEventId: 'e4', startsAt: 4, localDate: '2026-03-04', venueName: 'Lakeside Arena', city: 'Milwaukee' },
  ];
  it('matches on the same local date by city or venue name, however each source spells the venue', () => {
    expect(venueSimilarity('The Velvet Ballroom', 'Velvet Ballroom')).toBe(1);
    expect(matchShow({ eventDate: '2026-03-01', venueName: 'Velvet Ballroom', cityName: 'Chicago' }, shows)).toBe('s1');
    expect(matchShow({ eventDate: '2026-03-01', venueName: 'LAKESIDE ARENA', cityName: null }, shows)).toBe('s2');
    expect(matchShow({ eventDate: '2026-03-02', venueName: 'Somewhere Else', cityName: 'Milwaukee' }, shows)).toBe('s3');
    // Another city and another venue on that day: a show Ticketmaster never listed.
    expect(matchShow({ eventDate: '2026-03-01', venueName: 'Festival Field', cityName: 'Denver' }, shows)).toBeNull();
    expect(matchShow({ eventDate: '2026-03-05', venueName: 'Lakeside Arena', cityName: 'Milwaukee' }, shows)).toBeNull();
    expect(matchShow({ eventDate: '2026-03-04', venueName: 'Lakeside Arena', cityName: 'Milwaukee' }, shows)).toBe('s4');
  });

  it('finds catalog songs by normalised title, the original before a remix', () => {
    const index = songIndex([
      { id: 'b', name: 'Rock & Roll Heart', isRemix: false },
      { id: 'a', name: 'Rock and Roll Heart', isRemix: true },
    ]);
    expect(index.get('rock and roll heart')).toBe('b');
  });
});
