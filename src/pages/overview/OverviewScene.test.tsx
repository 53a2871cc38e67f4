import { FieldType, toDataFrame } from '@grafana/data';
import { SceneQueryRunner, type SceneObject } from '@grafana/scenes';
import { render, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { testIds } from '../../shared/testIds';
import {
  alert,
  fakeOperationsApi,
  jobDetail,
  platformHealth,
  platformHealthOverview,
} from '../../test/operationsFixtures';
import { overviewSceneWithoutGraphs } from '../../test/overviewScene';
import { OPS_VIEWER, setPermissions, VIEWER } from '../../test/permissions';
import { OverviewScene } from './OverviewScene';
import { uptimeRows } from './UptimeScene';

function mount() {
  const api = fakeOperationsApi();
  api.getTenantCounts.mockResolvedValue({
    total: 7,
    byStatus: { provisioning: 0, active: 5, draining: 1, migrating: 0, degraded: 0, suspended: 1, archived: 0 },
    byEnvironment: { dev: 2, staging: 0, prod: 5 },
  });
  api.getPlatformHealth.mockResolvedValue(
    platformHealthOverview(
      platformHealth({ environment: 'dev', namespace: 'platform-dev', state: 'pending' }),
      platformHealth()
    )
  );
  api.listJobs.mockResolvedValue({ items: [jobDetail({ status: 'failed' })], nextCursor: null, prevCursor: null });
  api.listAlerts.mockResolvedValue({ items: [alert()], nextCursor: 'more', prevCursor: null, silences: 'ok' });
  const scene = overviewSceneWithoutGraphs(api);
  const deactivate = scene.activate();
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return { api, scene, deactivate };
}

describe('OverviewScene', () => {
  it('every number links to the page filtered to it', async () => {
    setPermissions(OPS_VIEWER);
    const { api, deactivate } = mount();
    const statuses = await screen.findAllByTestId(testIds.overview.statusCount);
    expect(statuses.map((a) => [a.getAttribute('data-status'), a.textContent, a.getAttribute('href')])).toEqual([
      ['active', '5Active', '/a/switchyard-controlplane-app/tenants?status=active'],
      ['draining', '1Draining', '/a/switchyard-controlplane-app/tenants?status=draining'],
      ['suspended', '1Suspended', '/a/switchyard-controlplane-app/tenants?status=suspended'],
    ]);
    const envs = screen.getAllByTestId(testIds.overview.environmentCount);
    expect(envs.map((a) => a.getAttribute('href'))).toEqual(
      ['dev', 'staging', 'prod'].map((e) => `/a/switchyard-controlplane-app/tenants?environment=${e}`)
    );
    // Deployments of every environment the user may see, summed (1 not healthy in each).
    expect(screen.getByTestId(`${testIds.overview.deployments}-unhealthy`)).toHaveTextContent('2not healthy');
    expect(screen.getByTestId(`${testIds.overview.deployments}-healthy`)).toHaveTextContent('2healthy');
    expect(screen.getByText('Deployments in platform-dev, platform-prod')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.overview.failedJobs)).toHaveTextContent('Recent failed jobs (1)');
    expect(screen.getByRole('link', { name: 'Recent failed jobs (1)' })).toHaveAttribute(
      'href',
      '/a/switchyard-controlplane-app/operations?status=failed'
    );
    expect(screen.getByTestId(testIds.overview.firingAlerts)).toHaveTextContent('Firing alerts (1+)');
    expect(screen.getByRole('link', { name: 'Drain tenant acme' })).toHaveAttribute(
      'href',
      '/a/switchyard-controlplane-app/tenants/acme?action=drain'
    );
    expect(api.listJobs).toHaveBeenCalledWith({ status: ['failed'], limit: 5 });
    deactivate();
  });

  it('users without operations:read get the tenant numbers only (no operations calls)', async () => {
    setPermissions(VIEWER);
    const { api, deactivate } = mount();
    await screen.findAllByTestId(testIds.overview.statusCount);
    await waitFor(() => expect(api.getTenantCounts).toHaveBeenCalled());
    expect(api.getPlatformHealth).not.toHaveBeenCalled();
    expect(screen.queryByTestId(testIds.overview.firingAlerts)).not.toBeInTheDocument();
    deactivate();
  });
});

describe('OverviewScene data requests', () => {
  it('all its graphs and uptime come from two runners: VictoriaMetrics and the Switchyard data source', () => {
    setPermissions(OPS_VIEWER);
    const runners: SceneQueryRunner[] = [];
    const visit = (o: SceneObject) => {
      if (o instanceof SceneQueryRunner) runners.push(o);
      o.forEachChild(visit);
    };
    visit(new OverviewScene({}, fakeOperationsApi()));
    expect(runners.map((r) => [r.state.datasource?.type, r.state.queries.map((q) => q.refId)])).toEqual([
      ['prometheus', ['rate', 'errors', 'p95', 'uptime']],
      ['switchyard-controlplane-datasource', ['status']],
    ]);
  });
});

describe('uptimeRows', () => {
  it('reads the last value per service, clamps to 0–100 and sorts worst first', () => {
    const frame = (service: string, values: number[]) =>
      toDataFrame({
        fields: [
          { name: 'Time', type: FieldType.time, values: values.map((_, i) => i) },
          { name: 'Value', type: FieldType.number, values, labels: { service } },
        ],
      });
    expect(
      uptimeRows([frame('gateway', [50, 99.5]), frame('runner', [100.0001]), frame('', [1]), frame('sidecar', [NaN])])
    ).toEqual([
      { service: 'gateway', percent: 99.5 },
      { service: 'runner', percent: 100 },
    ]);
  });
});
