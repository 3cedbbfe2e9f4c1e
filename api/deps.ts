import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Db } from '../db/client';
import type { HttpStats } from '../providers/http';
import type { TicketmasterApi } from '../providers/types';
import type { ClientLimits } from './client-limits';

/** Everything the HTTP API needs from the outside world; main.ts wires the real ones, tests their own. */
export interface AppDeps {
  db: Db;
  temporal: Client;
  /** Task queue the ArtistImport workflows are started on. */
  taskQueue: string;
  ticketmaster: TicketmasterApi;
  /** Bearer token of the admin endpoints; without it they answer 403. */
  adminToken?: string;
  logger: Logger;
  /** How often an SSE stream queries a running import (default 100 ms). */
  progressPollMs?: number;
  /** A progress stream with nothing new for this long ends; EventSource reconnects with Last-Event-ID (default 10 min). */
  sseIdleTimeoutMs?: number;
  /**
   * A progress stream whose next write the client has not taken for this long is dropped (default
   * 30 s): its socket and buffers are freed; a live client reconnects with Last-Event-ID.
   */
  sseWriteTimeoutMs?: number;
  /** Interval of SSE keep-alive comments (default 15 s). */
  keepAliveMs?: number;
  /**
   * Upper bound of one Temporal call made while answering a request (default 5 s).
   * Without it the client's own retries on an unreachable server last ~20 s.
   */
  temporalTimeoutMs?: number;
  /** Per-client budgets of imports, searches and votes (shared by every API process); none when absent. */
  clientLimits?: ClientLimits;
  /** Signs the voter cookie; when absent, the process signs with a secret of its own. */
  voterCookieSecret?: string;
  /** Origins allowed by CORS: "*" (default) or a list. */
  corsOrigins?: '*' | string[];
  /** QueryWorkflow calls this process has sent to Temporal, retries included (served at /metrics). */
  temporalQueryCalls?: () => number;
  /** Request counters of the provider clients this process owns (served at /metrics). */
  providerStats?: () => Record<string, HttpStats>;
  /** How long a Ticketmaster search answer is reused (default 60 s; 0 disables the cache). */
  searchCacheTtlMs?: number;
  /** Namespace of the import workflows, for links into the Temporal UI (default "default"). */
  temporalNamespace?: string;
  /** Base URL of the Temporal Web UI; the fans' app links each import to its workflow there. */
  temporalUiUrl?: string;
  /** The built fans' web app (web/dist), served at `/`; unset, `/` answers 404. */
  webAppDir?: string;
  /** Aborted on shutdown: open SSE streams end so the server can close. */
  shutdownSignal?: AbortSignal;
}
