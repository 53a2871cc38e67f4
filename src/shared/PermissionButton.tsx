import { css } from '@emotion/css';
import { Button, Tooltip, useStyles2, type ButtonProps } from '@grafana/ui';
import React, { useId } from 'react';
import { can, missingPermissionReason } from './permissions';
import type { Action } from '../contract';
import { testIds } from './testIds';

export type PermissionButtonProps = ButtonProps & {
  /** The RBAC action the button's effect needs. */
  action: Action;
};

/**
 * A button that is disabled, with the reason, when the user lacks `action`. The reason is a
 * tooltip and the button's accessible description, so it is shown on hover, focus and to screen
 * readers. Nav gating does not protect actions; the sidecar re-checks, this explains.
 */
export function PermissionButton({ action, disabled, children, ...rest }: PermissionButtonProps) {
  const styles = useStyles2(getStyles);
  const reasonId = useId();
  if (can(action)) {
    return (
      <Button disabled={disabled} {...rest}>
        {children}
      </Button>
    );
  }
  const reason = missingPermissionReason(action);
  return (
    <Tooltip content={reason}>
      <span className={styles.wrapper} tabIndex={0}>
        <Button {...rest} disabled aria-describedby={reasonId} title={reason}>
          {children}
        </Button>
        <span id={reasonId} className={styles.srOnly} data-testid={testIds.permissionReason}>
          {reason}
        </span>
      </span>
    </Tooltip>
  );
}

const getStyles = () => ({
  wrapper: css({ display: 'inline-flex' }),
  srOnly: css({
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  }),
});
