// Word lists and naming templates for the fake catalog. Generated song and
// album names are built only from the neutral words below, so the only names
// that look live are the ones the generator puts there on purpose (and labels).
// Also how a name becomes a URL slug.

export interface City {
  name: string;
  state: string | null;
  stateCode: string | null;
  country: string;
  countryCode: string;
  timezone: string;
  latitude: number;
  longitude: number;
  postalCode: string;
}

export const CITIES: readonly City[] = [
  { name: 'New York', state: 'New York', stateCode: 'NY', country: 'United States Of America', countryCode: 'US', timezone: 'America/New_York', latitude: 40.7505, longitude: -73.9934, postalCode: '10001' },
  { name: 'Los Angeles', state: 'California', stateCode: 'CA', country: 'United States Of America', countryCode: 'US', timezone: 'America/Los_Angeles', latitude: 34.043, longitude: -118.2673, postalCode: '90015' },
  { name: 'Chicago', state: 'Illinois', stateCode: 'IL', country: 'United States Of America', countryCode: 'US', timezone: 'America/Chicago', latitude: 41.8807, longitude: -87.6742, postalCode: '60612' },
  { name: 'Austin', state: 'Texas', stateCode: 'TX', country: 'United States Of America', countryCode: 'US', timezone: 'America/Chicago', latitude: 30.2672, longitude: -97.7431, postalCode: '78701' },
  { name: 'Seattle', state: 'Washington', stateCode: 'WA', country: 'United States Of America', countryCode: 'US', timezone: 'America/Los_Angeles', latitude: 47.6221, longitude: -122.354, postalCode: '98109' },
  { name: 'Denver', state: 'Colorado', stateCode: 'CO', country: 'United States Of America', countryCode: 'US', timezone: 'America/Denver', latitude: 39.7487, longitude: -105.0077, postalCode: '80204' },
  { name: 'Nashville', state: 'Tennessee', stateCode: 'TN', country: 'United States Of America', countryCode: 'US', timezone: 'America/Chicago', latitude: 36.1593, longitude: -86.7785, postalCode: '37203' },
  { name: 'Atlanta', state: 'Georgia', stateCode: 'GA', country: 'United States Of America', countryCode: 'US', timezone: 'America/New_York', latitude: 33.7573, longitude: -84.3963, postalCode: '30303' },
  { name: 'Boston', state: 'Massachusetts', stateCode: 'MA', country: 'United States Of America', countryCode: 'US', timezone: 'America/New_York', latitude: 42.3662, longitude: -71.0621, postalCode: '02114' },
  { name: 'Phoenix', state: 'Arizona', stateCode: 'AZ', country: 'United States Of America', countryCode: 'US', timezone: 'America/Phoenix', latitude: 33.4457, longitude: -112.0712, postalCode: '85004' },
  { name: 'Miami', state: 'Florida', stateCode: 'FL', country: 'United States Of America', countryCode: 'US', timezone: 'America/New_York', latitude: 25.7814, longitude: -80.187, postalCode: '33132' },
  { name: 'Minneapolis', state: 'Minnesota', stateCode: 'MN', country: 'United States Of America', countryCode: 'US', timezone: 'America/Chicago', latitude: 44.9795, longitude: -93.2761, postalCode: '55403' },
  { name: 'Honolulu', state: 'Hawaii', stateCode: 'HI', country: 'United States Of America', countryCode: 'US', timezone: 'Pacific/Honolulu', latitude: 21.2989, longitude: -157.8186, postalCode: '96814' },
  { name: 'Toronto', state: 'Ontario', stateCode: 'ON', country: 'Canada', countryCode: 'CA', timezone: 'America/Toronto', latitude: 43.6435, longitude: -79.3791, postalCode: 'M5J 2X2' },
  { name: 'Montreal', state: 'Quebec', stateCode: 'QC', country: 'Canada', countryCode: 'CA', timezone: 'America/Toronto', latitude: 45.4961, longitude: -73.5693, postalCode: 'H3B 5E8' },
  { name: 'Vancouver', state: 'British Columbia', stateCode: 'BC', country: 'Canada', countryCode: 'CA', timezone: 'America/Vancouver', latitude: 49.2778, longitude: -123.1089, postalCode: 'V6B 6G1' },
  { name: 'Mexico City', state: null, stateCode: null, country: 'Mexico', countryCode: 'MX', timezone: 'America/Mexico_City', latitude: 19.4036, longitude: -99.0878, postalCode: '08400' },
  { name: 'London', state: null, stateCode: null, country: 'Great Britain', countryCode: 'GB', timezone: 'Europe/London', latitude: 51.5031, longitude: 0.0032, postalCode: 'SE10 0DX' },
  { name: 'Manchester', state: null, stateCode: null, country: 'Great Britain', countryCode: 'GB', timezone: 'Europe/London', latitude: 53.4881, longitude: -2.2446, postalCode: 'M3 1AR' },
  { name: 'Glasgow', state: null, stateCode: null, country: 'Great Britain', countryCode: 'GB', timezone: 'Europe/London', latitude: 55.8607, longitude: -4.2872, postalCode: 'G3 8YW' },
  { name: 'Dublin', state: null, stateCode: null, country: 'Ireland', countryCode: 'IE', timezone: 'Europe/Dublin', latitude: 53.3475, longitude: -6.2286, postalCode: 'D01 T0X4' },
  { name: 'Paris', state: null, stateCode: null, country: 'France', countryCode: 'FR', timezone: 'Europe/Paris', latitude: 48.8386, longitude: 2.3785, postalCode: '75012' },
  { name: 'Berlin', state: null, stateCode: null, country: 'Germany', countryCode: 'DE', timezone: 'Europe/Berlin', latitude: 52.5053, longitude: 13.4437, postalCode: '10243' },
  { name: 'Hamburg', state: null, stateCode: null, country: 'Germany', countryCode: 'DE', timezone: 'Europe/Berlin', latitude: 53.5873, longitude: 9.8988, postalCode: '22525' },
  { name: 'Amsterdam', state: null, stateCode: null, country: 'Netherlands', countryCode: 'NL', timezone: 'Europe/Amsterdam', latitude: 52.3123, longitude: 4.9443, postalCode: '1101 AX' },
  { name: 'Brussels', state: null, stateCode: null, country: 'Belgium', countryCode: 'BE', timezone: 'Europe/Brussels', latitude: 50.9013, longitude: 4.3418, postalCode: '1020' },
  { name: 'Madrid', state: null, stateCode: null, country: 'Spain', countryCode: 'ES', timezone: 'Europe/Madrid', latitude: 40.4238, longitude: -3.6717, postalCode: '28009' },
  { name: 'Barcelona', state: null, stateCode: null, country: 'Spain', countryCode: 'ES', timezone: 'Europe/Madrid', latitude: 41.3636, longitude: 2.1522, postalCode: '08038' },
  { name: 'Milan', state: null, stateCode: null, country: 'Italy', countryCode: 'IT', timezone: 'Europe/Rome', latitude: 45.5218, longitude: 9.0787, postalCode: '20017' },
  { name: 'Stockholm', state: null, stateCode: null, country: 'Sweden', countryCode: 'SE', timezone: 'Europe/Stockholm', latitude: 59.2936, longitude: 18.0831, postalCode: '121 77' },
  { name: 'Oslo', state: null, stateCode: null, country: 'Norway', countryCode: 'NO', timezone: 'Europe/Oslo', latitude: 59.9036, longitude: 10.6238, postalCode: '1366' },
  { name: 'Copenhagen', state: null, stateCode: null, country: 'Denmark', countryCode: 'DK', timezone: 'Europe/Copenhagen', latitude: 55.6252, longitude: 12.5721, postalCode: '2300' },
  { name: 'Warsaw', state: null, stateCode: null, country: 'Poland', countryCode: 'PL', timezone: 'Europe/Warsaw', latitude: 52.2395, longitude: 21.0455, postalCode: '03-901' },
  { name: 'Vienna', state: null, stateCode: null, country: 'Austria', countryCode: 'AT', timezone: 'Europe/Vienna', latitude: 48.2022, longitude: 16.3379, postalCode: '1150' },
  { name: 'Zurich', state: null, stateCode: null, country: 'Switzerland', countryCode: 'CH', timezone: 'Europe/Zurich', latitude: 47.4109, longitude: 8.5469, postalCode: '8050' },
  { name: 'Lisbon', state: null, stateCode: null, country: 'Portugal', countryCode: 'PT', timezone: 'Europe/Lisbon', latitude: 38.7686, longitude: -9.0941, postalCode: '1990-231' },
  { name: 'Tokyo', state: null, stateCode: null, country: 'Japan', countryCode: 'JP', timezone: 'Asia/Tokyo', latitude: 35.6933, longitude: 139.7498, postalCode: '102-8321' },
  { name: 'Seoul', state: null, stateCode: null, country: 'South Korea', countryCode: 'KR', timezone: 'Asia/Seoul', latitude: 37.5192, longitude: 127.1276, postalCode: '05540' },
  { name: 'Sydney', state: 'New South Wales', stateCode: 'NSW', country: 'Australia', countryCode: 'AU', timezone: 'Australia/Sydney', latitude: -33.8468, longitude: 151.0631, postalCode: '2127' },
  { name: 'Melbourne', state: 'Victoria', stateCode: 'VIC', country: 'Australia', countryCode: 'AU', timezone: 'Australia/Melbourne', latitude: -37.8216, longitude: 144.9776, postalCode: '3002' },
  { name: 'Auckland', state: null, stateCode: null, country: 'New Zealand', countryCode: 'NZ', timezone: 'Pacific/Auckland', latitude: -36.8499, longitude: 174.7622, postalCode: '1010' },
  { name: 'São Paulo', state: null, stateCode: null, country: 'Brazil', countryCode: 'BR', timezone: 'America/Sao_Paulo', latitude: -23.5874, longitude: -46.6576, postalCode: '04094-050' },
  { name: 'Buenos Aires', state: null, stateCode: null, country: 'Argentina', countryCode: 'AR', timezone: 'America/Argentina/Buenos_Aires', latitude: -34.5453, longitude: -58.4498, postalCode: 'C1428' },
];

export const VENUE_PATTERNS: readonly string[] = [
  '{city} Arena',
  '{city} Music Hall',
  'The {word} Ballroom',
  '{word} Theatre',
  'The {word} Room',
  '{city} Amphitheatre',
  '{word} Pavilion',
  'The {word} Club',
  '{city} Coliseum',
  '{word} Hall',
];

export const VENUE_WORDS: readonly string[] = [
  'Orpheum', 'Paramount', 'Majestic', 'Fillmore', 'Roxy', 'Regent', 'Apollo', 'Palladium', 'Empire',
  'Liberty', 'Granada', 'Lyric', 'Beacon', 'Capitol', 'Crystal', 'Electric', 'Union', 'Harbour',
  'Riverside', 'Foundry', 'Warehouse', 'Academy', 'Forum', 'Garden', 'Grand', 'Imperial', 'Palace',
];

/**
 * Neutral words for song and album titles. Deliberately free of "live",
 * "concert", "unplugged", "remix", "edit", "session", "demo", "version",
 * "at", "in", "from": generated names never trip a live/remix rule by accident.
 */
export const ADJECTIVES: readonly string[] = [
  'Silver', 'Paper', 'Golden', 'Broken', 'Electric', 'Hollow', 'Velvet', 'Crimson', 'Quiet', 'Wild',
  'Neon', 'Glass', 'Burning', 'Frozen', 'Distant', 'Restless', 'Midnight', 'Painted', 'Hidden', 'Lonely',
  'Bright', 'Bitter', 'Sweet', 'Empty', 'Endless', 'Faded', 'Fallen', 'Gentle', 'Heavy', 'Lucky',
  'Marble', 'Northern', 'Southern', 'Open', 'Pale', 'Rusty', 'Sacred', 'Secret', 'Shallow', 'Silent',
  'Slow', 'Steady', 'Strange', 'Tender', 'Twisted', 'Vintage', 'Wandering', 'Wooden', 'Amber', 'Copper',
];

export const NOUNS: readonly string[] = [
  'Harbor', 'Moon', 'River', 'Highway', 'Garden', 'Mirror', 'Window', 'Letter', 'Engine', 'Island',
  'Horizon', 'Lantern', 'Ocean', 'Thunder', 'Shadow', 'Signal', 'Station', 'Summer', 'Winter', 'Parade',
  'Canyon', 'Compass', 'Desert', 'Echo', 'Feather', 'Fever', 'Fire', 'Heart', 'Hotel', 'Kingdom',
  'Machine', 'Meadow', 'Morning', 'Mountain', 'Orchard', 'Pilot', 'Radio', 'Rain', 'Satellite', 'Sky',
  'Smoke', 'Stone', 'Storm', 'Street', 'Sunset', 'Tide', 'Tower', 'Valley', 'Wave', 'Wire',
];

export const TITLE_PATTERNS: readonly string[] = [
  '{adj} {noun}',
  'The {adj} {noun}',
  '{noun} of {noun2}',
  '{adj} {noun} Blues',
  '{noun} Song',
  '{adj} Heart',
  'Under the {adj} {noun}',
  '{noun} and {noun2}',
];

/** Studio songs whose titles only look live to a substring rule (spec: Studio-only catalog rules). */
export const LOOKALIKE_SONG_TITLES: readonly string[] = [
  'Alive',
  "Oliver's Army",
  'Beat It',
  "What's Going On",
  'Live Forever',
  'Live and Let Die',
];

/** Studio albums whose names only look live (or compiled) to a substring rule. */
export const LOOKALIKE_ALBUM_NAMES: readonly string[] = ['Live Through This', 'Greatest Hits from the 80s', 'Alive'];

/** Live album names; `{year}` is replaced with a release year. */
export const LIVE_ALBUM_NAMES: readonly string[] = [
  'Live at Wembley {year}',
  'Live in Tokyo',
  'Live from Austin, TX',
  'MTV Unplugged in New York',
  'Unplugged',
  'In Concert {year}',
  'Live!',
  'Live at the Royal Albert Hall',
  'Live in Berlin {year}',
  'Live from the Fillmore',
  'Live at Budokan',
  'In Concert',
  'Live in Paris {year}',
  'Live at Red Rocks',
  'MTV Unplugged',
  'Live from Madison Square Garden',
  '{album} (Live)',
  '{album} - Live',
  'Live at Glastonbury {year}',
  'Live in Melbourne',
];

/**
 * Names of live albums that do not say "live" (the names of famous ones):
 * only MusicBrainz, which types their release groups `Live`, knows what they
 * are. `{artist}` is the artist; a name with an edition suffix is matched to
 * its release group without it.
 */
export const UNNAMED_LIVE_ALBUM_NAMES: readonly string[] = [
  'Stop Making Sense',
  'Made in Japan',
  'At Folsom Prison',
  '{artist} at Budokan',
  'Waiting for Columbus',
  'Made in Japan (Deluxe Edition)',
  'Rust Never Sleeps [Remastered]',
  'Alive in America',
  'Songs in the Attic',
  'Under a Blood Red Sky',
];

/** Live track titles; `{title}` is the song, `{year}` a year. */
export const LIVE_TRACK_TEMPLATES: readonly string[] = [
  '{title} (Live)',
  '{title} - Live',
  '{title} [Live]',
  '{title} - Live at Madison Square Garden',
  '{title} (Live in Paris {year})',
  '{title} - Live from the Basement',
  '{title} (Unplugged)',
  '{title} - MTV Unplugged',
  '{title} - Live at Wembley {year}',
  '{title} (Live at the BBC)',
  '{title} - Live in Tokyo',
];

export const REMIX_TEMPLATES: readonly string[] = [
  '{title} (Club Remix)',
  '{title} - Radio Remix',
  '{title} (Extended Remix)',
  '{title} - {adj} Remix',
];

export const REMASTER_TEMPLATES: readonly string[] = [
  '{title} - Remastered {year}',
  '{title} - {year} Remaster',
  '{title} (Remastered)',
];

export const EDITION_TEMPLATES: readonly string[] = [
  '{album} (Deluxe Edition)',
  '{album} (Remastered {year})',
  '{album} ({year} Remaster)',
  '{album} (Expanded Edition)',
  '{album} (Anniversary Edition)',
];

export const COMPILATION_NAMES: readonly string[] = [
  'Greatest Hits',
  'The Best Of {artist}',
  'Essentials',
  'Anthology {year}',
  'Gold',
  'The Collection',
  'Singles {year}',
  'The Very Best Of',
  'Hits Vol. {n}',
  'The Definitive Collection',
];

export const APPEARS_ON_NAMES: readonly string[] = [
  'Summer Hits {year}',
  'Now That Sounds Good {n}',
  'Indie Anthems',
  'Road Trip Classics',
  'Soundtrack Favourites',
];

export const GENRES: readonly string[] = ['Rock', 'Alternative', 'Pop', 'Indie', 'Folk', 'Hard Rock', 'Singer-Songwriter'];

/** URL slug of a name, as Ticketmaster builds its artist, venue and event URLs. */
export function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
