/**
 * Host entry: wire services, register Grafana's shared modules with SystemJS, load the plugin's
 * built module.js as Grafana does, then render the shell.
 */
import React from 'react';
import { createRoot } from 'react-dom/client';
import type { AppPlugin, AppPluginMeta } from '@grafana/data';
import { config, getBackendSrv } from '@grafana/runtime';
import { registerSharedModules } from 'host:shared-modules';
import { setUpServices } from './services';
import { Shell, type LoadedApp } from './Shell';

declare const System: { import: (id: string) => Promise<Record<string, unknown>> };

interface HostWindow {
  __hostErrors: string[];
  __hostInfo: Record<string, unknown>;
  __hostReady?: boolean;
}
const w = window as unknown as HostWindow;
w.__hostErrors = [];
window.addEventListener('error', (e) => w.__hostErrors.push(String(e.error?.stack ?? e.message)));
window.addEventListener('unhandledrejection', (e) =>
  w.__hostErrors.push(String((e.reason as Error)?.stack ?? e.reason))
);

async function loadApp(pluginId: string): Promise<LoadedApp> {
  const meta = (await getBackendSrv().get(`/api/plugins/${pluginId}/settings`)) as AppPluginMeta;
  try {
    const app = config.apps[pluginId];
    const mod = await System.import(`/${app.path}`);
    const plugin = mod.plugin as AppPlugin | undefined;
    if (!plugin) throw new Error(`${app.path} does not export "plugin"`);
    plugin.meta = meta;
    plugin.init(meta);
    return { plugin, meta };
  } catch (e) {
    const msg = (e as Error)?.message ?? String(e);
    w.__hostErrors.push(`plugin load failed: ${msg}`);
    return { meta, loadError: msg };
  }
}

async function boot() {
  setUpServices();
  registerSharedModules();
  const pluginId = Object.keys(config.apps)[0];
  const app = await loadApp(pluginId);
  w.__hostInfo = {
    line: (config.bootData as unknown as { _testHost: { line: string } })._testHost.line,
    grafanaVersion: config.buildInfo.version,
    react: React.version,
    pluginLoaded: !app.loadError,
  };
  createRoot(document.getElementById('reactRoot')!).render(<Shell app={app} />);
  w.__hostReady = true;
}

boot().catch((e) => {
  w.__hostErrors.push(String(e?.stack ?? e));
  document.getElementById('reactRoot')!.textContent = `Host failed to start: ${String(e)}`;
});
