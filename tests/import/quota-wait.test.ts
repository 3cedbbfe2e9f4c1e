// The real ArtistImport workflow through spent provider quotas in the catalog
// and setlists phases (stub activities: a `quota-…` import's album listing and
// setlists import are each refused once with ProviderQuotaSpent, as the real
// activities are when the shared quota is spent): the import waits for each
// reset on a durable timer, says so while it waits and keeps a warning, and
// completes. (The identity and shows phases, against the fakes: provider-limits.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../domain/progress';
import { readSse, sseJson } from '../../harness/sse';
// The API first: it extends zod with .openapi() before any schema is built.
import { startStubSystem, type StubSystem } from '../api/fixtures/stub-system';
import { QUOTA_RESET_MS, STUB_RESULT } from '../api/fixtures/activities';
import { uniqueId } from '../api/helpers';

let sys: StubSystem;
beforeAll(async () => {
  sys = await startStubSystem();
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

describe('an import meeting spent quotas', () => {
  it('waits for each reset on a timer, says so, and completes', async () => {
    const id = uniqueId('quota-');
    const started = Date.now();
    const { artistId, workflowId } = await sys.startImport(id);
    const stream = await readSse(`${sys.api.url}/api/artists/${artistId}/stream`, {
      stopWhen: (events) => events.some((e) => e.event === 'done' || e.event === 'failed'),
      timeoutMs: 60_000,
    });
    const messages = stream.events.filter((e) => e.event === 'progress').map((e) => sseJson<ImportProgress>(e).message);
    expect(messages.some((m) => /^Waiting for the Spotify quota until \d\d:\d\d(:\d\d)? UTC$/.test(m))).toBe(true);
    expect(messages.some((m) => /^Waiting for the setlist\.fm quota until \d\d:\d\d(:\d\d)? UTC$/.test(m))).toBe(true);

    const final = await sys.client.workflow.getHandle(workflowId).result();
    expect(final.status).toBe('completed');
    expect(final.counts.songs).toBe(STUB_RESULT.songs);
    expect(final.counts.setlistsCreated).toBe(STUB_RESULT.setlists);
    const warnings = final.warnings.join('\n');
    expect(warnings).toMatch(/The Spotify request quota \(3 requests per UTC day\) was spent: the import waited from [\d:]+ UTC until [\d:]+ UTC, then went on/);
    expect(warnings).toMatch(/The setlist\.fm request quota \(3 requests per UTC day\) was spent/);
    // Two waits of at least the time to each reset.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * QUOTA_RESET_MS);
    const history = await sys.client.workflow.getHandle(workflowId).fetchHistory();
    // The quota waits' timers (the import's deadline has timers of its own, of hours, stopped during each wait).
    const seconds = (e: (typeof history.events & object)[number]) => Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? Infinity);
    expect((history.events ?? []).filter((e) => e.timerStartedEventAttributes && seconds(e) < 60)).toHaveLength(2);
  }, 90_000);
});
