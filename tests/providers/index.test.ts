import { describe, expect, it } from 'vitest';
import { envSchema } from '../../config/env';
import { ProviderConfigError } from '../../providers/errors';
import { createProviders } from '../../providers/index';
import { json, startServer } from './support';

const baseEnv = {
  DATABASE_URL: 'postgresql://localhost/unused',
  TICKETMASTER_API_KEY: 'tm',
  SPOTIFY_CLIENT_ID: 'id',
  SPOTIFY_CLIENT_SECRET: 'secret',
  SETLISTFM_API_KEY: 'sfm',
};

describe('createProviders', () => {
  it('names every missing key', () => {
    const env = envSchema.parse({ ...baseEnv, SPOTIFY_CLIENT_SECRET: '', SETLISTFM_API_KEY: undefined });
    let error: unknown;
    try {
      createProviders(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProviderConfigError);
    expect((error as ProviderConfigError).missing).toEqual(['SPOTIFY_CLIENT_SECRET', 'SETLISTFM_API_KEY']);
    expect((error as Error).message).toContain('SPOTIFY_CLIENT_SECRET, SETLISTFM_API_KEY');
  });

  it('points each client at its configured base URL and counts requests per source', async () => {
    const server = await startServer((req, res) => {
      if (req.path === '/tm/attractions/K1.json') return json(res, 200, { id: 'K1', name: 'Muse' });
      if (req.path === '/sfm/search/artists') return json(res, 404, {});
      return json(res, 500, {});
    });
    try {
      const env = envSchema.parse({
        ...baseEnv,
        TICKETMASTER_BASE_URL: `${server.baseUrl}/tm`,
        SETLISTFM_BASE_URL: `${server.baseUrl}/sfm`,
      });
      const providers = createProviders(env, { http: { baseDelayMs: 1, maxDelayMs: 2, rateLimits: { setlistfm: { requestsPerInterval: null } } } });
      expect((await providers.ticketmaster.getAttraction('K1')).name).toBe('Muse');
      expect(await providers.setlistfm.searchArtist('Nobody')).toBeNull();
      expect(providers.stats().ticketmaster).toMatchObject({ requests: 1, retries: 0 });
      expect(providers.stats().setlistfm).toMatchObject({ requests: 1 });
      expect(providers.stats().spotify.requests).toBe(0);
    } finally {
      await server.close();
    }
  });
});
