import type { NavModelItem } from '@grafana/data';
import { type PluginPageProps } from '@grafana/runtime';
import { screen } from '@testing-library/react';
import React from 'react';
import { PLUGIN_BASE_URL } from '../constants';
import { tenantsUrl } from '../shared/routing';
import { buildSceneApp } from './buildSceneApp';
import { renderSceneApp } from '../test/renderSceneApp';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: (props: PluginPageProps) => FakePluginPage(props),
}));

/** Grafana's page chrome, reduced to the page title and its body. */
function FakePluginPage({ pageNav, children }: PluginPageProps) {
  const nav = pageNav as NavModelItem | undefined;
  return (
    <div>
      <h1>{nav?.text}</h1>
      {children}
    </div>
  );
}

function renderAppAt(path: string) {
  return renderSceneApp(buildSceneApp(), `${PLUGIN_BASE_URL}/${path}`);
}

describe('buildSceneApp routing', () => {
  it.each([
    ['an unknown page', 'nonsense'],
    ['an unknown path under a page without sub-pages', 'isolation/nonsense'],
    ['an unknown path under a page with drilldowns', 'operations/nonsense'],
    ['an unknown tab of a tenant', 'tenants/acme-001/nonsense'],
    ['an unknown path under a tenant tab', 'tenants/acme-001/isolation/nonsense'],
  ])("shows the app's page not found for %s", async (_, path) => {
    renderAppAt(path);
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByText('There is no Switchyard page at this address')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'tenants list' })).toHaveAttribute('href', tenantsUrl());
    expect(screen.queryByText(/there might be a bug in this application/)).not.toBeInTheDocument();
  });
});
