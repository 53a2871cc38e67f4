/**
 * Grafana's app-proxy route selection (`pkg/api/pluginproxy/pluginproxy.go` HandleRequest) over a
 * TypeScript port of the router tree it uses (`pkg/web/tree.go`, Macaron's tree), one tree per route:
 *
 * - routes are tried in plugin.json order; method must be empty, `*`, or exactly the request method;
 * - the path is matched segment by segment: a static pattern only matches exactly that path (a trailing
 *   slash is trimmed on both sides); `*` as the last segment matches one or more further segments and
 *   what it captured (URL-unescaped) becomes the path appended to the route url; without `*` the
 *   appended path is empty; `:name` matches one segment;
 * - the first route that matches path and method decides: no access → 403, no fall-through;
 * - nothing matched → 404.
 */
import type { BasicRole, PluginRoute } from './pluginJson';
import { roleIncludes } from './pluginJson';

type PatternType = 0 | 1 | 2 | 3 | 4; // static, regexp (unsupported → static), path-ext, holder, match-all

function patternType(p: string): PatternType {
  if (p === '*') return 4;
  if (p === '*.*') return 2;
  if (/^:[a-zA-Z0-9]+$/.test(p)) return 3;
  return 0;
}

function unescape(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

interface Node {
  segment: string; // subtree pattern ('' for root)
  child?: Node; // the next subtree (single-route tree)
  leaf?: string; // the last segment's pattern
}

function buildTree(pattern: string): Node {
  const segs = pattern.replace(/\/$/, '').replace(/^\//, '').split('/');
  const root: Node = { segment: '' };
  let t = root;
  for (let i = 0; i < segs.length - 1; i++) {
    t.child = { segment: segs[i] };
    t = t.child;
  }
  t.leaf = segs[segs.length - 1];
  return root;
}

function matchLeaf(t: Node, url: string, params: Record<string, string>): boolean {
  const u = unescape(url);
  if (u === null || t.leaf === undefined) return false;
  switch (patternType(t.leaf)) {
    case 0:
      return t.leaf === u;
    case 3:
      params[t.leaf] = u;
      return true;
    case 2:
    case 4:
      params['*'] = u;
      return true;
  }
  return false;
}

function matchSubtree(t: Node, segment: string, rest: string, params: Record<string, string>): boolean {
  const seg = unescape(segment);
  if (seg === null) return false;
  const c = t.child;
  if (c) {
    const typ = patternType(c.segment);
    if ((typ === 0 && c.segment === seg) || typ === 3 || typ === 4) {
      if (matchNext(c, rest, params)) {
        if (typ === 3) params[c.segment] = seg;
        return true;
      }
    }
  }
  // Fall back to a trailing match-all (or path-ext) leaf, which swallows the remaining segments.
  if (t.leaf !== undefined) {
    const typ = patternType(t.leaf);
    if (typ === 4 || typ === 2) {
      const all = unescape(`${segment}/${rest}`);
      if (all === null) return false;
      params['*'] = all;
      return true;
    }
  }
  return false;
}

function matchNext(t: Node, url: string, params: Record<string, string>): boolean {
  const i = url.indexOf('/');
  return i === -1 ? matchLeaf(t, url, params) : matchSubtree(t, url.slice(0, i), url.slice(i + 1), params);
}

/** `web.MatchTest`-like: does this one route pattern match the proxy path, and what did `*` capture? */
export function matchPattern(pattern: string, proxyPath: string): { ok: boolean; params: Record<string, string> } {
  const url = proxyPath.replace(/^\//, '').replace(/\/$/, '');
  const params: Record<string, string> = {};
  return { ok: matchNext(buildTree(pattern), url, params), params };
}

export interface RouteUser {
  role: BasicRole;
  permissions: string[];
}

export type RouteDecision =
  | { kind: 'match'; route: PluginRoute; index: number; upstreamPath: string }
  | { kind: 'denied'; route: PluginRoute; index: number; status: 403; message: 'plugin proxy route access denied' }
  | { kind: 'notFound'; status: 404; message: 'plugin route match not found' };

/** `hasAccessToRoute`: reqAction wins; reqRole is checked only when reqAction is empty; neither → allowed. */
export function hasAccessToRoute(route: PluginRoute, user: RouteUser): boolean {
  if (route.reqAction) {
    return user.permissions.includes(route.reqAction);
  }
  if (route.reqRole) {
    return roleIncludes(user.role, route.reqRole);
  }
  return true;
}

/** Grafana's proxyPath: the escaped path after `/api/plugin-proxy/<id>/`, `path.Join("/", …)`-cleaned. */
export function proxyPathOf(escapedPath: string): string {
  const rest = escapedPath.replace(/^\/api\/plugin-proxy\/([\w-]+)\/?/, '');
  const out: string[] = [];
  for (const s of rest.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return '/' + out.join('/');
}

export function selectRoute(routes: PluginRoute[], method: string, proxyPath: string, user: RouteUser): RouteDecision {
  for (let i = 0; i < routes.length; i++) {
    const route = routes[i];
    if (route.method && route.method !== '*' && route.method !== method) continue;
    const m = matchPattern(route.path, proxyPath);
    if (!m.ok) continue;
    if (!hasAccessToRoute(route, user)) {
      return { kind: 'denied', route, index: i, status: 403, message: 'plugin proxy route access denied' };
    }
    return { kind: 'match', route, index: i, upstreamPath: m.params['*'] ?? '' };
  }
  return { kind: 'notFound', status: 404, message: 'plugin route match not found' };
}

/** `util.JoinURLFragments(a, b)`. */
export function joinURLFragments(a: string, b: string): string {
  if (b.length === 0) return a;
  const aslash = a.endsWith('/');
  const bslash = b.startsWith('/');
  if (aslash && bslash) return a + b.slice(1);
  if (!aslash && !bslash) return `${a}/${b}`;
  return a + b;
}
