import type { ApiRequestError } from '../api/ApiRequestError';
import { toApiRequestError } from '../api/toApiRequestError';

/** The part of a scene's state a {@link LatestRequest} reports into. */
export interface LoadState {
  loading: boolean;
  error?: ApiRequestError;
}

/**
 * A scene's data load where only the latest request's answer is applied: each `run` supersedes
 * the one before, and `cancel` (call it on deactivate) drops whatever is still in flight.
 * `run` sets `loading: true` and clears `error`; a failure sets `loading: false` and the error;
 * on success `apply` receives the answer and sets the scene's state (including `loading: false`).
 */
export class LatestRequest {
  private seq = 0;

  constructor(private readonly setState: (patch: Partial<LoadState>) => void) {}

  run = async <T>(fetch: () => Promise<T>, apply: (result: T) => void): Promise<void> => {
    const seq = ++this.seq;
    this.setState({ loading: true, error: undefined });
    try {
      const result = await fetch();
      if (seq === this.seq) {
        apply(result);
      }
    } catch (e) {
      if (seq === this.seq) {
        this.setState({ loading: false, error: toApiRequestError(e) });
      }
    }
  };

  /**
   * A background refresh: supersedes the request before it like `run`, but leaves `loading` and
   * `error` alone (what is shown stays until the answer arrives). Resolves the failure, if any.
   */
  quiet = async <T>(fetch: () => Promise<T>, apply: (result: T) => void): Promise<ApiRequestError | undefined> => {
    const seq = ++this.seq;
    try {
      const result = await fetch();
      if (seq === this.seq) {
        apply(result);
      }
      return undefined;
    } catch (e) {
      return toApiRequestError(e);
    }
  };

  /** Drops the answer of any request in flight. */
  cancel = () => {
    this.seq++;
  };
}
