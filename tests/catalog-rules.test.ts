import { describe, expect, it } from 'vitest';
import { applyLiveness, dedupeTracks, studioAlbums, studioTracks, toCatalogSong } from '../domain/catalog-rules';
import { isLiveAlbumName, isLiveTrackTitle, isRemixTitle, normaliseTitle } from '../domain/title-rules';
import type { AudioFeatures, AudioFeaturesResult, SpotifyAlbum, SpotifyTrack } from '../providers/types';

function album(over: Partial<SpotifyAlbum> & { id: string; name: string }): SpotifyAlbum {
  return { albumType: 'album', albumGroup: 'album', releaseDate: '2001-01-01', totalTracks: 10, ...over };
}

function track(over: Partial<SpotifyTrack> & { id: string }): SpotifyTrack {
  return {
    name: 'Song',
    durationMs: 200_000,
    popularity: 50,
    isrc: null,
    albumId: 'alb1',
    albumName: 'Album',
    albumType: 'album',
    ...over,
  };
}

/** Titles every live rule must catch, for albums and tracks alike. */
const LIVE_TITLES = [
  'Live at Leeds',
  'Live in Paris',
  'Live from Austin, TX',
  'Live At The BBC',
  'Live!',
  'Live! at the Star-Club',
  'Unplugged',
  'MTV Unplugged in New York',
  'MTV Unplugged',
  'In Concert',
  'Song (Live)',
  'Song - Live',
  'Song – Live',
  'Song [Live]',
  'Song (Live!)',
  'Song (Live 1999)',
  'Song (Live in Paris 2004)',
  'Song - Live at Madison Square Garden, 2004',
  '- Live at Madison Square Garden, 2004',
  'Song - Live / Remastered 2011',
  'Song (Live at Budokan) [Remastered]',
  '(Live at Budokan) [Remastered]',
  '(Live)',
  'Song - Live Version',
  'Song (Live Acoustic)',
  'Song (Recorded Live at Wembley Stadium)',
  'Song (Acoustic, Live)',
  'Song (2011 Remaster / Live)',
  'Song (MTV Unplugged)',
  'Song - Unplugged Version',
  'Song (In Concert)',
  'Song (LIVE)',
  'Song (Live',
  'Live 1975-85',
  '(I Can’t Get No) Satisfaction (Live)',
];

/** Studio titles the seeds' substring rules threw away, and other near misses. */
const STUDIO_TITLES = [
  'Alive',
  'Oliver',
  "Oliver's Army",
  'Beat It',
  "What's Going On",
  'Greatest Hits from the 80s',
  'Live Through This',
  'Live Forever',
  'Live and Let Die',
  'Live Wire',
  'Deliver',
  'Olive',
  'Concerto in D',
  'At Last',
  'From the Inside',
  'Love Live',
  'Live Your Life',
  'The World We Live In',
  'Where We Live in Peace',
  'Born to Live in Harmony',
  "Long Live Rock 'n' Roll",
  'Live Forever - Remastered',
  'Live and Let Die - From "Live and Let Die" Soundtrack',
  'Song (feat. Live)',
  'Song (Live-Action Remake)',
  "(I Can't Get No) Satisfaction",
  'Frampton Comes Alive!',
  'Love Live! Sunshine!!',
  'Delivery (2011 Remaster)',
  'Olive Tree - Radio Edit',
];

describe('isLiveTrackTitle', () => {
  it.each(LIVE_TITLES)('drops %j', (title) => {
    expect(isLiveTrackTitle(title)).toBe(true);
  });

  it.each(STUDIO_TITLES)('keeps %j', (title) => {
    expect(isLiveTrackTitle(title)).toBe(false);
  });

  it('keeps a track titled just "Live", a studio song name; drops "Live!", the billing', () => {
    expect(isLiveTrackTitle('Live')).toBe(false);
    expect(isLiveTrackTitle('Live!')).toBe(true);
  });

  it('does not look for a mid-title "Live at …" in a track, where it is the verb', () => {
    expect(isLiveTrackTitle('The Things We Live at Home')).toBe(false);
    expect(isLiveTrackTitle('Nights Live at Sea')).toBe(false);
  });

  it('reads diacritics and letter case the same', () => {
    expect(isLiveTrackTitle('Canción (LIVE EN MÉXICO)')).toBe(true);
    expect(isLiveTrackTitle('Señorita - Unplugged')).toBe(true);
    expect(isLiveTrackTitle('')).toBe(false);
  });
});

describe('isLiveAlbumName', () => {
  it.each(LIVE_TITLES)('drops %j', (name) => {
    expect(isLiveAlbumName(name)).toBe(true);
  });

  it.each(STUDIO_TITLES)('keeps %j', (name) => {
    expect(isLiveAlbumName(name)).toBe(false);
  });

  it('drops an album named just "Live", unlike a track', () => {
    expect(isLiveAlbumName('Live')).toBe(true);
    expect(isLiveAlbumName('Live (Deluxe Edition)')).toBe(true);
  });

  it('finds the live billing after the artist or series name', () => {
    expect(isLiveAlbumName('Pink Floyd: Live at Pompeii')).toBe(true);
    expect(isLiveAlbumName('The Bootleg Series Vol. 4: Bob Dylan Live 1966')).toBe(true);
    expect(isLiveAlbumName('Bob Marley & The Wailers Live!')).toBe(true);
  });

  it('drops albums named after a concert, keeps concertos', () => {
    expect(isLiveAlbumName('The Köln Concert')).toBe(true);
    expect(isLiveAlbumName('The Concert in Central Park')).toBe(true);
    expect(isLiveAlbumName('Piano Concerto No. 2')).toBe(false);
  });
});

describe('isRemixTitle', () => {
  it.each([
    'Song (Remix)',
    'Song (Tiësto Remix)',
    'Song - Tiësto Remix',
    'Song [Armand Van Helden Mix]',
    'Song (Club Mix)',
    'Song (Dub Mix)',
    'Song - Remixed',
    'Song (RMX)',
    'Song (Remix) [Remastered]',
    'Song (Remastered / Remix)',
    'Remixes',
    'The Remixes',
    'Hybrid Theory Remixed',
    'Remix to Ignition',
  ])('flags %j', (title) => {
    expect(isRemixTitle(title)).toBe(true);
  });

  it.each([
    'Mixed Emotions',
    'Remixing',
    'Song',
    'Song - 2019 Mix',
    'Song (2009 Stereo Mix)',
    'Song (Original Mix)',
    'Song (Mono Mix)',
    'Song (Extended Mix)',
    'Song (Radio Mix)',
    'Song (12" Mix)',
    'Song (Mixed)',
    'Song (Mix)',
    'Song - Remastered 2011',
    'Song (feat. DJ Remix)',
    'Song - From "The Remix Show"',
  ])('does not flag %j', (title) => {
    expect(isRemixTitle(title)).toBe(false);
  });
});

describe('studioAlbums', () => {
  it('drops compilations by type or group and live albums by name, keeping studio albums and singles', () => {
    const albums = [
      album({ id: 'a1', name: 'Live Through This' }),
      album({ id: 'a2', name: 'Greatest Hits', albumType: 'compilation', albumGroup: 'compilation' }),
      album({ id: 'a3', name: 'Best Of', albumType: 'album', albumGroup: 'compilation' }),
      album({ id: 'a4', name: 'Live at Reading' }),
      album({ id: 'a5', name: 'Alive', albumType: 'single', albumGroup: 'single' }),
      album({ id: 'a6', name: 'Greatest Hits Live', albumType: 'compilation', albumGroup: null }),
      album({ id: 'a7', name: 'MTV Unplugged in New York', albumGroup: null }),
      album({ id: 'a8', name: 'Somebody Else’s Record', albumGroup: 'appears_on' }),
      album({ id: 'a9', name: 'Nevermind', albumType: 'ALBUM', albumGroup: null }),
    ];
    const r = studioAlbums(albums);
    expect(r.kept.map((a) => a.id)).toEqual(['a1', 'a5', 'a9']);
    expect(r.droppedCompilation.map((a) => a.id)).toEqual(['a2', 'a3', 'a6']);
    expect(r.droppedLive.map((a) => a.id)).toEqual(['a4', 'a7']);
    expect(r.droppedAppearsOn.map((a) => a.id)).toEqual(['a8']);
  });

  it('accounts for every album exactly once', () => {
    const albums = [album({ id: 'x', name: 'Live', albumType: 'compilation' }), album({ id: 'y', name: 'Live' })];
    const r = studioAlbums(albums);
    expect(r.droppedCompilation.map((a) => a.id)).toEqual(['x']);
    expect(r.droppedLive.map((a) => a.id)).toEqual(['y']);
    expect(r.kept).toEqual([]);
  });
});

describe('studioTracks', () => {
  it('splits tracks by title', () => {
    const r = studioTracks([{ name: 'Alive' }, { name: 'Alive - Live' }, { name: 'Beat It' }]);
    expect(r.kept.map((t) => t.name)).toEqual(['Alive', 'Beat It']);
    expect(r.droppedLive.map((t) => t.name)).toEqual(['Alive - Live']);
  });
});

describe('applyLiveness', () => {
  const tracks = [track({ id: 't1' }), track({ id: 't2' }), track({ id: 't3' }), track({ id: 't4' })];
  const feature = (id: string, liveness: number): [string, AudioFeatures] => [id, { id, liveness }];

  it('drops only tracks measured above the threshold when features are available', () => {
    const features: AudioFeaturesResult = {
      available: true,
      skipped: 0,
      features: new Map([feature('t1', 0.1), feature('t2', 0.95), feature('t3', 0.8), feature('t4', 0.81)]),
    };
    const r = applyLiveness(tracks, features);
    expect(r.kept.map((t) => t.id)).toEqual(['t1', 't3']);
    expect(r.droppedLiveness.map((t) => t.id)).toEqual(['t2', 't4']);
    expect(r.keptWithoutLiveness).toEqual([]);
    expect(r.applied).toBe(true);
    expect(r.reason).toBeNull();
  });

  it('keeps every track and says why when the endpoint is refused (403)', () => {
    const r = applyLiveness(tracks, { available: false, reason: 'Spotify /audio-features answered 403' });
    expect(r.kept.map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4']);
    expect(r.keptWithoutLiveness.map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4']);
    expect(r.droppedLiveness).toEqual([]);
    expect(r.applied).toBe(false);
    expect(r.reason).toContain('403');
  });

  it('keeps tracks without features (null or missing) and lists them', () => {
    const features: AudioFeaturesResult = {
      available: true,
      skipped: 0,
      features: new Map<string, AudioFeatures | null>([feature('t1', 0.9), ['t2', null], feature('t3', 0.2)]),
    };
    const r = applyLiveness(tracks, features);
    expect(r.kept.map((t) => t.id)).toEqual(['t2', 't3', 't4']);
    expect(r.droppedLiveness.map((t) => t.id)).toEqual(['t1']);
    expect(r.keptWithoutLiveness.map((t) => t.id)).toEqual(['t2', 't4']);
    expect(r.applied).toBe(true);
    expect(r.reason).toMatch(/2 of 4/);
  });

  it('honours a custom threshold and rejects one outside 0..1', () => {
    const features: AudioFeaturesResult = { available: true, skipped: 0, features: new Map([feature('t1', 0.6)]) };
    expect(applyLiveness([track({ id: 't1' })], features, 0.5).droppedLiveness).toHaveLength(1);
    expect(applyLiveness([track({ id: 't1' })], features, 0.7).kept).toHaveLength(1);
    expect(() => applyLiveness([], features, 80)).toThrow(RangeError);
  });
});

describe('normaliseTitle', () => {
  it('ignores case, diacritics, punctuation, apostrophes and spacing', () => {
    expect(normaliseTitle('  Café   del MAR!! ')).toBe('cafe del mar');
    expect(normaliseTitle('Don’t Stop Me Now')).toBe(normaliseTitle("Dont stop me now"));
    expect(normaliseTitle('Rock & Roll')).toBe(normaliseTitle('Rock and Roll'));
  });

  it('strips remaster tags but keeps tags naming another version', () => {
    expect(normaliseTitle('Song - Remastered 2011')).toBe('song');
    expect(normaliseTitle('Song (2009 Digital Remaster)')).toBe('song');
    expect(normaliseTitle('Song - Acoustic')).not.toBe(normaliseTitle('Song'));
    expect(normaliseTitle('Song - Radio Edit')).not.toBe(normaliseTitle('Song'));
  });

  it('gives punctuation-only titles their own keys', () => {
    expect(normaliseTitle('?')).not.toBe(normaliseTitle('...'));
  });
});

describe('dedupeTracks', () => {
  it('keeps the most popular version per ISRC, matching ISRCs regardless of case and spaces', () => {
    const r = dedupeTracks([
      track({ id: 'a', isrc: 'USRC17607839', popularity: 40, name: 'Song' }),
      track({ id: 'b', isrc: ' usrc17607839 ', popularity: 70, name: 'Song - Remastered' }),
      track({ id: 'c', isrc: 'GBAYE0601498', popularity: 10, name: 'Other' }),
    ]);
    expect(r.kept.map((t) => t.id)).toEqual(['b', 'c']);
    expect(r.merged).toBe(1);
  });

  it('merges tracks without ISRC by normalised title and a length within 2 s, across rounded seconds, not beyond', () => {
    const r = dedupeTracks([
      track({ id: 'a', name: 'Song', durationMs: 200_400, popularity: 30 }),
      track({ id: 'b', name: 'SONG - Remastered 2011', durationMs: 199_600, popularity: 60 }),
      // 1.9 s from the shortest version: the same recording, though it rounds to another second.
      track({ id: 'c', name: 'Song', durationMs: 201_500, popularity: 20 }),
      // 2.4 s from the shortest: another recording, even though it is within 2 s of c.
      track({ id: 'e', name: 'Song', durationMs: 202_000, popularity: 15 }),
      track({ id: 'd', name: 'Other Song', durationMs: 200_000, popularity: 10 }),
    ]);
    expect(r.kept.map((t) => t.id)).toEqual(['b', 'e', 'd']);
    expect(r.merged).toBe(2);
    expect(dedupeTracks([...r.kept].reverse()).kept.map((t) => t.id)).toEqual(['b', 'e', 'd']);
  });

  it('groups lengths the same way whatever the input order', () => {
    const versions = [180_000, 181_900, 183_800, 185_000].map((durationMs, i) => track({ id: `t${i}`, name: 'Song', durationMs }));
    const forward = dedupeTracks(versions);
    const backward = dedupeTracks([...versions].reverse());
    // 180.0 and 181.9 are one recording; 183.8 is 3.8 s from the shortest, so it starts another with 185.0.
    expect(forward.kept.map((t) => t.id)).toEqual(['t0', 't2']);
    expect(backward.kept.map((t) => t.id)).toEqual(['t0', 't2']);
  });

  it('never merges a track without ISRC into one that has one', () => {
    const r = dedupeTracks([
      track({ id: 'a', isrc: 'USRC17607839', name: 'Song' }),
      track({ id: 'b', isrc: null, name: 'Song' }),
      track({ id: 'c', isrc: '  ', name: 'Song' }),
    ]);
    expect(r.kept.map((t) => t.id).sort()).toEqual(['a', 'b']);
    expect(r.merged).toBe(1);
  });

  it('breaks popularity ties by album over single, then by lower Spotify id, whatever the input order', () => {
    const same = [
      track({ id: 'z', isrc: 'X1', albumType: 'album' }),
      track({ id: 'a', isrc: 'X1', albumType: 'single' }),
      track({ id: 'm', isrc: 'X2', albumType: 'album' }),
      track({ id: 'k', isrc: 'X2', albumType: 'album' }),
    ];
    const forward = dedupeTracks(same);
    const backward = dedupeTracks([...same].reverse());
    expect(forward.kept.map((t) => t.id)).toEqual(['k', 'z']);
    expect(backward.kept.map((t) => t.id)).toEqual(['k', 'z']);
  });

  it('orders the result by popularity, then Spotify id', () => {
    const r = dedupeTracks([
      track({ id: 'b', isrc: 'B', popularity: 10 }),
      track({ id: 'c', isrc: 'C', popularity: 90 }),
      track({ id: 'a', isrc: 'A', popularity: 10 }),
    ]);
    expect(r.kept.map((t) => t.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('toCatalogSong', () => {
  it('maps a track to a catalog song, flagging remixes', () => {
    const song = toCatalogSong(
      track({ id: 'sp1', name: 'Song (Tiësto Remix)', isrc: ' usrc1 ', albumId: 'al1', albumName: 'Remixes', popularity: 33, durationMs: 210_123 }),
    );
    expect(song).toEqual({
      spotifyId: 'sp1',
      isrc: 'USRC1',
      name: 'Song (Tiësto Remix)',
      albumName: 'Remixes',
      albumId: 'al1',
      popularity: 33,
      durationMs: 210_123,
      isLive: false,
      isRemix: true,
    });
  });

  it('judges remix by the track title, not the album', () => {
    const song = toCatalogSong(track({ id: 'sp2', name: 'Song', albumName: 'Song (The Remixes)', isrc: null }));
    expect(song.isRemix).toBe(false);
    expect(song.isrc).toBeNull();
  });
});

describe('dedupeTracks without popularity (development-mode contract)', () => {
  const noPop = (over: Partial<SpotifyTrack> & { id: string }) => track({ popularity: null, ...over });

  it('keeps the version on the earliest release, by ISRC and by title + length alike', () => {
    const { kept, merged } = dedupeTracks([
      noPop({ id: 'remaster', isrc: 'USRC1', name: 'Song - Remastered 2011', albumReleaseDate: '2011-05-02' }),
      noPop({ id: 'original', isrc: 'USRC1', name: 'Song', albumReleaseDate: '1979-11-30' }),
      noPop({ id: 'single', isrc: 'USRC1', name: 'Song', albumType: 'single', albumReleaseDate: '1980-01-14' }),
      noPop({ id: 'b-late', name: 'Other', durationMs: 180_500, albumReleaseDate: '2001' }),
      noPop({ id: 'a-early', name: 'OTHER', durationMs: 181_900, albumReleaseDate: '1999-12' }),
    ]);
    expect(kept.map((t) => t.id).sort()).toEqual(['a-early', 'original']);
    expect(merged).toBe(3);
  });

  it('reads a year or a month as its first day, and puts unknown dates last', () => {
    expect(dedupeTracks([noPop({ id: 'day', isrc: 'X', albumReleaseDate: '1999-01-02' }), noPop({ id: 'year', isrc: 'X', albumReleaseDate: '1999' })]).kept[0]?.id).toBe('year');
    expect(dedupeTracks([noPop({ id: 'month', isrc: 'X', albumReleaseDate: '1999-02' }), noPop({ id: 'day', isrc: 'X', albumReleaseDate: '1999-02-03' })]).kept[0]?.id).toBe('month');
    expect(dedupeTracks([noPop({ id: 'a', isrc: 'X', albumReleaseDate: null }), noPop({ id: 'b', isrc: 'X', albumReleaseDate: '2020-01-01' })]).kept[0]?.id).toBe('b');
  });

  it('on the same day: the album before the single, then the lower Spotify id, whatever the input order', () => {
    const versions = [
      noPop({ id: 'c', isrc: 'X', albumType: 'single', albumReleaseDate: '2000-01-01' }),
      noPop({ id: 'b', isrc: 'X', albumType: 'album', albumReleaseDate: '2000-01-01' }),
      noPop({ id: 'a', isrc: 'X', albumType: 'single', albumReleaseDate: '2000-01-01' }),
      noPop({ id: 'd', isrc: 'X', albumType: 'album', albumReleaseDate: '2000-01-01' }),
    ];
    expect(dedupeTracks(versions).kept.map((t) => t.id)).toEqual(['b']);
    expect(dedupeTracks([...versions].reverse()).kept.map((t) => t.id)).toEqual(['b']);
  });

  it('with popularity on every version, the most popular still wins (extended contract), even over an earlier release', () => {
    const { kept } = dedupeTracks([
      track({ id: 'early', isrc: 'X', popularity: 20, albumReleaseDate: '1970-01-01' }),
      track({ id: 'popular', isrc: 'X', popularity: 80, albumReleaseDate: '2010-01-01' }),
    ]);
    expect(kept.map((t) => t.id)).toEqual(['popular']);
  });

  it('orders known popularity first, unknown last, then by Spotify id', () => {
    const { kept } = dedupeTracks([noPop({ id: 'z', isrc: 'Z' }), track({ id: 'y', isrc: 'Y', popularity: 3 }), noPop({ id: 'a', isrc: 'A' })]);
    expect(kept.map((t) => t.id)).toEqual(['y', 'a', 'z']);
  });
});
