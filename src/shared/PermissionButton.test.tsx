import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { Actions } from '../contract';
import { setPermissions } from '../test/permissions';
import { PermissionButton } from './PermissionButton';

describe('PermissionButton', () => {
  it('is enabled and clickable with the permission', async () => {
    setPermissions([Actions.tenantsWrite]);
    const onClick = jest.fn();
    render(
      <PermissionButton action={Actions.tenantsWrite} onClick={onClick}>
        Suspend
      </PermissionButton>
    );
    await userEvent.click(screen.getByRole('button', { name: 'Suspend' }));
    expect(onClick).toHaveBeenCalled();
    expect(screen.queryByText(/You need the/)).not.toBeInTheDocument();
  });

  it('is disabled without it and says which role grants the action', async () => {
    setPermissions([Actions.tenantsRead]);
    const onClick = jest.fn();
    render(
      <PermissionButton action={Actions.tenantsWrite} onClick={onClick}>
        Suspend
      </PermissionButton>
    );
    const button = screen.getByRole('button', { name: 'Suspend' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      'You need the Switchyard Operator role (switchyard-controlplane-app.tenants:write)'
    );
    await userEvent.click(button);
    expect(onClick).not.toHaveBeenCalled();
  });

  it('names the least-privileged role: approvals need the Approver role, not Admin', () => {
    setPermissions([]);
    render(<PermissionButton action={Actions.operationsApprove}>Approve</PermissionButton>);
    expect(screen.getByRole('button', { name: 'Approve' })).toHaveAccessibleDescription(/Switchyard Approver role/);
  });
});
