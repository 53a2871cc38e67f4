/**
 * The request id of the work in progress (an API request, or the job a worker runs), so outbound
 * calls can send it on as X-Request-Id and the platform's logs line up with ours.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<{ requestId: string }>();

export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
