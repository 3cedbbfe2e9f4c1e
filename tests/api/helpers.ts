// What the API tests share besides the harness (harness/http.ts serves the
// app, harness/sse.ts reads its streams): loggers, unique ids so test files
// can share one database, and polling.
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';

export function testLogger(): Logger {
  return pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}

export interface LogEntry {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** A debug-level logger whose entries the test can read. */
export function capturingLogger(): { logger: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void entries.push(JSON.parse(line) as LogEntry) });
  return { logger, entries };
}

/** An id no other test (or test file) uses: [A-Za-z0-9_-] like a Ticketmaster attraction id. */
export function uniqueId(prefix = 'K'): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
