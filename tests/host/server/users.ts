/**
 * The host's signed-in users. A browser picks one with `?grafanaUser=<login>` (remembered in the
 * `grafana_user` cookie, like a Grafana session cookie); scripts authenticate with HTTP basic auth
 * (`admin:admin`), which Grafana also accepts for its API; a service account authenticates with its
 * token as `Authorization: Bearer <token>` (see `registerServiceAccountToken`). Default: admin.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BasicRole, PluginManifest } from './pluginJson';
import { pluginPermissions } from './pluginJson';

export interface HostUser {
  id: number;
  uid: string;
  login: string;
  name: string;
  email: string;
  orgId: number;
  orgName: string;
  role: BasicRole;
  isGrafanaAdmin: boolean;
  /** Plugin roles assigned to the user directly (Grafana's role assignment), beyond those of `role`. */
  pluginRoles?: string[];
  /** Names of the Grafana teams the user is a member of (served by `teams.ts`). */
  teams?: string[];
  /** A service account (authenticates with a token only, never through the browser or basic auth). */
  isServiceAccount?: boolean;
}

export const USERS: Record<string, HostUser> = {
  viewer: {
    id: 2,
    uid: 'u-viewer',
    login: 'viewer',
    name: 'Vera Viewer',
    email: 'viewer@example.com',
    orgId: 1,
    orgName: 'Main Org.',
    role: 'Viewer',
    isGrafanaAdmin: false,
  },
  editor: {
    id: 3,
    uid: 'u-editor',
    login: 'editor',
    name: 'Eddie Editor',
    email: 'editor@example.com',
    orgId: 1,
    orgName: 'Main Org.',
    role: 'Editor',
    isGrafanaAdmin: false,
  },
  auditor: {
    id: 20,
    uid: 'u-auditor',
    login: 'auditor',
    name: 'Audrey Auditor',
    email: 'auditor@example.com',
    orgId: 1,
    orgName: 'Main Org.',
    role: 'Viewer',
    isGrafanaAdmin: false,
    pluginRoles: ['Switchyard Auditor'],
  },
  pam: {
    id: 30,
    uid: 'u-pam',
    login: 'pam',
    name: 'Pam Payments',
    email: 'pam@example.com',
    orgId: 1,
    orgName: 'Main Org.',
    role: 'Viewer',
    isGrafanaAdmin: false,
    teams: ['payments'],
  },
  sam: {
    id: 31,
    uid: 'u-sam',
    login: 'sam',
    name: 'Sam Search',
    email: 'sam@example.com',
    orgId: 1,
    orgName: 'Main Org.',
    role: 'Viewer',
    isGrafanaAdmin: false,
    teams: ['search'],
  },
  admin: {
    id: 1,
    uid: 'u-admin',
    login: 'admin',
    name: 'Ada Admin',
    email: 'admin@example.com',
    orgId: 1,
    orgName: 'Main Org.',
    role: 'Admin',
    isGrafanaAdmin: true,
    teams: ['sre'],
  },
};

/**
 * The org's service account (Grafana names its user `sa-<org>-<name>`): an org Admin, as the sidecar's
 * service account is configured (`teams:read` on every team comes with the Admin role).
 */
export const SERVICE_ACCOUNT: HostUser = {
  id: 100,
  uid: 'u-sa-switchyard',
  login: 'sa-1-switchyard',
  name: 'switchyard',
  email: 'sa-1-switchyard',
  orgId: 1,
  orgName: 'Main Org.',
  role: 'Admin',
  isGrafanaAdmin: false,
  isServiceAccount: true,
};

/**
 * The platform's credentials agent: a service account with no basic role and only the plugin role
 * "Switchyard Credentials Agent" (credentials:push), as the role's description asks.
 */
export const CREDENTIALS_AGENT: HostUser = {
  id: 101,
  uid: 'u-sa-credentials-agent',
  login: 'sa-1-credentials-agent',
  name: 'credentials-agent',
  email: 'sa-1-credentials-agent',
  orgId: 1,
  orgName: 'Main Org.',
  role: 'None',
  isGrafanaAdmin: false,
  pluginRoles: ['Switchyard Credentials Agent'],
  isServiceAccount: true,
};

/** Service account tokens the running hosts accept (token → account). */
const serviceAccountTokens = new Map<string, HostUser>();

/** Accepts `token` as `account`'s (default SERVICE_ACCOUNT) until the returned function is called (a host's close). */
export function registerServiceAccountToken(token: string, account: HostUser = SERVICE_ACCOUNT): () => void {
  serviceAccountTokens.set(token, account);
  return () => serviceAccountTokens.delete(token);
}

export const USER_COOKIE = 'grafana_user';

export interface ResolvedUser {
  user: HostUser;
  /** Headers Grafana used to authenticate this request; the proxy strips them (GRAFANA.md §2.3 step 1). */
  authHeaders: string[];
}

function cookieValue(req: FastifyRequest, name: string): string | undefined {
  const raw = req.headers.cookie ?? '';
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function resolveUser(req: FastifyRequest): ResolvedUser | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const [login, password] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
    const u = USERS[login];
    return u && password === login ? { user: u, authHeaders: ['authorization'] } : null;
  }
  if (auth?.startsWith('Bearer ')) {
    const sa = serviceAccountTokens.get(auth.slice(7));
    return sa ? { user: sa, authHeaders: ['authorization'] } : null;
  }
  const q = (req.query as Record<string, string | undefined>)?.grafanaUser;
  const login = q ?? cookieValue(req, USER_COOKIE) ?? 'admin';
  const u = USERS[login];
  return u ? { user: u, authHeaders: [] } : null;
}

/** Remembers a `?grafanaUser=` choice in the session cookie. */
export function rememberUser(req: FastifyRequest, reply: FastifyReply): void {
  const q = (req.query as Record<string, string | undefined>)?.grafanaUser;
  if (q && USERS[q]) {
    reply.header('set-cookie', `${USER_COOKIE}=${q}; Path=/; HttpOnly; SameSite=Lax`);
  }
}

/** Grafana core permissions the pages may check, plus the plugin's role grants. */
export function permissionsOf(manifest: PluginManifest, user: HostUser): Record<string, boolean> {
  const out: Record<string, boolean> = { 'plugins.app:access': true, 'datasources:query': true };
  if (user.role === 'Admin') {
    out['plugins:write'] = true;
    out['datasources:read'] = true;
  }
  for (const a of pluginPermissions(manifest, user.role, user.isGrafanaAdmin, user.pluginRoles)) {
    out[a] = true;
  }
  return out;
}

/** The `SignedInUser` JSON Grafana puts in `X-Grafana-Context` (field names as Go marshals them). */
export function signedInUserJson(user: HostUser): string {
  return JSON.stringify({
    UserID: user.id,
    UserUID: user.uid,
    OrgID: user.orgId,
    OrgName: user.orgName,
    OrgRole: user.role,
    Login: user.login,
    Name: user.name,
    Email: user.email,
    IsGrafanaAdmin: user.isGrafanaAdmin,
    IsAnonymous: false,
    AuthenticatedBy: 'password',
  });
}
