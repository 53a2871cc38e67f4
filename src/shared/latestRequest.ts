import type { ApiRequestError } from '../api/ApiRequestError';
import { toApiRequestError } from '../api/toApiRequestError';

/** The part of a scene's state a {@link LatestRequest} reports into. */
export interface LoadState {
  loading: boolean;
  error?: ApiRequestError;
}

/**
 * Requests where only the latest one's answer counts: `begin()` supersedes the request before and
 * returns the check "is this still the latest?"; `cancel()` (on deactivate) drops whatever is in flight.
 */
export class RequestSequence {
  private seq = 0;

  begin = (): (() => boolean) => {
    const seq = ++this.seq;
    return () => seq === this.seq;
  };

  cancel = () => {
    this.seq++;
  };

  /**
   * Fetches as the latest request: `onAnswer` or `onError` runs only if no later request (nor
   * `cancel`) came meanwhile. Resolves whether the fetch succeeded, superseded or not.
   */
  run = async <T>(
    fetch: () => Promise<T>,
    onAnswer: (result: T) => void,
    onError: (error: ApiRequestError) => void
  ): Promise<boolean> => {
    const isLatest = this.begin();
    try {
      const result = await fetch();
      if (isLatest()) onAnswer(result);
      return true;
    } catch (e) {
      if (isLatest()) onError(toApiRequestError(e));
      return false;
    }
  };
}

/**
 * A scene's data load where only the latest request's answer is applied: each `run` supersedes
 * the one before, and `cancel` (call it on deactivate) drops whatever is still in flight.
 * `run` sets `loading: true` and clears `error`; a failure sets `loading: false` and the error;
 * on success `apply` receives the answer and sets the scene's state (including `loading: false`).
 */
export class LatestRequest {
  private readonly sequence = new RequestSequence();

  constructor(private readonly setState: (patch: Partial<LoadState>) => void) {}

  run = async <T>(fetch: () => Promise<T>, apply: (result: T) => void): Promise<void> => {
    this.setState({ loading: true, error: undefined });
    await this.sequence.run(fetch, apply, (error) => this.setState({ loading: false, error }));
  };

  /** Drops the answer of any request in flight. */
  cancel = () => this.sequence.cancel();
}
