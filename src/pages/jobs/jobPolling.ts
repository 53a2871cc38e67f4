/**
 * Polling of a job page with back-off: fast while the job is changing, slower while it is not,
 * slower still after errors; stops once the job is terminal.
 */
export const POLL_MIN_MS = 1000;
export const POLL_IDLE_MAX_MS = 10_000;
export const POLL_ERROR_MAX_MS = 30_000;

export function nextPollDelay(previousMs: number | undefined, outcome: 'changed' | 'unchanged' | 'error'): number {
  if (outcome === 'changed' || previousMs === undefined) {
    return outcome === 'error' ? POLL_MIN_MS * 2 : POLL_MIN_MS;
  }
  if (outcome === 'unchanged') {
    return Math.min(Math.round(previousMs * 1.5), POLL_IDLE_MAX_MS);
  }
  return Math.min(previousMs * 2, POLL_ERROR_MAX_MS);
}
