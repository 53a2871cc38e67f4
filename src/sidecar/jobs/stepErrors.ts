/**
 * Errors a step can end with besides the adapters' PlatformCallError (platform/platformCallError.ts):
 * `StepError` is a decided outcome of a step with the remediation an operator sees. Neither carries
 * response bodies or secret values.
 */
export class StepError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly remediation: string,
    readonly transient = false
  ) {
    super(message);
    this.name = 'StepError';
  }
}

/** Raised inside a step when the job lost its lease or its step timed out; never retried by the step. */
export class StepAborted extends Error {
  constructor(readonly why: 'timeout' | 'lease_lost' | 'shutdown' | 'cancelled') {
    super(`step aborted: ${why}`);
    this.name = 'StepAborted';
  }
}
