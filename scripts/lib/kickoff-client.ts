// The kickoffs a benchmark times, sent by a process of its own
// (scripts/bench-kickoff-client.ts). The bench process also serves the fake
// providers, holds a Temporal client and samples memory: a kickoff it timed
// itself also timed that process's event loop. Traced on the first kickoff
// after ready, it wrote a request's body 11 ms after its headers, and read
// the answer 6–12 ms after the API had sent it. A fan's browser shares an
// event loop with none of that.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A kickoff as its client timed it: from the request's start until the answer's body was read. */
export interface TimedKickoff {
  ms: number;
  /** The API's Server-Timing durations (limit, claim, temporal, total). */
  server: Record<string, number>;
}

/** What the bench asks of the client process, and its answers (by id). */
export type KickoffRequest = { id: number; url: string; tmAttractionId: string; fan: string };
export type KickoffAnswer = { ready: true } | ({ id: number } & ({ ok: TimedKickoff } | { error: string }));

export interface KickoffClient {
  /**
   * POSTs `{ tmAttractionId }` to `url` as the fan at address `fan` (sent as
   * X-Forwarded-For: the API must trust it, TRUST_PROXY); fails unless the
   * API answers 202.
   */
  kickoff(url: string, tmAttractionId: string, fan: string): Promise<TimedKickoff>;
  close(): void;
}

const SCRIPT = fileURLToPath(new URL('../bench-kickoff-client.ts', import.meta.url));

/** Starts the client process; resolves once its HTTP client is warm. */
export async function startKickoffClient(): Promise<KickoffClient> {
  const child: ChildProcess = fork(SCRIPT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve: (k: TimedKickoff) => void; reject: (err: Error) => void }>();
  let nextId = 0;
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => {
      const err = new Error(`the kickoff client exited (${code})`);
      reject(err);
      for (const w of waiting.values()) w.reject(err);
      waiting.clear();
    });
    child.on('message', (answer: KickoffAnswer) => {
      if ('ready' in answer) return resolve();
      const w = waiting.get(answer.id);
      waiting.delete(answer.id);
      if ('ok' in answer) w?.resolve(answer.ok);
      else w?.reject(new Error(answer.error));
    });
  });
  await ready;
  return {
    kickoff: (url, tmAttractionId, fan) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        child.send({ id, url, tmAttractionId, fan } satisfies KickoffRequest);
      }),
    close: () => void child.kill(),
  };
}
