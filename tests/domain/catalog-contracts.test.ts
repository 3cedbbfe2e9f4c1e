// The pure rules the catalog needs on Spotify's development-mode contract and
// from MusicBrainz: which ISRCs the dedupe cannot do without, and which albums
// MusicBrainz's release-group types drop.
import { describe, expect, it } from 'vitest';
import { dedupeTracks } from '../../domain/catalog-rules';
import { isrcLookupsNeeded, withLookedUpIsrcs } from '../../domain/catalog-isrc';
import type { SpotifyTrack } from '../../domain/catalog-types';
import { normaliseAlbumTitle, splitByMusicBrainz } from '../../domain/musicbrainz-rules';
import { describeSpotifyContract } from '../../domain/spotify-contract';

const listed = (over: Partial<SpotifyTrack> & { id: string }): SpotifyTrack => ({
  name: 'Song',
  durationMs: 200_000,
  popularity: null,
  isrc: null,
  albumId: 'al',
  albumName: 'Album',
  albumType: 'album',
  albumReleaseDate: '2000-01-01',
  ...over,
});

describe('isrcLookupsNeeded', () => {
  it('asks nothing when the title + length rule decides: other titles, or versions within 2 s', () => {
    expect(
      isrcLookupsNeeded([
        listed({ id: 'a', name: 'Song' }),
        listed({ id: 'b', name: 'Song - Remastered 2011', durationMs: 201_500 }),
        listed({ id: 'c', name: 'Another', durationMs: 260_000 }),
      ]),
    ).toEqual([]);
  });

  it('asks one ISRC per length cluster where one title spans more than 2 s, the version each cluster would keep', () => {
    const tracks = [
      listed({ id: 'orig', durationMs: 200_000, albumReleaseDate: '1990-01-01' }),
      listed({ id: 'deluxe', durationMs: 201_400, albumReleaseDate: '2010-01-01' }),
      listed({ id: 'single', durationMs: 202_600, albumType: 'single', albumReleaseDate: '1990-03-01' }),
      listed({ id: 'other', name: 'Other' }),
    ];
    // Clusters: [orig, deluxe] (within 2 s of 200.0) and [single] (2.6 s from it).
    expect(isrcLookupsNeeded(tracks)).toEqual(['orig', 'single']);
  });

  it('merges clusters that share an ISRC, keeps apart those that do not, and stores the ISRC of the kept version', () => {
    const tracks = [
      listed({ id: 'orig', durationMs: 200_000, albumReleaseDate: '1990-01-01' }),
      listed({ id: 'deluxe', durationMs: 201_400, albumReleaseDate: '2010-01-01' }),
      listed({ id: 'single', durationMs: 202_600, albumType: 'single', albumReleaseDate: '1990-03-01' }),
      listed({ id: 'edit', durationMs: 160_000, albumType: 'single', albumReleaseDate: '1990-03-01' }),
    ];
    expect(isrcLookupsNeeded(tracks)).toEqual(['edit', 'orig', 'single']);
    const same = dedupeTracks(withLookedUpIsrcs(tracks, { orig: 'USRC1', single: 'USRC1', edit: null })).kept;
    expect(same.map((t) => [t.id, t.isrc])).toEqual([
      ['edit', null],
      ['orig', 'USRC1'],
    ]);
    const different = dedupeTracks(withLookedUpIsrcs(tracks, { orig: 'USRC1', single: 'USRC2', edit: null })).kept;
    expect(different.map((t) => t.id).sort()).toEqual(['edit', 'orig', 'single']);
  });
});

describe('MusicBrainz release-group types', () => {
  it('reads titles without edition suffixes', () => {
    expect(normaliseAlbumTitle('Made in Japan (Deluxe Edition)')).toBe('made in japan');
    expect(normaliseAlbumTitle('Rust Never Sleeps [Remastered]')).toBe('rust never sleeps');
    expect(normaliseAlbumTitle('Made In Japan - 2014 Remaster')).toBe('made in japan');
    expect(normaliseAlbumTitle('At Folsom Prison (Legacy Edition) [Remastered]')).toBe('at folsom prison');
    // Not editions: kept as part of the title.
    expect(normaliseAlbumTitle('(What’s the Story) Morning Glory?')).toBe('whats the story morning glory');
    expect(normaliseAlbumTitle('Songs (From the Basement)')).toBe('songs from the basement');
  });

  it('drops albums typed Live or Compilation, whatever their names say, and keeps the rest', () => {
    const albums = [
      { id: '1', name: 'Stop Making Sense' },
      { id: '2', name: 'Made in Japan (Deluxe Edition)' },
      { id: '3', name: 'Remain in Light' },
      { id: '4', name: 'Greatest Hits from the 80s' },
      { id: '5', name: 'An album MusicBrainz does not know' },
    ];
    const groups = [
      { title: 'Stop Making Sense', secondaryTypes: ['Live', 'Soundtrack'] },
      { title: 'Made in Japan', secondaryTypes: ['Live'] },
      { title: 'Remain in Light', secondaryTypes: [] },
      { title: 'Greatest Hits From the 80s', secondaryTypes: ['Compilation'] },
    ];
    const split = splitByMusicBrainz(albums, groups);
    expect(split.droppedLive.map((a) => a.id)).toEqual(['1', '2']);
    expect(split.droppedCompilation.map((a) => a.id)).toEqual(['4']);
    expect(split.kept.map((a) => a.id)).toEqual(['3', '5']);
  });

  it('keeps an album when MusicBrainz also has a studio release group of the same title', () => {
    const split = splitByMusicBrainz([{ name: 'Alive' }], [{ title: 'Alive', secondaryTypes: [] }, { title: 'Alive', secondaryTypes: ['Live'] }]);
    expect(split.kept).toHaveLength(1);
  });
});

describe('describeSpotifyContract', () => {
  it('names the development-mode contract the way an operator reads it', () => {
    const dev = describeSpotifyContract({ mode: 'auto', pageSize: 10, batchEndpoints: false, audioFeatures: false });
    expect(dev.contract).toBe('development');
    expect(dev.summary).toMatch(/^development-mode contract: no batch endpoints, no audio features, pages of at most 10/);
    const ext = describeSpotifyContract({ mode: 'extended', pageSize: 50, batchEndpoints: true, audioFeatures: true });
    expect(ext.summary).toBe('extended-quota contract (forced by SPOTIFY_API_MODE=extended): batch endpoints, audio features, pages of 50');
  });
});
