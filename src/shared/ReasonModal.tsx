import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Field, Modal, TextArea, useStyles2 } from '@grafana/ui';
import React, { useEffect, useId, useState } from 'react';
import { ReasonSchema } from '../contract';
import { testIds } from './testIds';

export interface ReasonModalProps {
  isOpen: boolean;
  title: string;
  /** What will happen, shown above the reason field. */
  description?: React.ReactNode;
  confirmText: string;
  /** True while the request runs: the form is locked. */
  busy?: boolean;
  /** The change may not run yet (its plan is loading or refused it); the reason can still be typed. */
  submitDisabled?: boolean;
  /** An error from the last attempt (the modal stays open so the user can retry or cancel). */
  error?: React.ReactNode;
  onSubmit: (reason: string) => void;
  onDismiss: () => void;
}

/**
 * Asks for the one reason every change needs (at least 3 characters). Keyboard friendly: the
 * field takes focus, Enter submits (Shift+Enter adds a line), Esc cancels.
 */
export function ReasonModal({
  isOpen,
  title,
  description,
  confirmText,
  busy,
  submitDisabled,
  error,
  onSubmit,
  onDismiss,
}: ReasonModalProps) {
  const styles = useStyles2(getStyles);
  const inputId = useId();
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();

  useEffect(() => {
    if (isOpen) {
      setReason('');
      setInvalid(undefined);
    }
  }, [isOpen]);

  const submit = () => {
    if (busy || submitDisabled) {
      return;
    }
    const parsed = ReasonSchema.safeParse(reason);
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message ?? 'Give a reason');
      return;
    }
    setInvalid(undefined);
    onSubmit(parsed.data);
  };

  return (
    <Modal isOpen={isOpen} title={title} onDismiss={onDismiss} closeOnEscape>
      <form
        data-testid={testIds.reasonModal.dialog}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {description && <div className={styles.description}>{description}</div>}
        <Field
          label="Reason"
          description="Recorded in the audit trail with your name."
          invalid={Boolean(invalid)}
          error={invalid}
          htmlFor={inputId}
        >
          <TextArea
            id={inputId}
            data-testid={testIds.reasonModal.input}
            value={reason}
            rows={3}
            autoFocus
            disabled={busy}
            placeholder="Why is this change needed?"
            onChange={(e) => setReason(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                submit();
              }
            }}
          />
        </Field>
        {error && (
          <Alert severity="error" title="The change was refused" data-testid={testIds.reasonModal.error}>
            {error}
          </Alert>
        )}
        <Modal.ButtonRow>
          <Button
            variant="secondary"
            fill="outline"
            type="button"
            onClick={onDismiss}
            data-testid={testIds.reasonModal.cancel}
          >
            Cancel
          </Button>
          <Button
            type="submit"
            disabled={busy || submitDisabled}
            icon={busy ? 'spinner' : undefined}
            data-testid={testIds.reasonModal.submit}
          >
            {confirmText}
          </Button>
        </Modal.ButtonRow>
      </form>
    </Modal>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  description: css({ marginBottom: theme.spacing(2) }),
});
