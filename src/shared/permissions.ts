import { config, hasPermission } from '@grafana/runtime';
import pluginJson from '../../plugin.json';
import type { Action } from '../contract';

/** Whether the signed-in user holds an RBAC action (plugin roles are granted to basic roles). */
export function can(action: Action): boolean {
  try {
    return hasPermission(action);
  } catch {
    // hasPermission throws until Grafana has registered the current user (setCurrentUser);
    // the boot data carries the same permission map.
    return Boolean(config.bootData?.user?.permissions?.[action]);
  }
}

interface PluginRole {
  role: { name: string; permissions: Array<{ action: string }> };
}

/** The least-privileged plugin role that grants `action`, from plugin.json `roles`. */
export function roleGranting(action: Action, roles: PluginRole[] = pluginJson.roles): string | undefined {
  const granting = roles.filter((r) => r.role.permissions.some((p) => p.action === action));
  granting.sort((a, b) => a.role.permissions.length - b.role.permissions.length);
  return granting[0]?.role.name;
}

/** Why a control is disabled: "You need the Switchyard Operator role (…tenants:write)". */
export function missingPermissionReason(action: Action): string {
  const role = roleGranting(action);
  return role ? `You need the ${role} role (${action})` : `You need the permission ${action}`;
}
