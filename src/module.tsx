import { AppPlugin, type AppRootProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { LoadingPlaceholder } from '@grafana/ui';
import React, { lazy, Suspense } from 'react';
import { preloadPage } from './app/preloadPage';
import type { AppConfigProps } from './app/AppConfig/AppConfig';
import type { AppSettings } from './app/types';

// Everything heavy (Scenes, the pages, zod) lives in lazy chunks; module.js stays a few KB.
const LazyApp = lazy(() => import(/* webpackChunkName: "app" */ './app/App'));
const LazyAppConfig = lazy(() => import(/* webpackChunkName: "app-config" */ './app/AppConfig/AppConfig'));

let preloaded = false;

function App(props: AppRootProps<AppSettings>) {
  if (!preloaded) {
    preloaded = true;
    preloadPage(props.basename, locationService.getLocation().pathname);
  }
  return (
    <Suspense fallback={<LoadingPlaceholder text="Loading Switchyard…" />}>
      <LazyApp {...props} />
    </Suspense>
  );
}

function AppConfig(props: AppConfigProps) {
  return (
    <Suspense fallback={<LoadingPlaceholder text="Loading configuration…" />}>
      <LazyAppConfig {...props} />
    </Suspense>
  );
}

export const plugin = new AppPlugin<AppSettings>().setRootPage(App).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: AppConfig,
  id: 'configuration',
});
