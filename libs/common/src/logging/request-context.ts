import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What ties log lines and events to the request (or the message) that caused them: the request id
 * names one HTTP request, the correlation id one piece of work across processes (a referral from
 * its POST to the police's acknowledgement). Kept in an AsyncLocalStorage, so the write path,
 * consumers and loggers read it without every call passing it on.
 */
export interface RequestContext {
  /** This request's id (X-Request-Id); absent for work that did not start with a request (a consumed message). */
  requestId?: string;
  correlationId: string;
}

export const REQUEST_ID_HEADER = 'X-Request-Id';
export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

/** Ids a client may choose: short and harmless in a log line or a header. */
const TRACE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

const storage = new AsyncLocalStorage<RequestContext>();

/** The id as given when it is one (1-100 of A-Z a-z 0-9 . _ : -), otherwise undefined. */
export function acceptedTraceId(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && TRACE_ID.test(first) ? first : undefined;
}

/** Runs `work` (and everything it starts) in `context`. */
export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the work in hand, if any. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
