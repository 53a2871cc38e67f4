import type { AppRootProps } from '@grafana/data';
import { useSceneApp } from '@grafana/scenes';
import React from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppErrorBoundary } from './AppErrorBoundary';
import { buildSceneApp } from './buildSceneApp';
import { overviewUrl } from '../shared/routing';
import type { AppSettings } from './types';

function SwitchyardSceneApp() {
  const app = useSceneApp(buildSceneApp);
  return (
    <Routes>
      <Route index element={<Navigate to={overviewUrl()} replace />} />
      <Route path="*" element={<app.Component model={app} />} />
    </Routes>
  );
}

/** Root page: Grafana renders it for every URL under /a/<plugin id>/. Each page guards its own permission. */
export default function App(_props: AppRootProps<AppSettings>) {
  return (
    <AppErrorBoundary>
      <SwitchyardSceneApp />
    </AppErrorBoundary>
  );
}
