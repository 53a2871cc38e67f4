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
    const latest = this.sequence.begin();
    this.setState({ loading: true, error: undefined });
    try {
      const result = await fetch();
      if (latest()) {
        apply(result);
      }
    } catch (e) {
      if (latest()) {
        this.setState({ loading: false, error: toApiRequestError(e) });
      }
    }
  };

  /**
   * A background refresh: supersedes the request before it like `run`, but leaves `loading` and
   * `error` alone (what is shown stays until the answer arrives). Resolves the failure, if any.
   */
  quiet = async <T>(fetch: () => Promise<T>, apply: (result: T) => void): Promise<ApiRequestError | undefined> => {
    const latest = this.sequence.begin();
    try {
      const result = await fetch();
      if (latest()) {
        apply(result);
      }
      return undefined;
    } catch (e) {
      return toApiRequestError(e);
    }
  };

  /** Drops the answer of any request in flight. */
  cancel = () => this.sequence.cancel();
}
