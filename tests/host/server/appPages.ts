/**
 * What Grafana does with an app's page includes for one user (newest code read):
 * - the nav (`navtreeimpl.processAppPlugin` + `hasAccessToInclude`): a page include with `addToNav` is a
 *   child of the app's nav entry when the user holds its `action`, or — only for an include without an
 *   `action` — has at least its `role`;
 * - a full page load (`middleware.RoleAppPluginAuth` on `/a/:id/*`): the include whose path equals the
 *   requested path (both `filepath.Clean`ed, leading `/` trimmed) is checked the same way; refused, a
 *   browser request is redirected to the home page (`accessForbidden`). Other paths are not checked.
 * Actions prefixed with the plugin id are evaluated as the plain permission (`GetPluginRouteEvaluator`).
 */
import { posix } from 'node:path';
import { roleIncludes, type BasicRole, type PluginManifest } from './pluginJson';

type Include = NonNullable<PluginManifest['includes']>[number];

export interface PageUser {
  role: BasicRole;
  permissions: Record<string, boolean>;
}

export interface NavLink {
  id?: string;
  text: string;
  url: string;
  children?: NavLink[];
}

function hasAccessToInclude(include: Include, user: PageUser): boolean {
  // Grafana's plugin loader gives an include without a role the Viewer role.
  return include.action ? user.permissions[include.action] === true : roleIncludes(user.role, include.role ?? 'Viewer');
}

const pagePath = (manifest: PluginManifest, include: Include) =>
  (include.path ?? '').replace('%PLUGIN_ID%', manifest.id);

/** The app's nav entry with the page includes this user may see. */
export function appNavLink(manifest: PluginManifest, user: PageUser): NavLink {
  const pages = (manifest.includes ?? []).filter((i) => i.type === 'page' && i.addToNav && hasAccessToInclude(i, user));
  const home = pages.find((i) => i.defaultNav);
  return {
    id: `plugin-page-${manifest.id}`,
    text: manifest.name,
    url: home ? pagePath(manifest, home) : `/a/${manifest.id}`,
    children: pages.map((i) => ({ text: i.name, url: pagePath(manifest, i) })),
  };
}

const normalize = (p: string) => posix.normalize(p).replace(/^\/+/, '').replace(/\/+$/, '');

/** Whether Grafana refuses a full page load of `pathname` (an `/a/<id>/…` path) to this user. */
export function pageLoadRefused(manifest: PluginManifest, user: PageUser, pathname: string): boolean {
  const path = normalize(pathname);
  const include = (manifest.includes ?? []).find(
    (i) => i.type === 'page' && normalize(new URL(pagePath(manifest, i), 'http://grafana').pathname) === path
  );
  return include !== undefined && !hasAccessToInclude(include, user);
}
