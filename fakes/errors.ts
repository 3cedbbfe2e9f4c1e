// The error bodies each real service answers with, so clients are tested
// against the shapes they will really parse (Ticketmaster's two formats,
// Spotify's, the accounts service's OAuth errors, setlist.fm's).

import type { FakeProvider } from './mounts';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
  });
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Discovery API error body: `{ errors: [{ code, detail, status, _links }] }`. */
export function ticketmasterError(status: number, code: string, detail: string, headers: Record<string, string> = {}): Response {
  return jsonResponse(status, { errors: [{ code, detail, status: String(status), _links: { self: { href: `/discovery/v2/errors.html#${code}` } } }] }, headers);
}

/** The body each real service sends with an error status. */
export function providerError(provider: FakeProvider, status: number, message: string, headers: Record<string, string> = {}): Response {
  switch (provider) {
    case 'ticketmaster':
      if (status === 429 || status === 401 || status === 503) {
        // Ticketmaster's API gateway (Apigee) answers these itself.
        const errorcode =
          status === 429 ? 'policies.ratelimit.QuotaViolation' : status === 401 ? 'oauth.v2.InvalidApiKey' : 'messaging.adaptors.http.flow.ServiceUnavailable';
        return jsonResponse(status, { fault: { faultstring: message, detail: { errorcode } } }, headers);
      }
      return ticketmasterError(status, status === 404 ? 'DIS1004' : status === 400 ? 'DIS1015' : 'DIS1001', message, headers);
    case 'spotify':
      return jsonResponse(status, { error: { status, message } }, headers);
    case 'spotify-accounts':
      return jsonResponse(status, { error: status >= 500 ? 'server_error' : 'invalid_request', error_description: message }, headers);
    case 'setlistfm':
      return jsonResponse(status, { code: status, status: REASON[status] ?? 'Error', message, timestamp: new Date().toISOString().replace('Z', '+0000') }, headers);
    case 'musicbrainz':
      return jsonResponse(status, { error: message, help: 'For usage, please see: https://musicbrainz.org/development/mmd' }, headers);
  }
}
