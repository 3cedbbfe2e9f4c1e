import { z } from 'zod';
import { ProviderError } from './errors';
import type { HttpResponse } from './http';
import type { Validated } from './types';

/**
 * The part of a response that must be right for the call to mean anything
 * (paging numbers, the list container). A mismatch fails the call with the
 * offending field paths: it is a contract change, not a bad item.
 */
export function parseEnvelope<S extends z.ZodType>(schema: S, response: HttpResponse): z.output<S> {
  const parsed = schema.safeParse(response.body);
  if (parsed.success) return parsed.data;
  throw new ProviderError({
    source: response.source,
    method: response.method,
    path: response.path,
    status: response.status,
    kind: 'invalid-response',
    retryable: false,
    detail: describeIssues(parsed.error),
  });
}

/** Each item on its own: one malformed item is counted and dropped, the rest are kept. */
export function parseItems<T>(schema: z.ZodType<T>, raw: readonly unknown[]): Validated<T> {
  const items: T[] = [];
  let skipped = 0;
  for (const item of raw) {
    const parsed = schema.safeParse(item);
    if (parsed.success) items.push(parsed.data);
    else skipped++;
  }
  return { items, skipped };
}

function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(body)';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return `unexpected shape — ${issues.join('; ')}${more}`;
}

/** Case-, accent- and spacing-insensitive form of a name, for exact-match comparisons. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
