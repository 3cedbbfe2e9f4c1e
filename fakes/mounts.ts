// The four fake services and where the server mounts each one. The env base
// URLs handed to the product are `${origin}${PREFIX[provider]}`.

export const FAKE_PROVIDERS = ['ticketmaster', 'spotify', 'spotify-accounts', 'setlistfm', 'musicbrainz'] as const;
export type FakeProvider = (typeof FAKE_PROVIDERS)[number];

/** Mount points; the env base URLs are `${url}${prefix}`. */
export const PREFIX: Record<FakeProvider, string> = {
  ticketmaster: '/ticketmaster/discovery/v2',
  spotify: '/spotify/v1',
  'spotify-accounts': '/spotify-accounts',
  setlistfm: '/setlistfm/rest/1.0',
  musicbrainz: '/musicbrainz/ws/2',
};
