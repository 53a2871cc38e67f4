/**
 * A Grafana-compatible HTTP server for one Grafana line: the frontend shell, static plugin files, the
 * app plugin proxy, plugin settings, data source proxy and the ID-token JWKS.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { BUILD_DIR, LINES, REPO_ROOT, type LineName } from '../lines';
import { createSigningKey, jwks, type SigningKey } from './idToken';
import { indexHtml } from './indexHtml';
import { pageLoadRefused } from './appPages';
import { loadManifest } from './pluginJson';
import { makeProxyHandler } from './proxy';
import {
  applySettingsUpdate,
  provisionedAppSettings,
  provisionedDataSources,
  secureJsonFields,
  type AppSettings,
  type HostDataSource,
} from './state';
import { CREDENTIALS_AGENT, permissionsOf, registerServiceAccountToken, rememberUser, resolveUser } from './users';
import { registerTeamRoutes } from './teams';
import { registerDataSourceRoutes } from './datasources';
import { backendPlugins } from './backendPlugins';

export interface HostOptions {
  line: LineName;
  port?: number;
  host?: string;
  distDir?: string;
  provisioningDir?: string;
  /** Overrides for the provisioned app settings (e.g. the sidecar URL and secret of this run). */
  settings?: Partial<AppSettings>;
  /** Data source URL overrides by uid (e.g. the local VictoriaMetrics). */
  dataSourceUrls?: Record<string, string>;
  dataSources?: HostDataSource[];
  /** Settings overrides by data source uid, applied over provisioning (e.g. the sidecar URL and token of this run). */
  dataSourceSettings?: Record<
    string,
    Partial<Pick<HostDataSource, 'jsonData' | 'secureJsonData' | 'readOnly' | 'url'>>
  >;
  signingKey?: SigningKey;
  /** The ID token `iss` (Grafana's root_url); default: this server's URL with a trailing slash. */
  issuer?: string;
  /** A service account token this host accepts as `Authorization: Bearer` (the sidecar's SWITCHYARD_GRAFANA_SA_TOKEN). */
  serviceAccountToken?: string;
  /** The credentials agent's service account token (role "Switchyard Credentials Agent" only), as `Authorization: Bearer`. */
  credentialsAgentToken?: string;
}

export interface RunningHost {
  app: FastifyInstance;
  url: string;
  line: LineName;
  settings: () => AppSettings;
  /** Process ids of the backend plugin executables this host runs. */
  backendPids: () => number[];
  close: () => Promise<void>;
}

const IMMUTABLE = 'public, max-age=3600';
const MIME: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.html': 'text/html',
};

/** Host bundles and vendor files may be cached (V8 code cache makes later page loads fast); plugin files are revalidated. */
function sendFile(reply: FastifyReply, root: string, rel: string, cache = 'no-cache') {
  const file = normalize(join(root, rel));
  if (!file.startsWith(normalize(root)) || !existsSync(file) || !statSync(file).isFile()) {
    return reply.code(404).send({ message: 'Not found' });
  }
  reply.header('cache-control', cache);
  return reply.type(MIME[extname(file)] ?? 'application/octet-stream').send(createReadStream(file));
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const line = LINES[opts.line];
  const distDir = opts.distDir ?? join(REPO_ROOT, 'dist');
  const provisioningDir = opts.provisioningDir ?? join(REPO_ROOT, 'provisioning');
  const manifest = () => loadManifest(distDir, join(REPO_ROOT, 'plugin.json'));
  const id = manifest().id;
  const prov = provisionedAppSettings(provisioningDir, id);
  let settings: AppSettings = {
    enabled: opts.settings?.enabled ?? prov.enabled ?? true,
    pinned: opts.settings?.pinned ?? true,
    jsonData: { ...(prov.jsonData ?? {}), ...(opts.settings?.jsonData ?? {}) },
    secureJsonData: { ...(prov.secureJsonData ?? {}), ...(opts.settings?.secureJsonData ?? {}) },
  };
  const dataSources = opts.dataSources ?? provisionedDataSources(provisioningDir, opts.dataSourceUrls);
  for (const ds of dataSources) {
    const o = opts.dataSourceSettings?.[ds.uid];
    if (!o) continue;
    if (o.url !== undefined) ds.url = o.url;
    if (o.readOnly !== undefined) ds.readOnly = o.readOnly;
    if (o.jsonData) ds.jsonData = { ...ds.jsonData, ...o.jsonData };
    if (o.secureJsonData) ds.secureJsonData = { ...(ds.secureJsonData ?? {}), ...o.secureJsonData };
  }
  const signingKey = opts.signingKey ?? (await createSigningKey());

  const forgetToken = opts.serviceAccountToken ? registerServiceAccountToken(opts.serviceAccountToken) : () => false;
  const forgetAgentToken = opts.credentialsAgentToken
    ? registerServiceAccountToken(opts.credentialsAgentToken, CREDENTIALS_AGENT)
    : () => false;
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  let url = '';
  const issuer = () => opts.issuer ?? `${url}/`;
  const proxy = makeProxyHandler({
    manifest,
    settings: () => ({
      enabled: settings.enabled,
      JsonData: settings.jsonData,
      SecureJsonData: settings.secureJsonData,
    }),
    signingKey,
    get issuer() {
      return issuer();
    },
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/public/') && !req.url.startsWith('/api/signing-keys') && !resolveUser(req)) {
      return reply.code(401).send({ message: 'Unauthorized' });
    }
  });

  app.get('/api/signing-keys/keys', async () => jwks(signingKey));
  app.get('/api/health', async () => ({ database: 'ok', version: line.grafanaVersion, commit: 'test-host' }));
  app.get('/api/user', async (req) => {
    const u = resolveUser(req)!.user;
    return {
      id: u.id,
      uid: u.uid,
      login: u.login,
      email: u.email,
      name: u.name,
      orgId: u.orgId,
      isGrafanaAdmin: u.isGrafanaAdmin,
    };
  });

  const settingsDto = () => {
    const m = manifest();
    return {
      name: m.name,
      type: m.type,
      id: m.id,
      enabled: settings.enabled,
      pinned: settings.pinned,
      autoEnabled: false,
      module: `public/plugins/${m.id}/module.js`,
      baseUrl: `public/plugins/${m.id}`,
      info: m.info,
      includes: m.includes ?? [],
      dependencies: m.dependencies,
      jsonData: settings.jsonData,
      secureJsonFields: secureJsonFields(settings),
      defaultNavUrl: `/a/${m.id}/tenants`,
      state: '',
      signature: 'unsigned',
      signatureType: '',
      signatureOrg: '',
      latestVersion: '',
      hasUpdate: false,
      loadingStrategy: 'script',
      angularDetected: false,
    };
  };
  app.get('/api/plugins/:pluginId/settings', async (req, reply) => {
    if ((req.params as { pluginId: string }).pluginId !== id)
      return reply.code(404).send({ message: 'Plugin not found' });
    return settingsDto();
  });
  app.post('/api/plugins/:pluginId/settings', async (req, reply) => {
    if ((req.params as { pluginId: string }).pluginId !== id)
      return reply.code(404).send({ message: 'Plugin not found' });
    const perms = permissionsOf(manifest(), resolveUser(req)!.user);
    if (!perms['plugins:write']) {
      return reply.code(403).send({
        accessErrorId: 'ACE0000000001',
        message: "You'll need additional permissions to perform this action. Permissions needed: plugins:write",
        title: 'Access denied',
      });
    }
    let body: Partial<AppSettings>;
    try {
      body = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '{}');
    } catch {
      return reply.code(400).send({ message: 'bad request data' });
    }
    settings = applySettingsUpdate(settings, body);
    return { message: 'Plugin settings updated' };
  });

  registerTeamRoutes(app);
  app.all('/api/plugin-proxy/:pluginId', proxy);
  app.all('/api/plugin-proxy/:pluginId/*', proxy);
  const plugins = backendPlugins({ distDir, grafanaVersion: line.grafanaVersion, appUrl: issuer });
  registerDataSourceRoutes(app, () => dataSources, {
    plugins,
    signingKey,
    issuer,
    grafanaVersion: line.grafanaVersion,
  });
  app.all('/api/*', async (_req, reply) => reply.code(404).send({ message: 'Not found' }));

  app.get('/public/plugins/:pluginId/*', async (req, reply) => {
    const p = req.params as { pluginId: string; '*': string };
    return p.pluginId === id ? sendFile(reply, distDir, p['*']) : reply.code(404).send({ message: 'Not found' });
  });
  app.get('/public/host/vendor/system.min.js', async (_r, reply) =>
    sendFile(reply, join(REPO_ROOT, 'node_modules/systemjs/dist'), 'system.min.js', IMMUTABLE)
  );
  app.get('/public/host/vendor/amd.min.js', async (_r, reply) =>
    sendFile(reply, join(REPO_ROOT, 'node_modules/systemjs/dist/extras'), 'amd.min.js', IMMUTABLE)
  );
  app.get('/public/host/:line/*', async (req, reply) => {
    const p = req.params as { line: string; '*': string };
    return sendFile(reply, join(BUILD_DIR, p.line), p['*'], IMMUTABLE);
  });
  app.get('/public/build/img/icons/*', async (req, reply) =>
    sendFile(
      reply,
      join(line.packagesDir, 'node_modules/@grafana/ui/dist/public/img/icons'),
      (req.params as { '*': string })['*'],
      IMMUTABLE
    )
  );
  app.get('/public/*', async (_r, reply) => reply.code(404).send({ message: 'Not found' }));

  const hostBuildId = () => {
    const f = join(BUILD_DIR, line.name, 'host.js');
    return existsSync(f) ? String(Math.floor(statSync(f).mtimeMs)) : '0';
  };
  const page = async (req: FastifyRequest, reply: FastifyReply) => {
    const who = resolveUser(req)!;
    rememberUser(req, reply);
    const m = manifest();
    const permissions = permissionsOf(m, who.user);
    const pathname = new URL(req.url, 'http://host').pathname;
    if (pathname.startsWith(`/a/${id}/`) && pageLoadRefused(m, { role: who.user.role, permissions }, pathname)) {
      // Grafana's RoleAppPluginAuth: a page include's own path needs its action (or role); refused → home.
      return reply.redirect('/');
    }
    const theme = (req.query as { theme?: string }).theme === 'light' ? 'light' : 'dark';
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        indexHtml({
          line: line.name,
          grafanaVersion: line.grafanaVersion,
          rootUrl: issuer(),
          manifest: m,
          settings,
          user: who.user,
          permissions,
          theme,
          dataSources,
          buildId: hostBuildId(),
        })
      );
  };
  app.get('/', async (req, reply) =>
    reply.redirect(`/a/${id}/tenants${req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''}`)
  );
  app.get('/*', page);

  const addr = await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  url = addr.replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    line: opts.line,
    settings: () => settings,
    backendPids: () => plugins.pids(),
    // Grafana stops its plugins (Shutdown, then SIGKILL after 2 s) when it stops.
    close: async () => {
      forgetToken();
      forgetAgentToken();
      await app.close();
      await plugins.stop();
    },
  };
}
