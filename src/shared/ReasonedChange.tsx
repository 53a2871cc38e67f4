import React from 'react';
import type { ApiRequestError } from '../api/ApiRequestError';
import { newIdempotencyKey } from '../api/idempotencyKey';
import { toApiRequestError } from '../api/toApiRequestError';
import { ApiErrorAlert, ApiErrorDetails } from './ApiErrorAlert';
import type { ReasonModalProps } from './ReasonModal';

/** The part of a page scene's state a {@link ReasonedChange} keeps. */
export interface ChangeState<P> {
  /** The change asked for, waiting for its reason; one Idempotency-Key per intent (a retry resends it). */
  pending?: P & { key: string };
  busy: boolean;
  /** The last change's failure: in the dialog while it is open, above the page once it is closed. */
  actionError?: ApiRequestError;
}

/** The scene whose state holds the change (any scene object whose state extends {@link ChangeState}). */
interface ChangeHost<P> {
  readonly state: ChangeState<P>;
  setState(patch: Partial<ChangeState<P>>): void;
}

/**
 * A page's changes that need a reason: `ask` opens the reason dialog with a fresh idempotency key,
 * `confirm` runs the change once (busy meanwhile; a failure keeps the dialog open with the error),
 * `dismiss` closes the dialog unless the change runs. After a change, `done` (usually a reload).
 */
export class ReasonedChange<P> {
  constructor(
    private readonly host: ChangeHost<P>,
    private readonly run: (change: P & { key: string }, reason: string) => Promise<void>,
    private readonly done: () => void
  ) {}

  /** Opens the dialog for `change`; resolves its idempotency key (to recognise the same intent later). */
  ask = (change: P): string => {
    const key = newIdempotencyKey();
    this.host.setState({ pending: { ...change, key }, actionError: undefined });
    return key;
  };

  dismiss = () => {
    if (!this.host.state.busy) this.host.setState({ pending: undefined, actionError: undefined });
  };

  confirm = async (reason: string) => {
    const p = this.host.state.pending;
    if (!p || this.host.state.busy) return;
    await this.perform(() => this.run(p, reason), { pending: undefined });
  };

  /** A change without the dialog (a form's submit): busy meanwhile, a failure in `actionError`. */
  perform = async (change: () => Promise<void>, onSuccess: Partial<ChangeState<P>> = {}) => {
    this.host.setState({ busy: true, actionError: undefined });
    try {
      await change();
      this.host.setState({ busy: false, ...onSuccess });
      this.done();
    } catch (e) {
      this.host.setState({ busy: false, actionError: toApiRequestError(e) });
    }
  };
}

/** The reason dialog's wiring to the change: busy, the failure inside the dialog, submit and dismiss. */
export function changeDialog<P>(
  s: ChangeState<P>,
  change: ReasonedChange<P>
): Pick<ReasonModalProps, 'isOpen' | 'busy' | 'error' | 'onSubmit' | 'onDismiss'> {
  return {
    isOpen: true,
    busy: s.busy,
    error: s.actionError ? <ApiErrorDetails error={s.actionError} /> : undefined,
    onSubmit: change.confirm,
    onDismiss: change.dismiss,
  };
}

/** A change that failed once its dialog was closed (or one without a dialog), above the page. */
export function ChangeFailed<P>({ state, onRetry }: { state: ChangeState<P>; onRetry: () => void }) {
  return state.actionError && !state.pending ? (
    <ApiErrorAlert title="The change was not made" error={state.actionError} onRetry={onRetry} />
  ) : null;
}
