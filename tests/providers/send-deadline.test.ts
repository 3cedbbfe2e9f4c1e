// Provider requests with a deadline (providers/send-deadline.ts): one that
// reaches its socket after the deadline is never written — the server sees
// nothing — and the connection stays open for the next request.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetch } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { providerDispatcher, SendDeadlinePassed } from '../../providers/send-deadline';

let server: Server;
let url: string;
const seen: string[] = [];
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((closed) => server.close(() => closed()));
});

it('does not write a request past its deadline, and keeps the connection for the next', async () => {
  // In time: sent, and the connection is open.
  const first = await fetch(`${url}/first`, { dispatcher: providerDispatcher(Date.now() + 60_000) });
  expect(await first.json()).toEqual({});
  await sleep(20); // undici puts a socket back in its pool just after the body is read

  const late = fetch(`${url}/late`, { dispatcher: providerDispatcher(Date.now() - 1) });
  const error = await late.then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(TypeError);
  expect((error as TypeError).cause).toBeInstanceOf(SendDeadlinePassed);
  await sleep(20);

  const next = await fetch(`${url}/next`, { dispatcher: providerDispatcher(Infinity) });
  expect(await next.json()).toEqual({});
  expect(seen).toEqual(['/first', '/next']);
  expect(connections).toBe(1);
});
