/** The page Grafana serves for every frontend route, with `grafanaBootData` set before any script. */
import { appNavLink } from './appPages';
import type { PluginManifest } from './pluginJson';
import type { AppSettings, HostDataSource } from './state';
import type { HostUser } from './users';

export interface BootInput {
  line: string;
  grafanaVersion: string;
  rootUrl: string;
  manifest: PluginManifest;
  settings: AppSettings;
  user: HostUser;
  permissions: Record<string, boolean>;
  theme: 'dark' | 'light';
  dataSources: HostDataSource[];
  /** Cache-buster for the host bundle (its build time). */
  buildId: string;
}

function dsSettings(ds: HostDataSource, pluginId: string) {
  const nested = !['prometheus', 'loki'].includes(ds.type);
  return {
    id: ds.id,
    uid: ds.uid,
    name: ds.name,
    type: ds.type,
    url: `/api/datasources/proxy/uid/${ds.uid}`,
    access: 'proxy',
    isDefault: ds.isDefault,
    jsonData: ds.jsonData,
    readOnly: true,
    meta: {
      id: ds.type,
      type: 'datasource',
      name: ds.type,
      module: nested ? `public/plugins/${pluginId}/datasource/module.js` : `core:plugin/${ds.type}`,
      baseUrl: nested ? `public/plugins/${pluginId}/datasource` : `public/app/plugins/datasource/${ds.type}`,
      info: { logos: { small: '', large: '' }, version: '' },
      metrics: true,
    },
  };
}

export function bootData(b: BootInput) {
  const id = b.manifest.id;
  const datasources = Object.fromEntries(b.dataSources.map((d) => [d.name, dsSettings(d, id)]));
  const def = b.dataSources.find((d) => d.isDefault);
  return {
    user: {
      id: b.user.id,
      uid: b.user.uid,
      isSignedIn: true,
      login: b.user.login,
      email: b.user.email,
      name: b.user.name,
      orgId: b.user.orgId,
      orgName: b.user.orgName,
      orgRole: b.user.role,
      orgCount: 1,
      isGrafanaAdmin: b.user.isGrafanaAdmin,
      theme: b.theme,
      lightTheme: b.theme === 'light',
      timezone: 'utc',
      weekStart: 'monday',
      locale: 'en-US',
      language: 'en-US',
      helpFlags1: 0,
      hasEditPermissionInFolders: b.user.role !== 'Viewer',
      permissions: b.permissions,
      analytics: { identifier: b.user.uid },
    },
    settings: {
      appUrl: b.rootUrl,
      appSubUrl: '',
      buildInfo: {
        version: b.grafanaVersion,
        commit: 'test-host',
        env: 'production',
        edition: 'Open Source',
        latestVersion: '',
        hasUpdate: false,
        hideVersion: false,
      },
      featureToggles: {},
      minRefreshInterval: '5s',
      datasources,
      defaultDatasource: def?.name ?? '',
      apps: {
        [id]: {
          id,
          path: `public/plugins/${id}/module.js`,
          version: b.manifest.info.version,
          preload: false,
          angular: { detected: false, hideDeprecation: false },
          loadingStrategy: 'script',
          dependencies: b.manifest.dependencies,
          extensions: {
            addedLinks: [],
            addedComponents: [],
            exposedComponents: [],
            extensionPoints: [],
            addedFunctions: [],
          },
        },
      },
      panels: {},
      unifiedAlertingEnabled: true,
      rbacEnabled: true,
      authProxyEnabled: false,
      exploreEnabled: true,
    },
    navTree: [appNavLink(b.manifest, { role: b.user.role, permissions: b.permissions })],
    assets: {},
    _testHost: { line: b.line, pluginEnabled: b.settings.enabled },
  };
}

export function indexHtml(b: BootInput): string {
  const data = JSON.stringify(bootData(b)).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<base href="/">
<title>Grafana</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/public/host/${b.line}/host.css">
<script>window.__grafana_public_path__ = '/public/'; window.grafanaBootData = ${data};</script>
</head>
<body class="theme-${b.theme}">
<div id="reactRoot"></div>
<script src="/public/host/vendor/system.min.js"></script>
<script src="/public/host/vendor/amd.min.js"></script>
<script src="/public/host/${b.line}/host.js?v=${b.buildId}"></script>
</body>
</html>`;
}
