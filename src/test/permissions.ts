import type { CurrentUserDTO } from '@grafana/data';
import { setCurrentUser } from '@grafana/runtime';
import { Actions, type Action } from '../contract';

/** The signed-in user every test sees; its permission map is replaced per test. */
const currentUser = { login: 'tester', orgId: 1, orgRole: 'Editor', permissions: {} } as unknown as CurrentUserDTO;
let registered = false;

/** Grants exactly these RBAC actions to the test user (hasPermission reads them). */
export function setPermissions(actions: Action[]): void {
  if (!registered) {
    setCurrentUser(currentUser);
    registered = true;
  }
  currentUser.permissions = Object.fromEntries(actions.map((a) => [a, true]));
}

export const VIEWER: Action[] = [Actions.tenantsRead, Actions.activityRead];
/** The Switchyard Auditor role: the Audit page (search, verify, security log) and the export. */
export const AUDITOR: Action[] = [Actions.auditRead, Actions.auditExport];
export const OPERATOR: Action[] = [...VIEWER, Actions.tenantsWrite];

/** Operations roles: the hub and job pages (read), running actions (execute), approving (approve). */
export const OPS_VIEWER: Action[] = [...VIEWER, Actions.operationsRead];
export const OPS_OPERATOR: Action[] = [...OPERATOR, Actions.operationsRead, Actions.operationsExecute];
export const OPS_APPROVER: Action[] = [...OPS_OPERATOR, Actions.operationsApprove];
