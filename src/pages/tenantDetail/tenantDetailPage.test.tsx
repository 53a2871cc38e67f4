import type { NavModelItem } from '@grafana/data';
import { type PluginPageProps } from '@grafana/runtime';
import { EmbeddedScene, SceneApp, SceneAppPage, SceneReactObject } from '@grafana/scenes';
import { screen } from '@testing-library/react';
import React from 'react';
import { ApiRequestError } from '../../api/ApiRequestError';
import { Actions } from '../../contract';
import { ROUTE_PATTERNS, tenantsUrl } from '../../shared/routing';
import { tenant } from '../../test/fixtures';
import { OPERATOR, setPermissions } from '../../test/permissions';
import { buildTenantIsolationScene } from './buildTenantIsolationScene';
import { buildTenantOverviewScene } from './buildTenantOverviewScene';
import { tenantDetailDrilldown } from './tenantDetailPage';
import { renderSceneApp } from '../../test/renderSceneApp';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: (props: PluginPageProps) => FakePluginPage(props),
}));

// The tabs' content stands in for the real scenes: the page must not build it for a missing tenant.
const tabContent = (name: string) => () =>
  new SceneReactObject({ reactNode: React.createElement('div', null, `${name} content`) });
jest.mock('./buildTenantOverviewScene', () => ({ buildTenantOverviewScene: jest.fn() }));
jest.mock('./buildTenantIsolationScene', () => ({ buildTenantIsolationScene: jest.fn() }));

/** Grafana's page chrome, reduced to the title, the tabs and the body. */
function FakePluginPage({ pageNav, children }: PluginPageProps) {
  const nav = pageNav as NavModelItem | undefined;
  return (
    <div>
      <h1>{nav?.text}</h1>
      <nav aria-label="Tabs">
        {nav?.children?.map((tab) => (
          <a key={tab.text} href={tab.url}>
            {tab.text}
          </a>
        ))}
      </nav>
      {children}
    </div>
  );
}

function renderTenantPage(path: string, getTenant: jest.Mock) {
  const url = `${tenantsUrl()}/${path}`;
  const app = new SceneApp({
    pages: [
      new SceneAppPage({
        title: 'Tenants',
        url: tenantsUrl(),
        routePath: ROUTE_PATTERNS.tenants,
        getScene: () => new EmbeddedScene({ body: new SceneReactObject({ reactNode: 'tenant list' }) }),
        drilldowns: [tenantDetailDrilldown({ getTenant })],
      }),
    ],
  });
  renderSceneApp(app, url);
}

const notFound = () =>
  new ApiRequestError({ status: 404, code: 'not_found', message: 'Tenant ghost was not found', requestId: 'r-404' });

describe('tenant detail page', () => {
  beforeEach(() => {
    setPermissions([...OPERATOR, Actions.isolationRead]);
    (buildTenantOverviewScene as jest.Mock).mockImplementation(tabContent('Overview'));
    (buildTenantIsolationScene as jest.Mock).mockImplementation(tabContent('Isolation'));
  });

  it.each([
    ['its own URL', 'ghost'],
    ['a tab', 'ghost/isolation'],
  ])(
    'shows one not-found state, without tabs or their content, for a tenant the sidecar does not know (%s)',
    async (_, path) => {
      const getTenant = jest.fn().mockRejectedValue(notFound());
      renderTenantPage(path, getTenant);

      expect(await screen.findByRole('heading', { name: 'Tenant ghost not found' })).toBeInTheDocument();
      const body = screen.getByRole('region', { name: 'Tenant not found' });
      expect(body).toHaveTextContent('There is no tenant ghost, or it is outside the tenants you are entitled to see.');
      expect(screen.getByRole('link', { name: 'Back to the Tenants list' })).toHaveAttribute('href', tenantsUrl());
      expect(screen.queryByRole('link', { name: 'Overview' })).not.toBeInTheDocument();
      expect(screen.queryByRole('link', { name: 'Isolation' })).not.toBeInTheDocument();
      expect(screen.queryByText(/Run an action/)).not.toBeInTheDocument();
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
      // The read of the tenant is the only request: no tab content was built.
      expect(getTenant).toHaveBeenCalledTimes(1);
      expect(buildTenantOverviewScene).not.toHaveBeenCalled();
      expect(buildTenantIsolationScene).not.toHaveBeenCalled();
    }
  );

  it('shows the tabs and the tab content of a tenant that exists', async () => {
    const getTenant = jest.fn().mockResolvedValue(tenant({ id: 'acme' }));
    renderTenantPage('acme/isolation', getTenant);
    expect(await screen.findByText('Isolation content')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Tenant acme' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Overview' })).toBeInTheDocument();
    expect(buildTenantIsolationScene).toHaveBeenCalledWith('acme');
  });

  it('lets the tab report any other failure itself (its error and Retry)', async () => {
    const getTenant = jest
      .fn()
      .mockRejectedValue(new ApiRequestError({ status: 503, code: 'sidecar_unreachable', message: 'down' }));
    renderTenantPage('acme', getTenant);
    expect(await screen.findByText('Overview content')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Tenant acme' })).toBeInTheDocument();
    expect(buildTenantOverviewScene).toHaveBeenCalledWith('acme', undefined);
  });

  it('hands the Overview the record it read, so the tab does not read the tenant again', async () => {
    const acme = tenant({ id: 'acme' });
    const getTenant = jest.fn().mockResolvedValue(acme);
    renderTenantPage('acme', getTenant);
    expect(await screen.findByText('Overview content')).toBeInTheDocument();
    expect(buildTenantOverviewScene).toHaveBeenCalledWith('acme', acme);
    expect(getTenant).toHaveBeenCalledTimes(1);
  });
});
