// A short activity that never heartbeats itself still tells Temporal it is
// alive (worker/liveness-heartbeats.ts): run longer than its 15 s heartbeat
// timeout, it completes in its first attempt instead of timing out — which is
// what lets a dead worker be noticed in 15 s rather than at the 2 min limit.
import { afterAll, beforeAll, expect, it } from 'vitest';
// The API first: it extends zod with .openapi() before any schema is built.
import { startStubSystem, type StubSystem } from '../api/fixtures/stub-system';
import { SLOW_IDENTITY_MS } from '../api/fixtures/activities';
import { uniqueId } from '../api/helpers';

let sys: StubSystem;
beforeAll(async () => {
  sys = await startStubSystem();
}, 120_000);
afterAll(async () => {
  await sys?.stop();
});

it('keeps a short activity that outlasts its heartbeat timeout alive: one attempt, the import completes', async () => {
  const { workflowId } = await sys.startImport(uniqueId('slowid-'));
  const handle = sys.client.workflow.getHandle(workflowId);
  const final = await handle.result();
  expect(final.status).toBe('completed');
  const events = (await handle.fetchHistory()).events ?? [];
  const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'resolveIdentity');
  expect(Number(scheduled?.activityTaskScheduledEventAttributes?.heartbeatTimeout?.seconds)).toBeLessThan(SLOW_IDENTITY_MS / 1000);
  const started = events.filter((e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() === scheduled?.eventId?.toString());
  expect(started.map((e) => e.activityTaskStartedEventAttributes?.attempt)).toEqual([1]);
  expect(events.some((e) => e.activityTaskTimedOutEventAttributes)).toBe(false);
}, 90_000);
