import { AppPlugin, type AppRootProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import React from 'react';
import { chunkComponent } from './app/chunkComponent';
import { preloadPage } from './app/preloadPage';
import type { AppConfigProps } from './app/AppConfig/AppConfig';
import type { AppSettings } from './app/types';

// Everything heavy (Scenes, the pages, zod) lives in lazy chunks; module.js stays a few KB.
const LazyApp = chunkComponent(() => import(/* webpackChunkName: "app" */ './app/App'), 'Loading Switchyard…');
const LazyAppConfig = chunkComponent<AppConfigProps>(
  () => import(/* webpackChunkName: "app-config" */ './app/AppConfig/AppConfig'),
  'Loading configuration…'
);

let preloaded = false;

function App(props: AppRootProps<AppSettings>) {
  if (!preloaded) {
    preloaded = true;
    preloadPage(props.basename, locationService.getLocation().pathname);
  }
  return <LazyApp {...props} />;
}

function AppConfig(props: AppConfigProps) {
  return <LazyAppConfig {...props} />;
}

export const plugin = new AppPlugin<AppSettings>().setRootPage(App).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: AppConfig,
  id: 'configuration',
});
