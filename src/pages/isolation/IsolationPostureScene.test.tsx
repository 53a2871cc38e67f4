import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { testIds } from '../../shared/testIds';
import { Actions } from '../../contract';
import { fakeIsolationApi, isolationPage, isolationSummary, tenantIsolation } from '../../test/isolationFixtures';
import { setPermissions } from '../../test/permissions';
import { IsolationPostureScene } from './IsolationPostureScene';

const BASE = '/a/switchyard-controlplane-app/isolation';
const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));
const READER = [Actions.isolationRead];
const PROBER = [Actions.isolationRead, Actions.isolationProbe];

const violation = isolationSummary({
  tenantId: 'globex',
  verdict: 'violation',
  failing: [{ check: 'privilege_probe', result: 'violation' }],
});
const fine = isolationSummary({ tenantId: 'acme' });

function mount(url: string) {
  const api = fakeIsolationApi();
  api.listIsolation.mockResolvedValue(isolationPage([violation, fine], { nextCursor: 'n1' }));
  const scene = new IsolationPostureScene({}, api);
  const root = new EmbeddedScene({ body: scene });
  const urlSync = new UrlSyncManager();
  locationService.push(url);
  urlSync.initSync(root);
  const deactivate = scene.activate();
  return { api, scene, urlSync, deactivate };
}

function renderScene(api = fakeIsolationApi()) {
  const scene = new IsolationPostureScene({}, api);
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return { api, scene };
}

describe('IsolationPostureScene', () => {
  beforeEach(() => setPermissions(PROBER));

  it('reads verdict, check and environment filters from a shared URL and queries with them', async () => {
    const { api, scene, deactivate } = mount(
      `${BASE}?verdict=violation&check=privilege_probe,connection&environment=prod&cursor=c2`
    );
    expect(scene.state.filters).toEqual({
      verdict: ['violation'],
      check: ['connection', 'privilege_probe'],
      environment: ['prod'],
      cursor: 'c2',
    });
    await waitFor(() => expect(scene.state.loading).toBe(false));
    expect(api.listIsolation).toHaveBeenLastCalledWith(
      expect.objectContaining({
        verdict: ['violation'],
        check: ['connection', 'privilege_probe'],
        environment: ['prod'],
        cursor: 'c2',
      })
    );
    deactivate();
  });

  it('writes filter changes to the URL and returns to the first page; toggling a verdict count filters by it', async () => {
    const { api, scene, deactivate } = mount(`${BASE}?cursor=c2`);
    scene.setFilters({ check: ['naming_contract'] });
    expect(search()).toEqual({ check: 'naming_contract' });
    scene.toggleVerdict('warning');
    expect(search()).toEqual({ check: 'naming_contract', verdict: 'warning' });
    scene.toggleVerdict('warning');
    expect(search()).toEqual({ check: 'naming_contract' });
    await waitFor(() =>
      expect(api.listIsolation).toHaveBeenLastCalledWith(
        expect.objectContaining({ check: ['naming_contract'], verdict: undefined, cursor: undefined })
      )
    );
    deactivate();
  });

  it('pages with cursors in the URL', async () => {
    const { scene, deactivate } = mount(BASE);
    await waitFor(() => expect(scene.state.page?.nextCursor).toBe('n1'));
    scene.nextPage();
    expect(search()).toEqual({ cursor: 'n1' });
    scene.prevPage();
    expect(search()).toEqual({});
    deactivate();
  });
});

describe('isolation posture view', () => {
  it('shows counts by verdict and rows in the sidecar’s order (violations first) with failing checks', async () => {
    setPermissions(READER);
    const api = fakeIsolationApi();
    api.listIsolation.mockResolvedValue(isolationPage([violation, fine]));
    renderScene(api);
    const rows = await screen.findAllByTestId(testIds.isolation.row, {}, { timeout: 5000 });
    expect(rows.map((r) => [r.getAttribute('data-tenant-id'), r.getAttribute('data-verdict')])).toEqual([
      ['globex', 'violation'],
      ['acme', 'isolated'],
    ]);
    expect(within(rows[0]).getByText('Privilege probe')).toBeInTheDocument();
    expect(within(rows[0]).getByRole('link', { name: 'globex' })).toHaveAttribute(
      'href',
      '/a/switchyard-controlplane-app/tenants/globex/isolation'
    );
    const counts = screen.getAllByTestId(testIds.isolation.count);
    expect(counts.map((c) => c.textContent)).toEqual(['Violation: 1', 'Unknown: 0', 'Warning: 0', 'Isolated: 1']);
  });

  it('disables re-probe with the reason when the user lacks isolation:probe', async () => {
    setPermissions(READER);
    const api = fakeIsolationApi();
    api.listIsolation.mockResolvedValue(isolationPage([violation]));
    renderScene(api);
    const button = await screen.findByRole('button', { name: 'Re-probe globex' }, { timeout: 5000 });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      /Switchyard Operator role \(switchyard-controlplane-app\.isolation:probe\)/
    );
  });

  it('re-probes with a reason through the modal and reloads the list', async () => {
    setPermissions(PROBER);
    const api = fakeIsolationApi();
    api.listIsolation.mockResolvedValue(isolationPage([violation]));
    api.probeTenantIsolation.mockResolvedValue(tenantIsolation({ tenantId: 'globex', verdict: 'violation' }));
    renderScene(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Re-probe globex' }, { timeout: 5000 }));
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'incident 42 follow-up');
    await userEvent.click(screen.getByTestId(testIds.reasonModal.submit));
    await waitFor(() =>
      expect(api.probeTenantIsolation).toHaveBeenCalledWith('globex', 'incident 42 follow-up', expect.any(String))
    );
    await waitFor(() => expect(api.listIsolation).toHaveBeenCalledTimes(2));
  });

  it('explains the not-configured state and disables re-probe', async () => {
    setPermissions(PROBER);
    const api = fakeIsolationApi();
    api.listIsolation.mockResolvedValue(
      isolationPage(
        [
          isolationSummary({
            verdict: 'unknown',
            probedAt: null,
            error: { code: 'not_configured', message: 'not configured' },
          }),
        ],
        { configured: false, lastRefreshAt: null }
      )
    );
    renderScene(api);
    expect(await screen.findByTestId(testIds.isolation.notConfigured, {}, { timeout: 5000 })).toHaveTextContent(
      /SWITCHYARD_PLATFORM_URL/
    );
    expect(screen.getByRole('button', { name: 'Re-probe acme' })).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByTestId(testIds.isolation.lastRefresh)).toHaveTextContent('No full refresh yet');
  });
});
