// Injected faults: what a test or harness asks for (the next N requests to a
// provider, optionally only paths containing some text, fail with 404, 429
// or 5xx), the queue that hands them out one request at a time, and the
// response each fault is served as — in the failing service's own format.

import { z } from 'zod';
import { providerError } from './errors';
import { FAKE_PROVIDERS, type FakeProvider } from './mounts';

export const providerSchema = z.enum(FAKE_PROVIDERS);

export const faultSchema = z
  .object({
    /** Only requests to this provider; all providers when absent. */
    provider: providerSchema.optional(),
    /** Only requests whose path + query string contains this text. */
    pathIncludes: z.string().min(1).optional(),
    /** 429 and 5xx are what a busy service answers; 404 is a lookup that finds nothing (or an endpoint that is gone). */
    status: z.union([z.literal(404), z.literal(429), z.literal(500), z.literal(502), z.literal(503)]),
    /** How many of the next matching requests fail. */
    count: z.number().int().min(1).max(100_000).default(1),
    /** Retry-After header (seconds); 429 always carries one (default 1). */
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    /** A Spotify 429 whose body says `"reason": "QUOTA_EXCEEDED"`: a spent quota, not a burst. */
    quotaExceeded: z.boolean().optional(),
  })
  .strict();
export type FaultSpec = z.input<typeof faultSchema>;
export type Fault = z.output<typeof faultSchema>;

/** POST /_fake/faults takes one fault, or `{ faults: [...] }`; choosing by shape keeps error paths precise. */
export const faultsBodySchema = z.preprocess(
  (body) => (typeof body === 'object' && body !== null && 'faults' in body ? body : { faults: [body] }),
  z.object({ faults: z.array(faultSchema).min(1).max(100) }).strict(),
);

export type PendingFault = Fault & { remaining: number };

/** Faults waiting to be served, first injected first served. */
export class FaultQueue {
  private faults: PendingFault[] = [];

  inject(spec: FaultSpec): void {
    // Parsed here too: programmatic callers get the same validation as HTTP ones.
    const fault = faultSchema.parse(spec);
    this.faults.push({ ...fault, remaining: fault.count });
  }

  pending(): PendingFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Consumes one use of the first pending fault matching the request, if any. */
  take(provider: FakeProvider, pathAndQuery: string): Fault | null {
    const i = this.faults.findIndex(
      (f) => f.remaining > 0 && (f.provider === undefined || f.provider === provider) && (f.pathIncludes === undefined || pathAndQuery.includes(f.pathIncludes)),
    );
    if (i < 0) return null;
    const fault = this.faults[i] as PendingFault;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.faults.splice(i, 1);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }
}

/** The response a fault is served as: the provider's error body, a Retry-After on 429, HTML on 502. */
export function faultResponse(provider: FakeProvider, fault: Fault): Response {
  const headers: Record<string, string> = {};
  if (fault.status === 429 || fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds ?? 1);
  if (fault.status === 502) {
    // Gateways answer 502 with HTML: clients must not assume a JSON error body.
    return new Response('<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n', {
      status: 502,
      headers: { 'content-type': 'text/html', ...headers },
    });
  }
  if (fault.status === 429 && fault.quotaExceeded) {
    return new Response(JSON.stringify({ error: { status: 429, message: 'API rate limit exceeded', reason: 'QUOTA_EXCEEDED' } }), {
      status: 429,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    });
  }
  const message =
    fault.status === 429
      ? provider === 'ticketmaster'
        ? 'Rate limit quota violation. Quota limit  exceeded. Identifier : fake'
        : 'API rate limit exceeded'
      : fault.status === 503
        ? 'The Service is temporarily unavailable'
        : fault.status === 404
          ? 'Not found'
          : 'Internal server error';
  return providerError(provider, fault.status, message, headers);
}
