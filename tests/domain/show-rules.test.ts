// When a show happens and whether it is still ahead (domain/show-rules.ts):
// pure rules, every branch.
import { describe, expect, it } from 'vitest';
import { eventDate, showStatus } from '../../domain/show-rules';

describe('eventDate', () => {
  it('is the UTC start when Ticketmaster gives one, whatever the local date says', () => {
    expect(eventDate({ startDateTime: '2031-06-01T19:30:00Z', localDate: '2031-06-01' })).toEqual(new Date('2031-06-01T19:30:00.000Z'));
    // A local evening that is already the next day in UTC.
    expect(eventDate({ startDateTime: '2031-06-02T02:00:00Z', localDate: '2031-06-01' })?.toISOString()).toBe('2031-06-02T02:00:00.000Z');
  });

  it('reads an offset start as the instant it names', () => {
    expect(eventDate({ startDateTime: '2031-06-01T21:30:00+02:00', localDate: null })?.toISOString()).toBe('2031-06-01T19:30:00.000Z');
  });

  it('falls back to the local date at midnight UTC', () => {
    expect(eventDate({ startDateTime: null, localDate: '2031-06-01' })?.toISOString()).toBe('2031-06-01T00:00:00.000Z');
  });

  it('is null without any date', () => {
    expect(eventDate({ startDateTime: null, localDate: null })).toBeNull();
    expect(eventDate({ startDateTime: null, localDate: '' })).toBeNull();
  });

  it.each([
    ['an unreadable start', { startDateTime: 'tomorrow evening', localDate: null }],
    ['an impossible start', { startDateTime: '2031-13-40T25:00:00Z', localDate: null }],
    ['an unreadable local date', { startDateTime: null, localDate: 'June 1st' }],
    ['an impossible local date', { startDateTime: null, localDate: '2031-02-45' }],
  ])('is null for %s', (_case, event) => {
    expect(eventDate(event)).toBeNull();
  });
});

describe('showStatus', () => {
  const now = new Date('2030-01-01T12:00:00.000Z');
  const past = new Date('2029-12-31T12:00:00.000Z');
  const future = new Date('2030-01-02T12:00:00.000Z');
  const justBefore = new Date(now.getTime() - 1);

  it('is cancelled whenever Ticketmaster says so, past or future', () => {
    expect(showStatus('cancelled', future, now)).toBe('cancelled');
    expect(showStatus('cancelled', past, now)).toBe('cancelled');
  });

  it('is postponed while the postponed date is ahead, past once it has gone by', () => {
    expect(showStatus('postponed', future, now)).toBe('postponed');
    expect(showStatus('postponed', now, now)).toBe('postponed');
    expect(showStatus('postponed', justBefore, now)).toBe('past');
    expect(showStatus('postponed', past, now)).toBe('past');
  });

  it.each([['onsale'], ['offsale'], ['rescheduled'], [null]])('is upcoming or past by its date for status %s', (code) => {
    expect(showStatus(code, future, now)).toBe('upcoming');
    expect(showStatus(code, past, now)).toBe('past');
  });

  it('counts a show starting right now as upcoming, one a millisecond earlier as past', () => {
    expect(showStatus('onsale', now, now)).toBe('upcoming');
    expect(showStatus('onsale', new Date(now.getTime()), now)).toBe('upcoming');
    expect(showStatus('onsale', justBefore, now)).toBe('past');
    expect(showStatus('onsale', new Date(now.getTime() + 1), now)).toBe('upcoming');
  });
});
