import { LocationServiceProvider, locationService } from '@grafana/runtime';
import type { SceneApp } from '@grafana/scenes';
import { render } from '@testing-library/react';
import React from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { PLUGIN_BASE_URL } from '../constants';

/** Renders `app` at `url` under the app's base route, as Grafana mounts the plugin's root page. */
export function renderSceneApp(app: SceneApp, url: string) {
  locationService.push(url);
  return render(
    <LocationServiceProvider service={locationService}>
      <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Routes>
          <Route path={`${PLUGIN_BASE_URL}/*`} element={<app.Component model={app} />} />
        </Routes>
      </MemoryRouter>
    </LocationServiceProvider>
  );
}
