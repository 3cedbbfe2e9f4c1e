// Provider requests that must leave by a deadline (a rate grant's: see
// request-permits.ts). The deadline is checked when undici has a connected
// socket for the request and is about to write it (the handler's onConnect),
// so the time a request spends getting there — the event loop of a busy
// process, a new connection (measured: 35–60 ms on loopback in a worker
// starved of CPU) — counts against it. A request past its deadline is not
// written: fetch rejects, and the permits ask again. The connection stays open
// for the next request (undici catches what onConnect throws and drops only
// the request; abort() would destroy the socket too).
import { Agent, DecoratorHandler, type Dispatcher } from 'undici';

/** A request that was not sent: it would have left after its deadline. */
export class SendDeadlinePassed extends Error {
  constructor(readonly deadline: number) {
    super(`not sent: it would have left ${Date.now() - deadline} ms after its deadline`);
    this.name = 'SendDeadlinePassed';
  }
}

/** Whether a request with this deadline may no longer be written. */
export function deadlinePassed(deadline: number): boolean {
  return Date.now() > deadline;
}

class DeadlineHandler extends DecoratorHandler {
  constructor(
    handler: Dispatcher.DispatchHandlers,
    private readonly deadline: number,
  ) {
    super(handler);
  }

  onConnect(abort: (err?: Error) => void): void {
    if (deadlinePassed(this.deadline)) throw new SendDeadlinePassed(this.deadline);
    (DecoratorHandler.prototype as Dispatcher.DispatchHandlers).onConnect?.call(this, abort);
  }
}

/** The providers' connection pools (one per origin, kept alive between requests), for this process. */
const agent = new Agent();

/** Dispatches on the providers' pools; with a deadline, a request is written only until then. */
export function providerDispatcher(deadline: number): Dispatcher {
  if (deadline === Infinity) return agent;
  return agent.compose((dispatch) => (options, handler) => dispatch(options, new DeadlineHandler(handler, deadline)));
}
