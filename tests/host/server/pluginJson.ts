/**
 * Reads the plugin manifest the way Grafana does (the built `dist/plugin.json`, with `%PLUGIN_ID%`
 * replaced) and derives what Grafana derives from it: proxy routes, and the permissions a basic role
 * gets from `roles[].grants` (grants inherit upwards: Viewer → Editor → Admin, as in Grafana's
 * `BuiltInRolesWithParents`; "Grafana Admin" does not inherit).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Grafana's basic roles; `None` (no basic role) holds only what is assigned to the account directly. */
export type BasicRole = 'None' | 'Viewer' | 'Editor' | 'Admin';

export interface RouteHeader {
  name: string;
  content: string;
}

export interface PluginRoute {
  path: string;
  method?: string;
  url?: string;
  reqRole?: string;
  reqAction?: string;
  reqSignedIn?: boolean;
  headers?: RouteHeader[];
  body?: unknown;
}

export interface PluginManifest {
  id: string;
  name: string;
  type: string;
  info: { version: string; logos: { small: string; large: string }; [k: string]: unknown };
  includes?: Array<{
    type: string;
    name: string;
    path?: string;
    role?: string;
    action?: string;
    addToNav?: boolean;
    defaultNav?: boolean;
    icon?: string;
  }>;
  roles?: Array<{
    role: { name: string; description?: string; permissions: Array<{ action: string; scope?: string }> };
    grants: string[];
  }>;
  routes?: PluginRoute[];
  dependencies: { grafanaDependency: string };
}

const PARENTS: Record<string, string[]> = { Viewer: ['Editor', 'Admin'], Editor: ['Admin'], Admin: [] };

/** Loads `<distDir>/plugin.json` (what Grafana serves), else the source manifest next to it. */
export function loadManifest(distDir: string, fallbackFile?: string): PluginManifest {
  const built = join(distDir, 'plugin.json');
  const file = existsSync(built) ? built : fallbackFile;
  if (!file || !existsSync(file)) {
    throw new Error(`plugin.json not found in ${distDir}`);
  }
  const raw = JSON.parse(readFileSync(file, 'utf8')) as PluginManifest;
  return JSON.parse(JSON.stringify(raw).replace(/%PLUGIN_ID%/g, raw.id)) as PluginManifest;
}

/** The basic roles that receive a grant, with Grafana's upward inheritance. */
export function rolesWithParents(grants: string[]): Set<string> {
  const out = new Set<string>();
  for (const g of grants) {
    out.add(g);
    for (const p of PARENTS[g] ?? []) {
      out.add(p);
    }
  }
  return out;
}

/** Plugin actions held by a user with this basic role (and optionally the Grafana server admin flag). */
export function pluginPermissions(
  manifest: PluginManifest,
  role: BasicRole,
  isGrafanaAdmin = false,
  assignedRoles: readonly string[] = []
): string[] {
  const actions = new Set<string>();
  for (const r of manifest.roles ?? []) {
    const holders = rolesWithParents(r.grants);
    if (holders.has(role) || (isGrafanaAdmin && holders.has('Grafana Admin')) || assignedRoles.includes(r.role.name)) {
      for (const p of r.role.permissions) {
        actions.add(p.action);
      }
    }
  }
  return [...actions].sort();
}

/** Grafana's basic role hierarchy for `reqRole` (HasRole: Admin ⊇ Editor ⊇ Viewer). */
export function roleIncludes(userRole: BasicRole, required: string): boolean {
  const rank: Record<string, number> = { Viewer: 1, Editor: 2, Admin: 3 };
  return (rank[userRole] ?? 0) >= (rank[required] ?? 99);
}
