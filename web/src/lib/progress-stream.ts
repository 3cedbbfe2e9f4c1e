// Follows one import's progress: the SSE stream first (EventSource reconnects
// by itself and sends Last-Event-ID, so the server resumes after the last
// version seen); when the stream keeps failing, polling /status instead, and
// trying the stream again from time to time. Every message is parsed with the
// domain's own schema: this is where data enters the app.
import { ImportProgressSchema } from '../../../domain/progress-schema';
import type { ImportProgress } from '../../../api/contract';
import { api } from './api';

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'ended';

export interface ProgressListener {
  onProgress(progress: ImportProgress): void;
  onConnection(connection: Connection): void;
}

/** Stream errors in a row (no message in between) before polling takes over. */
const ERRORS_BEFORE_POLLING = 3;
const POLL_MS = 1_500;
/** While polling, the stream is tried again after this many polls. */
const POLLS_BEFORE_STREAM_RETRY = 10;
/**
 * A stream that stays open but silent this long is cross-checked against
 * /status: an import that ended while its stream missed the end (seen under
 * heavy load) must not leave the bar running forever.
 */
const SILENCE_CHECK_MS = 5_000;

function parse(data: string): ImportProgress | null {
  try {
    const parsed = ImportProgressSchema.safeParse(JSON.parse(data));
    if (parsed.success) return parsed.data;
    console.warn('A progress message did not match the schema', parsed.error.issues);
  } catch {
    console.warn('A progress message was not JSON');
  }
  return null;
}

/** Starts following; the returned function stops. */
export function followProgress(artistId: string, listener: ProgressListener): () => void {
  let stopped = false;
  let source: EventSource | null = null;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let lastVersion: number | null = null;
  let errorsInRow = 0;
  let polling = false;
  let lastMessageAt = Date.now();

  const deliver = (progress: ImportProgress) => {
    lastVersion = Math.max(lastVersion ?? 0, progress.version);
    listener.onProgress(progress);
    if (progress.status !== 'running') end();
  };
  const end = () => {
    stopped = true;
    source?.close();
    clearTimeout(pollTimer);
    clearInterval(silenceCheck);
    listener.onConnection('ended');
  };
  const silenceCheck = setInterval(() => {
    if (stopped || polling || Date.now() - lastMessageAt < SILENCE_CHECK_MS) return;
    lastMessageAt = Date.now();
    api.status(artistId).then(
      (progress) => {
        if (!stopped && (progress.status !== 'running' || progress.version > (lastVersion ?? -1))) deliver(progress);
      },
      () => {}, // the stream is still the source; the next check tries again
    );
  }, SILENCE_CHECK_MS / 5);

  const openStream = () => {
    if (stopped) return;
    // A new EventSource (page reload, return from polling) resumes through the query parameter.
    const resume = lastVersion === null ? '' : `?lastEventId=${lastVersion}`;
    const es = new EventSource(`/api/artists/${encodeURIComponent(artistId)}/stream${resume}`);
    source = es;
    errorsInRow = 0;
    polling = false;
    lastMessageAt = Date.now();
    listener.onConnection('connecting');
    const onMessage = (event: MessageEvent<string>) => {
      lastMessageAt = Date.now();
      const progress = parse(event.data);
      if (!progress) {
        // An unreadable message counts as a failure of the stream: /status takes over if it repeats.
        onStreamError();
        return;
      }
      errorsInRow = 0;
      listener.onConnection('live');
      deliver(progress);
    };
    const onStreamError = () => {
      if (stopped) return;
      errorsInRow += 1;
      if (es.readyState === EventSource.CLOSED || errorsInRow >= ERRORS_BEFORE_POLLING) {
        es.close();
        startPolling();
      } else {
        listener.onConnection('reconnecting');
      }
    };
    es.addEventListener('progress', onMessage);
    es.addEventListener('done', onMessage);
    es.addEventListener('failed', onMessage);
    es.onopen = () => listener.onConnection('live');
    es.onerror = onStreamError;
  };

  const startPolling = () => {
    polling = true;
    listener.onConnection('polling');
    let polls = 0;
    const poll = async () => {
      if (stopped) return;
      try {
        deliver(await api.status(artistId));
      } catch {
        // Still unreachable: the next poll tries again.
      }
      if (stopped) return;
      polls += 1;
      if (polls >= POLLS_BEFORE_STREAM_RETRY) openStream();
      else pollTimer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
  };

  openStream();
  return () => {
    stopped = true;
    source?.close();
    clearTimeout(pollTimer);
    clearInterval(silenceCheck);
  };
}
