/** The React tree Grafana renders around an app plugin (TEST-HOST-NOTES.md "React tree"). */
import React, { useEffect, useState } from 'react';
import {
  createTheme,
  PluginContextProvider,
  ThemeContext,
  urlUtil,
  type AppPlugin,
  type AppPluginMeta,
} from '@grafana/data';
import { config, getBackendSrv, locationService, LocationServiceProvider } from '@grafana/runtime';
import { ErrorBoundaryAlert, GlobalStyles, PortalContainer } from '@grafana/ui';
import { Route, Router, Routes, useParams } from 'react-router';
import { DataSourceEditPage } from './DataSourceEditPage';

export interface LoadedApp {
  plugin?: AppPlugin;
  meta: AppPluginMeta;
  loadError?: string;
}

function AppRoot({ app }: { app: LoadedApp }) {
  const { pluginId } = useParams();
  const loc = locationService.getLocation();
  if (pluginId !== app.meta.id) return <div data-host="not-found">App not found: {pluginId}</div>;
  if (app.loadError || !app.plugin?.root) {
    return (
      <div data-host="plugin-load-error" role="alert">
        <h2>Error loading plugin</h2>
        <pre>{app.loadError ?? 'The plugin has no root page'}</pre>
      </div>
    );
  }
  const Root = app.plugin.root;
  return (
    <PluginContextProvider meta={app.meta}>
      <ErrorBoundaryAlert style="page">
        <Root
          meta={app.meta}
          basename={`/a/${app.meta.id}`}
          onNavChanged={() => undefined}
          query={urlUtil.getUrlSearchParams() as never}
          path={loc.pathname}
        />
      </ErrorBoundaryAlert>
    </PluginContextProvider>
  );
}

/** Grafana's plugin details page refetches the settings on `locationService.reload()`, remounting the body. */
function ConfigPage({ app, reloadKey }: { app: LoadedApp; reloadKey: string }) {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (version === 0 && !reloadKey) return;
    let live = true;
    getBackendSrv()
      .get(`/api/plugins/${app.meta.id}/settings`)
      .then((meta: AppPluginMeta) => {
        if (!live) return;
        app.meta = meta;
        if (app.plugin) app.plugin.meta = meta;
        setVersion((v) => v + 1);
      });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reloadKey]);
  const canWrite = !!config.bootData.user.permissions?.['plugins:write'];
  const page = new URLSearchParams(locationService.getLocation().search).get('page');
  const pages = app.plugin?.configPages ?? [];
  const current = pages.find((p) => p.id === page) ?? pages[0];
  return (
    <div data-host="plugin-details" style={{ padding: 24 }}>
      <h1>{app.meta.name}</h1>
      {!canWrite ? (
        <div role="alert">Access denied: you need plugins:write to configure this app.</div>
      ) : current && app.plugin ? (
        <PluginContextProvider meta={app.meta}>
          <ErrorBoundaryAlert style="page">
            <current.body key={version} plugin={app.plugin} query={urlUtil.getUrlSearchParams() as never} />
          </ErrorBoundaryAlert>
        </PluginContextProvider>
      ) : (
        <div>This app has no configuration page.</div>
      )}
    </div>
  );
}

interface HostNavLink {
  id?: string;
  text: string;
  url: string;
  children?: HostNavLink[];
}

/**
 * Stand-in for Grafana's nav entry of the app: the page includes the server put in `navTree` for this
 * user (tests/host/server/appPages.ts), as plain links (the link-click interceptor keeps them in-app).
 */
function AppNav({ pluginId }: { pluginId: string }) {
  const tree = (config.bootData as unknown as { navTree?: HostNavLink[] }).navTree ?? [];
  const app = tree.find((n) => n.id === `plugin-page-${pluginId}`);
  if (!app) return null;
  return (
    <nav aria-label="Main navigation" data-host="app-nav" style={{ display: 'flex', gap: 12, padding: '4px 24px' }}>
      <a href={app.url}>{app.text}</a>
      {(app.children ?? []).map((c) => (
        <a key={c.url} href={c.url}>
          {c.text}
        </a>
      ))}
    </nav>
  );
}

export function Shell({ app }: { app: LoadedApp }) {
  const history = locationService.getHistory();
  const [loc, setLoc] = useState(history.location);
  useEffect(() => history.listen((l: typeof history.location) => setLoc(l)), [history]);
  const theme = createTheme({ colors: { mode: config.bootData.user.theme === 'light' ? 'light' : 'dark' } });
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <LocationServiceProvider service={locationService}>
        <Router location={loc} navigator={history as never}>
          <div style={{ height: '100vh', display: 'flex', flexDirection: 'column' }}>
            <AppNav pluginId={app.meta.id} />
            <main style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
              <Routes>
                <Route path="/a/:pluginId/*" element={<AppRoot app={app} />} />
                <Route
                  path="/plugins/:pluginId"
                  element={
                    <ConfigPage
                      app={app}
                      reloadKey={String(
                        (loc.state as { routeReloadCounter?: number } | null)?.routeReloadCounter ?? ''
                      )}
                    />
                  }
                />
                <Route path="/connections/datasources/edit/:uid" element={<DataSourceEditPage />} />
                <Route path="*" element={<div data-host="not-found">Page not found</div>} />
              </Routes>
            </main>
          </div>
          <PortalContainer />
        </Router>
      </LocationServiceProvider>
    </ThemeContext.Provider>
  );
}
