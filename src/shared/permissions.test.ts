import { Actions } from '../contract';
import { setPermissions } from '../test/permissions';
import { can, missingPermissionReason, roleGranting } from './permissions';

describe('permissions', () => {
  it('reads the current user permissions through hasPermission', () => {
    setPermissions([Actions.tenantsRead]);
    expect(can(Actions.tenantsRead)).toBe(true);
    expect(can(Actions.tenantsWrite)).toBe(false);
  });

  it('names the least-privileged plugin role granting an action', () => {
    expect(roleGranting(Actions.tenantsRead)).toBe('Switchyard Viewer');
    expect(roleGranting(Actions.tenantsWrite)).toBe('Switchyard Operator');
    expect(roleGranting(Actions.auditExport)).toBe('Switchyard Auditor');
  });

  it('explains a missing permission with the role and the action', () => {
    expect(missingPermissionReason(Actions.tenantsWrite)).toBe(
      'You need the Switchyard Operator role (switchyard-controlplane-app.tenants:write)'
    );
  });
});
