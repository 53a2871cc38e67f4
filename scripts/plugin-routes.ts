/**
 * Derives plugin.json `routes` from the contract's endpoint table and writes them into plugin.json.
 * Run `npm run routes:sync` after changing the table; src/contract/pluginRoutes.test.ts fails until they agree.
 *
 * Grafana's app proxy matches routes in array order, the method exactly (or `*`), and the path with its
 * router tree; a route without `*` forwards to exactly its `url`, a route with `*` appends what `*` captured.
 * So a static endpoint path gets an exact route and a parametrised one gets `<static prefix>/*`.
 * Exact routes come first, then wildcards with the longest prefix first, so first-match picks the intended one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { endpoints, PROXY_SECRET_HEADER, GRANTED_ACTION_HEADER, type EndpointDef } from '../src/contract';

export interface PluginRoute {
  path: string;
  method: string;
  reqAction: string;
  url: string;
  headers: Array<{ name: string; content: string }>;
}

const SIDECAR_URL = '{{ .JsonData.sidecarUrl }}';

function headerName(h: string): string {
  return h.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase());
}

export function deriveRoutes(table: Record<string, EndpointDef> = endpoints): PluginRoute[] {
  const seen = new Map<string, PluginRoute>();
  for (const e of Object.values(table)) {
    const segs = e.path.replace(/^\//, '').split('/');
    const firstParam = segs.findIndex((s) => s.startsWith(':'));
    const isExact = firstParam === -1;
    const prefix = isExact ? segs.join('/') : segs.slice(0, firstParam).join('/');
    const routePath = isExact ? prefix : `${prefix}/*`;
    const key = `${e.method} ${routePath}`;
    const existing = seen.get(key);
    if (existing) {
      if (existing.reqAction !== e.action) {
        throw new Error(
          `${key} is shared by endpoints needing ${existing.reqAction} and ${e.action}; give one a distinct path`
        );
      }
      continue;
    }
    seen.set(key, {
      path: routePath,
      method: e.method,
      reqAction: e.action,
      url: `${SIDECAR_URL}/${prefix}`,
      headers: [
        { name: headerName(PROXY_SECRET_HEADER), content: '{{ .SecureJsonData.proxySecret }}' },
        { name: headerName(GRANTED_ACTION_HEADER), content: e.action },
      ],
    });
  }
  const routes = [...seen.values()];
  const rank = (r: PluginRoute) => (r.path.endsWith('/*') ? 1 : 0);
  return routes.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      b.path.length - a.path.length ||
      a.path.localeCompare(b.path) ||
      a.method.localeCompare(b.method)
  );
}

if (require.main === module) {
  const file = join(__dirname, '..', 'plugin.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  manifest.routes = deriveRoutes();
  writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
  process.stdout.write(`plugin.json: ${manifest.routes.length} routes written\n`);
}
