// Spotify Web API JSON bodies in the real shapes: artists, simplified and
// full albums and tracks (a malformed album without id, a malformed track
// with a non-numeric duration), and audio features. `base` is the API's
// absolute base URL, which every `href` starts with.

import type { FakeAlbum, FakeArtist, FakeSpotifyProfile, FakeTrack } from '../catalog/types';
import { Rng } from '../random';

const MARKETS = ['AR', 'AU', 'BR', 'CA', 'DE', 'ES', 'FR', 'GB', 'IE', 'IT', 'JP', 'MX', 'NL', 'SE', 'US'];
const VARIOUS_ARTISTS = { id: '0LyfQWJT6nXafLPZqxe9Of', name: 'Various Artists' };

function simplifiedArtist(base: string, p: { id: string; name: string }): Record<string, unknown> {
  return {
    external_urls: { spotify: `https://open.spotify.com/artist/${p.id}` },
    href: `${base}/artists/${p.id}`,
    id: p.id,
    name: p.name,
    type: 'artist',
    uri: `spotify:artist:${p.id}`,
  };
}

export function artistJson(base: string, p: FakeSpotifyProfile): Record<string, unknown> {
  return {
    external_urls: { spotify: `https://open.spotify.com/artist/${p.id}` },
    followers: { href: null, total: p.followers },
    genres: p.genres,
    href: `${base}/artists/${p.id}`,
    id: p.id,
    images: p.images.map((i) => ({ url: i.url, height: i.height, width: i.width })),
    name: p.name,
    popularity: p.popularity,
    type: 'artist',
    uri: `spotify:artist:${p.id}`,
  };
}

function albumArtists(base: string, album: FakeAlbum, artist: FakeArtist): unknown[] {
  return album.albumGroup === 'appears_on'
    ? [simplifiedArtist(base, VARIOUS_ARTISTS)]
    : [simplifiedArtist(base, artist.spotify as FakeSpotifyProfile)];
}

export function simplifiedAlbum(base: string, album: FakeAlbum, artist: FakeArtist, withGroup: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { album_type: album.albumType };
  if (withGroup) body.album_group = album.albumGroup;
  Object.assign(body, {
    total_tracks: album.totalTracks,
    available_markets: MARKETS,
    external_urls: album.id ? { spotify: `https://open.spotify.com/album/${album.id}` } : {},
  });
  // A malformed album item is served without id, href and uri.
  if (album.id) Object.assign(body, { href: `${base}/albums/${album.id}`, id: album.id });
  Object.assign(body, {
    images: album.images.map((i) => ({ url: i.url, height: i.height, width: i.width })),
    name: album.name,
    release_date: album.releaseDate,
    release_date_precision: album.releaseDatePrecision,
    type: 'album',
  });
  if (album.id) body.uri = `spotify:album:${album.id}`;
  body.artists = albumArtists(base, album, artist);
  return body;
}

export function simplifiedTrack(base: string, track: FakeTrack, artist: FakeArtist): Record<string, unknown> {
  return {
    artists: [simplifiedArtist(base, artist.spotify as FakeSpotifyProfile)],
    available_markets: MARKETS,
    disc_number: track.discNumber,
    // A malformed track carries a non-numeric duration ("3:45").
    duration_ms: track.malformedDuration ?? track.durationMs,
    explicit: track.explicit,
    external_urls: { spotify: `https://open.spotify.com/track/${track.id}` },
    href: `${base}/tracks/${track.id}`,
    id: track.id,
    is_local: false,
    name: track.name,
    preview_url: null,
    track_number: track.trackNumber,
    type: 'track',
    uri: `spotify:track:${track.id}`,
  };
}

/** A full track: its album, the ISRC (when it has one) and its popularity. */
export function fullTrack(base: string, track: FakeTrack, album: FakeAlbum, artist: FakeArtist): Record<string, unknown> {
  return {
    album: simplifiedAlbum(base, album, artist, false),
    ...simplifiedTrack(base, track, artist),
    external_ids: track.isrc ? { isrc: track.isrc } : {},
    popularity: track.popularity,
  };
}

/** Audio features of a track, or null when Spotify has none for it; all but liveness drawn from the track id. */
export function audioFeaturesJson(base: string, track: FakeTrack): Record<string, unknown> | null {
  if (track.liveness === null) return null;
  const r = new Rng(`audio-features|${track.id}`);
  const round = (v: number, digits = 3): number => Number(v.toFixed(digits));
  return {
    danceability: round(0.2 + r.next() * 0.7),
    energy: round(0.2 + r.next() * 0.75),
    key: r.int(0, 11),
    loudness: round(-14 + r.next() * 11),
    mode: r.int(0, 1),
    speechiness: round(0.02 + r.next() * 0.1, 4),
    acousticness: round(r.next() * 0.6, 4),
    instrumentalness: round(r.next() * 0.02, 6),
    liveness: track.liveness,
    valence: round(0.1 + r.next() * 0.8),
    tempo: round(70 + r.next() * 100),
    type: 'audio_features',
    id: track.id,
    uri: `spotify:track:${track.id}`,
    track_href: `${base}/tracks/${track.id}`,
    analysis_url: `${base}/audio-analysis/${track.id}`,
    duration_ms: track.durationMs,
    time_signature: 4,
  };
}
