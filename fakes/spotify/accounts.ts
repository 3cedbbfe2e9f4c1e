// Fake Spotify accounts service: the client-credentials token endpoint, with
// the real checks (form content type, grant type, client id and secret from
// Basic auth or the form) and the real OAuth error bodies.

import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type FakeContext, providerGate } from '../http';

const tokenFormSchema = z.object({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

function accountsError(status: number, error: string, description: string): Response {
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** Client id and secret from `Authorization: Basic base64(id:secret)`, else from the form. */
function clientCredentials(header: string | undefined, form: z.infer<typeof tokenFormSchema>): { id: string; secret: string } | null {
  const m = header ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (m) {
    const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  if (form.client_id !== undefined && form.client_secret !== undefined) return { id: form.client_id, secret: form.client_secret };
  return null;
}

/** POST /api/token — client-credentials grant only. */
async function issueToken(ctx: FakeContext, c: Context): Promise<Response> {
  const contentType = c.req.header('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return accountsError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  }
  const raw = await c.req.parseBody();
  const parsed = tokenFormSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')));
  if (!parsed.success) return accountsError(400, 'invalid_request', 'Malformed form body');
  const form = parsed.data;
  if (!form.grant_type) return accountsError(400, 'unsupported_grant_type', 'grant_type parameter is missing');
  if (form.grant_type !== 'client_credentials') {
    return accountsError(400, 'unsupported_grant_type', 'grant_type must be client_credentials, authorization_code or refresh_token');
  }
  const creds = clientCredentials(c.req.header('authorization'), form);
  if (!creds) return accountsError(400, 'invalid_client', 'Invalid client');
  if (creds.id !== ctx.credentials.spotifyClientId) return accountsError(400, 'invalid_client', 'Invalid client');
  if (creds.secret !== ctx.credentials.spotifyClientSecret) return accountsError(400, 'invalid_client', 'Invalid client secret');
  const { token, expiresIn } = ctx.state.issueToken();
  return c.json({ access_token: token, token_type: 'Bearer', expires_in: expiresIn });
}

export function spotifyAccountsApp(ctx: FakeContext): Hono {
  const app = new Hono();
  app.use('*', providerGate(ctx, 'spotify-accounts'));
  app.post('/api/token', (c) => issueToken(ctx, c));
  app.all('*', () => accountsError(404, 'not_found', 'Not found'));
  return app;
}
