// The benchmarks' fan: sends the kickoffs scripts/lib/kickoff-client.ts asks
// for and times each, doing nothing else. Its HTTP client is warmed first
// (scripts/lib/measuring-client.ts), then it says it is ready.
import { postJson, serverTimings } from '../harness/http';
import type { KickoffAnswer, KickoffRequest } from './lib/kickoff-client';
import { warmMeasuringClient } from './lib/measuring-client';

const send = (answer: KickoffAnswer) => process.send!(answer);

async function kickoff({ id, url, tmAttractionId, fan }: KickoffRequest): Promise<KickoffAnswer> {
  const t0 = performance.now();
  const res = await postJson(url, { tmAttractionId }, { 'x-forwarded-for': fan });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 202) return { id, error: `import answered ${res.status}: ${body}` };
  return { id, ok: { ms, server: serverTimings(res) } };
}

if (!process.send) throw new Error('bench-kickoff-client runs as a child of scripts/lib/kickoff-client.ts');
process.on('message', (request: KickoffRequest) => {
  kickoff(request).then(send, (err: unknown) => send({ id: request.id, error: String(err) }));
});
// Leaves with its parent.
process.on('disconnect', () => process.exit(0));
await warmMeasuringClient();
send({ ready: true });
