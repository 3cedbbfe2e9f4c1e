// Injected faults: what a test or harness asks for (the next N requests to a
// provider, optionally only paths containing some text and optionally only a
// share of them, fail with 404, 429 or 5xx, answer late, or answer 200 with a
// body that is cut short or of the wrong shape), the queue that hands them
// out one request at a time, and the response each fault is served as — in
// the failing service's own format.

import { z } from 'zod';
import { providerError } from './errors';
import { FAKE_PROVIDERS, type FakeProvider } from './mounts';
import { Rng } from './random';

export const providerSchema = z.enum(FAKE_PROVIDERS);

export const faultSchema = z
  .object({
    /** Only requests to this provider; all providers when absent. */
    provider: providerSchema.optional(),
    /** Only requests whose path + query string contains this text. */
    pathIncludes: z.string().min(1).optional(),
    /** 429 and 5xx are what a busy service answers; 404 is a lookup that finds nothing (or an endpoint that is gone). */
    status: z.union([z.literal(404), z.literal(429), z.literal(500), z.literal(502), z.literal(503)]).optional(),
    /**
     * The real answer (status 200), altered: `truncated` cuts its JSON in the
     * middle (a body that does not parse), `wrong-shape` replaces it with JSON
     * that is not the resource asked for (malformed provider data).
     */
    body: z.enum(['truncated', 'wrong-shape']).optional(),
    /** Waits this long before answering (with the fault's status or body, else the real answer): a source slower than its client's timeout. */
    delayMs: z.number().int().min(1).max(120_000).optional(),
    /** Only this share of the matching requests is hit (seeded, reproducible for the same order of requests); all when absent. */
    ratio: z.number().gt(0).max(1).optional(),
    /** How many of the next matching requests fail. */
    count: z.number().int().min(1).max(1_000_000).default(1),
    /** The fault lapses this long after it was injected, used up or not (a burst that ends whether or not anyone called). */
    forMs: z.number().int().min(1).max(3_600_000).optional(),
    /** Retry-After header (seconds); 429 always carries one (default 1). */
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    /** A Spotify 429 whose body says `"reason": "QUOTA_EXCEEDED"`: a spent quota, not a burst. */
    quotaExceeded: z.boolean().optional(),
  })
  .strict()
  .refine((f) => f.status !== undefined || f.body !== undefined || f.delayMs !== undefined, {
    error: 'a fault needs a status, a body or a delayMs',
    path: ['status'],
  })
  .refine((f) => f.status === undefined || f.body === undefined, { error: 'a fault is either an error status or an altered 200 body', path: ['body'] });
export type FaultSpec = z.input<typeof faultSchema>;
export type Fault = z.output<typeof faultSchema>;

/** POST /_fake/faults takes one fault, or `{ faults: [...] }`; choosing by shape keeps error paths precise. */
export const faultsBodySchema = z.preprocess(
  (body) => (typeof body === 'object' && body !== null && 'faults' in body ? body : { faults: [body] }),
  z.object({ faults: z.array(faultSchema).min(1).max(100) }).strict(),
);

export type PendingFault = Fault & { remaining: number; lapsesAt?: number };

/** Faults waiting to be served, first injected first served. */
export class FaultQueue {
  private faults: PendingFault[] = [];
  /** Decides which requests a fault with a `ratio` hits. */
  private readonly dice = new Rng('fault-ratio');

  inject(spec: FaultSpec): void {
    // Parsed here too: programmatic callers get the same validation as HTTP ones.
    const fault = faultSchema.parse(spec);
    this.faults.push({ ...fault, remaining: fault.count, ...(fault.forMs === undefined ? {} : { lapsesAt: Date.now() + fault.forMs }) });
  }

  pending(): PendingFault[] {
    this.dropLapsed();
    return this.faults.map((f) => ({ ...f }));
  }

  /** Consumes one use of the first pending fault matching the request, if any. */
  take(provider: FakeProvider, pathAndQuery: string): Fault | null {
    this.dropLapsed();
    // A fault with a ratio that lets this request pass leaves it to the next matching fault.
    const i = this.faults.findIndex(
      (f) =>
        f.remaining > 0 &&
        (f.provider === undefined || f.provider === provider) &&
        (f.pathIncludes === undefined || pathAndQuery.includes(f.pathIncludes)) &&
        (f.ratio === undefined || this.dice.next() < f.ratio),
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

  private dropLapsed(): void {
    const now = Date.now();
    this.faults = this.faults.filter((f) => f.lapsesAt === undefined || f.lapsesAt > now);
  }
}

/**
 * The real answer altered as the fault's `body` says (status 200 kept):
 * JSON cut in half, or JSON of another shape than the resource.
 */
export async function alteredResponse(real: Response, body: NonNullable<Fault['body']>): Promise<Response> {
  const headers = new Headers(real.headers);
  headers.delete('content-length');
  if (body === 'wrong-shape') {
    headers.set('content-type', 'application/json; charset=utf-8');
    return new Response(JSON.stringify({ unexpected: ['not', 'the', 'resource'], _embedded: 'malformed' }), { status: real.status, headers });
  }
  const text = await real.text();
  return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), { status: real.status, headers });
}

/** The response an error-status fault is served as: the provider's error body, a Retry-After on 429, HTML on 502. */
export function faultResponse(provider: FakeProvider, fault: Fault & { status: NonNullable<Fault['status']> }): Response {
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
