import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import type { EntitlementsApi } from '../../api/entitlementsApi';
import type { Environment, MyEntitlements, PlatformHealth } from '../../contract';
import { RunActionScene } from '../../shared/RunActionScene';
import { testIds } from '../../shared/testIds';
import {
  alert,
  fakeOperationsApi,
  jobDetail,
  myEntitlements,
  platformHealth,
  platformHealthOverview,
} from '../../test/operationsFixtures';
import { OPS_OPERATOR, setPermissions } from '../../test/permissions';
import { AlertInboxScene } from './AlertInboxScene';
import { JobsListScene } from './JobsListScene';
import { OperationsHubScene } from './OperationsHubScene';
import { PlatformHealthScene, shownEnvironments } from './PlatformHealthScene';

const HUB = '/a/switchyard-controlplane-app/operations';
const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));

beforeEach(() => setPermissions(OPS_OPERATOR));

/**
 * The whole hub at `url` (its sections on `api`, entitlements unreadable unless given), URL-synced and
 * activated; a test activates the sections it renders. `deactivate` undoes both.
 */
function mountHub(
  api: ReturnType<typeof fakeOperationsApi>,
  url: string,
  entitlements: Pick<EntitlementsApi, 'getMine'> = { getMine: jest.fn().mockRejectedValue(new Error('offline')) }
) {
  const jobs = new JobsListScene({}, api, entitlements);
  const alerts = new AlertInboxScene({}, api);
  const health = new PlatformHealthScene({}, api);
  const hub = new OperationsHubScene({
    runAction: new RunActionScene({ source: { kind: 'page', ref: 'operations' } }),
    alerts,
    health,
    jobs,
  });
  locationService.push(url);
  const urlSync = new UrlSyncManager();
  const root = new EmbeddedScene({ body: hub });
  urlSync.initSync(root);
  const deactivateHub = hub.activate();
  return {
    hub,
    jobs,
    alerts,
    health,
    deactivate: () => {
      deactivateHub();
      urlSync.cleanUp(root);
    },
  };
}

describe('JobsListScene', () => {
  function mount(url: string) {
    const api = fakeOperationsApi();
    api.listJobs.mockResolvedValue({ items: [jobDetail()], nextCursor: 'n1', prevCursor: null });
    const scene = new JobsListScene({}, api);
    locationService.push(url);
    const urlSync = new UrlSyncManager();
    urlSync.initSync(new EmbeddedScene({ body: scene }));
    const deactivate = scene.activate();
    return { api, scene, urlSync, deactivate };
  }

  it('queries with the filters of a shared URL', async () => {
    const { api, deactivate } = mount(
      `${HUB}?environment=prod&type=tenant.drain&status=running,failed&tenant=acme&cursor=c3`
    );
    await waitFor(() =>
      expect(api.listJobs).toHaveBeenLastCalledWith({
        limit: 50,
        environment: ['prod'],
        type: ['tenant.drain'],
        status: ['running', 'failed'],
        tenant: 'acme',
        cursor: 'c3',
      })
    );
    deactivate();
  });

  it('filter changes go to the URL and back to the first page; next page puts the cursor in the URL', async () => {
    const { api, scene, deactivate } = mount(`${HUB}?cursor=c3`);
    scene.setFilters({ status: ['failed'] });
    expect(search()).toEqual({ status: 'failed' });
    await waitFor(() => expect(scene.state.page?.nextCursor).toBe('n1'));
    scene.nextPage();
    expect(search()).toEqual({ status: 'failed', cursor: 'n1' });
    await waitFor(() =>
      expect(api.listJobs).toHaveBeenLastCalledWith(expect.objectContaining({ status: ['failed'], cursor: 'n1' }))
    );
    deactivate();
  });

  it('follows the URL (back button)', async () => {
    const { api, urlSync, deactivate } = mount(HUB);
    locationService.push(`${HUB}?type=deployment.restart`);
    urlSync.handleNewLocation(locationService.getLocation());
    await waitFor(() =>
      expect(api.listJobs).toHaveBeenLastCalledWith(expect.objectContaining({ type: ['deployment.restart'] }))
    );
    deactivate();
  });

  it('renders rows with status and a link to the job page', async () => {
    const { scene, deactivate } = mount(HUB);
    render(
      <MemoryRouter>
        <scene.Component model={scene} />
      </MemoryRouter>
    );
    const row = await screen.findByTestId(testIds.operations.jobRow);
    expect(row).toHaveAttribute('data-status', 'running');
    expect(screen.getByTestId(testIds.operations.jobLink)).toHaveAttribute(
      'href',
      expect.stringContaining('/operations/jobs/0b0e5a3c')
    );
    deactivate();
  });
});

describe('AlertInboxScene', () => {
  it('one click on the suggested action opens its preflight', async () => {
    const api = fakeOperationsApi();
    api.listAlerts.mockResolvedValue({
      items: [alert(), alert({ fingerprint: 'f2', status: 'resolved', endsAt: '2026-11-23T11:00:00.000Z' })],
      nextCursor: null,
      prevCursor: null,
      silences: 'ok',
    });
    const scene = new AlertInboxScene({}, api);
    const deactivate = scene.activate();
    render(<scene.Component model={scene} />);
    const rows = await screen.findAllByTestId(testIds.operations.alertRow);
    expect(rows.map((r) => r.getAttribute('data-status'))).toEqual(['firing', 'resolved']);
    const buttons = screen.getAllByTestId(testIds.operations.alertAction);
    expect(buttons).toHaveLength(1);
    await userEvent.click(buttons[0]);
    expect(locationService.getLocation().pathname).toBe('/a/switchyard-controlplane-app/tenants/acme');
    expect(search()).toEqual({ action: 'drain' });
    deactivate();
  });
});

describe('PlatformHealthScene', () => {
  it('lists deployments worst first and opens the restart preflight through the URL', async () => {
    const api = fakeOperationsApi();
    api.getPlatformHealth.mockResolvedValue(platformHealthOverview());
    const scene = new PlatformHealthScene({}, api);
    const deactivate = scene.activate();
    locationService.push(HUB);
    render(<scene.Component model={scene} />);
    expect(await screen.findByTestId(testIds.operations.healthState)).toHaveAttribute('data-state', 'unhealthy');
    const rows = screen.getAllByTestId(testIds.operations.deploymentRow);
    expect(rows.map((r) => [r.getAttribute('data-name'), r.getAttribute('data-state')])).toEqual([
      ['gateway-prod-0', 'unhealthy'],
      ['runner-prod-0', 'healthy'],
    ]);
    expect(screen.getByTestId(testIds.operations.podRow)).toHaveTextContent('CrashLoopBackOff');
    await userEvent.click(screen.getByTestId(`${testIds.operations.restartPrefix}gateway-prod-0`));
    expect(search()).toEqual({ action: 'restart', target: 'prod/gateway-prod-0' });
    deactivate();
  });

  it('shows the environment that needs an operator first: unhealthy, unknown, pending, then healthy', () => {
    const env = (environment: Environment, state: PlatformHealth['state']) =>
      platformHealth({ environment, namespace: `platform-${environment}`, state });
    const overview = platformHealthOverview(env('dev', 'healthy'), env('staging', 'pending'), env('prod', 'unhealthy'));
    const order = (shown: PlatformHealth[]) => shown.map((h) => h.environment);
    expect(order(shownEnvironments(overview, []))).toEqual(['prod', 'staging', 'dev']);
    expect(order(shownEnvironments(overview, ['dev', 'staging']))).toEqual(['staging', 'dev']);
    const calm = platformHealthOverview(env('dev', 'healthy'), env('staging', 'healthy'), env('prod', 'unknown'));
    expect(order(shownEnvironments(calm, []))).toEqual(['prod', 'dev', 'staging']);
  });

  it('says why health is unknown', async () => {
    const api = fakeOperationsApi();
    api.getPlatformHealth.mockResolvedValue(
      platformHealthOverview(
        platformHealth({
          state: 'unknown',
          error: { code: 'unreachable', message: 'The Kubernetes API is unreachable' },
          stale: true,
        })
      )
    );
    const scene = new PlatformHealthScene({}, api);
    const deactivate = scene.activate();
    render(<scene.Component model={scene} />);
    expect(await screen.findByText(/Health is unknown: The Kubernetes API is unreachable/)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.operations.healthStale)).toHaveTextContent('refreshed every 30 s');
    deactivate();
  });

  it('shows the auth component with its state and reason', async () => {
    const api = fakeOperationsApi();
    api.getPlatformHealth.mockResolvedValue(
      platformHealthOverview(
        platformHealth({
          auth: {
            name: 'kubernetes-api-auth',
            state: 'unhealthy',
            reason: 'The Kubernetes API refused the token (401)',
            checkedAt: null,
            lastSuccessAt: null,
          },
        })
      )
    );
    const scene = new PlatformHealthScene({}, api);
    const deactivate = scene.activate();
    render(<scene.Component model={scene} />);
    expect(await screen.findByTestId(testIds.operations.healthAuth)).toHaveAttribute('data-state', 'unhealthy');
    expect(
      screen.getByText(/last authenticated never · The Kubernetes API refused the token \(401\)/)
    ).toBeInTheDocument();
    deactivate();
  });

  it('lists each cron run with its outcome, duration, exit code and reason; no stale mark on fresh data', async () => {
    const api = fakeOperationsApi();
    api.getPlatformHealth.mockResolvedValue(platformHealthOverview());
    const scene = new PlatformHealthScene({}, api);
    const deactivate = scene.activate();
    render(<scene.Component model={scene} />);
    await screen.findByTestId(testIds.operations.cronRow);
    const runs = screen.getAllByTestId(testIds.operations.cronRun);
    expect(runs.map((r) => r.getAttribute('data-outcome'))).toEqual(['failed', 'succeeded']);
    expect(runs[0]).toHaveTextContent(/✗ failed .* took 1 min 12 s · exit 2 · BackoffLimitExceeded/);
    expect(runs[1]).toHaveTextContent(/✓ succeeded .* took 41 s · exit 0$/);
    expect(screen.queryByTestId(testIds.operations.healthStale)).not.toBeInTheDocument();
    deactivate();
  });

  it('marks health stale when the last good read is older than the refresh interval allows', async () => {
    const api = fakeOperationsApi();
    api.getPlatformHealth.mockResolvedValue(platformHealthOverview(platformHealth({ stale: true, state: 'healthy' })));
    const scene = new PlatformHealthScene({}, api);
    const deactivate = scene.activate();
    render(<scene.Component model={scene} />);
    expect(await screen.findByTestId(testIds.operations.healthStale)).toHaveTextContent(/stale: last good read/);
    deactivate();
  });
});

const devHealth = () =>
  platformHealth({
    environment: 'dev',
    namespace: 'platform-dev',
    state: 'healthy',
    stale: true,
    deployments: [],
    pods: [],
    cronJobs: [],
  });

describe('OperationsHubScene environment filter', () => {
  const entitledTo = (visibleEnvironments: MyEntitlements['visibleEnvironments']) =>
    myEntitlements({ visibleEnvironments });
  const envFilter = () => screen.getByRole('combobox', { name: 'Filter by environment' });
  const shownHealth = () =>
    screen.getAllByTestId(testIds.operations.health).map((s) => s.getAttribute('data-environment'));

  function mountRendered(url: string, entitlements?: Pick<EntitlementsApi, 'getMine'>) {
    const api = fakeOperationsApi();
    api.getPlatformHealth.mockResolvedValue(platformHealthOverview(devHealth(), platformHealth()));
    api.listJobs.mockResolvedValue({ items: [jobDetail()], nextCursor: null, prevCursor: null });
    api.listAlerts.mockResolvedValue({ items: [alert()], nextCursor: null, prevCursor: null, silences: 'ok' });
    const mounted = mountHub(api, url, entitlements);
    render(
      <MemoryRouter>
        <mounted.hub.Component model={mounted.hub} />
      </MemoryRouter>
    );
    return { api, ...mounted };
  }

  it('sits above the sections, says what it narrows, and the Jobs toolbar has no environment control of its own', async () => {
    const { deactivate } = mountRendered(HUB);
    const control = screen.getByTestId(testIds.operations.filterEnvironment);
    expect(control).toHaveTextContent('Environments');
    expect(control).toHaveTextContent('Applies to the alert inbox, jobs and platform health');
    expect(screen.getAllByRole('combobox', { name: 'Filter by environment' })).toHaveLength(1);
    const sections = ['Alert inbox', 'Jobs', 'Platform health'].map(
      (name) => screen.getByRole('heading', { level: 2, name }).closest('section') as HTMLElement
    );
    for (const section of sections) {
      expect(section).not.toContainElement(control);
      // The control comes before every section in the page.
      expect(control.compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    }
    const jobsSection = sections[1];
    expect(within(jobsSection).getByRole('combobox', { name: 'Filter by type' })).toBeInTheDocument();
    expect(within(jobsSection).queryByText('Environment')).not.toBeInTheDocument();
    await screen.findByTestId(testIds.operations.jobRow);
    deactivate();
  });

  it('offers only the environments the user is entitled to (every one while they load)', async () => {
    let entitled: (m: MyEntitlements) => void = () => undefined;
    const entitlements = { getMine: jest.fn(() => new Promise<MyEntitlements>((resolve) => (entitled = resolve))) };
    const { deactivate } = mountRendered(HUB, entitlements);
    await userEvent.click(envFilter());
    const options = () => screen.getAllByRole('option').map((o) => o.textContent);
    expect(options()).toEqual(['dev', 'staging', 'prod']);
    await waitFor(() => expect(entitlements.getMine).toHaveBeenCalled());
    act(() => entitled(entitledTo(['prod', 'staging'])));
    await waitFor(() => expect(options()).toEqual(['staging', 'prod']));
    deactivate();
  });

  it('a pick goes to the URL as `environment` and narrows jobs, the alert inbox and platform health', async () => {
    const entitlements = { getMine: jest.fn().mockResolvedValue(entitledTo(['dev', 'prod'])) };
    const { api, deactivate } = mountRendered(`${HUB}?status=failed`, entitlements);
    // Worst first: prod (unhealthy) above dev (healthy).
    await waitFor(() => expect(shownHealth()).toEqual(['prod', 'dev']));
    await waitFor(() => expect(api.listAlerts).toHaveBeenCalled());
    await userEvent.click(envFilter());
    await userEvent.click(await screen.findByRole('option', { name: 'dev' }));

    expect(search()).toEqual({ status: 'failed', environment: 'dev' });
    await waitFor(() =>
      expect(api.listJobs).toHaveBeenLastCalledWith(
        expect.objectContaining({ environment: ['dev'], status: ['failed'], cursor: undefined })
      )
    );
    await waitFor(() =>
      expect(api.listAlerts).toHaveBeenLastCalledWith(expect.objectContaining({ environment: ['dev'] }))
    );
    await waitFor(() => expect(shownHealth()).toEqual(['dev']));
    expect(screen.getByTestId(testIds.operations.alertsEnvironments)).toHaveTextContent('Environments: dev');

    // The jobs toolbar's "Clear filters" clears its own filters and leaves the hub's environment.
    await userEvent.click(screen.getByTestId(testIds.operations.clearFilters));
    expect(search()).toEqual({ environment: 'dev' });
    await waitFor(() =>
      expect(api.listJobs).toHaveBeenLastCalledWith(
        expect.objectContaining({ environment: ['dev'], status: undefined })
      )
    );
    expect(shownHealth()).toEqual(['dev']);
    deactivate();
  });

  it('a shared URL with `environment` shows the pick in the control', async () => {
    const { api, deactivate } = mountRendered(`${HUB}?environment=prod`);
    expect(screen.getByTestId(testIds.operations.filterEnvironment)).toHaveTextContent('prod');
    await waitFor(() =>
      expect(api.listJobs).toHaveBeenLastCalledWith(expect.objectContaining({ environment: ['prod'] }))
    );
    await waitFor(() => expect(shownHealth()).toEqual(['prod']));
    deactivate();
  });
});

describe('PlatformHealthScene over several environments', () => {
  it('shows every environment, each with its own state and stale mark', async () => {
    const api = fakeOperationsApi();
    api.getPlatformHealth.mockResolvedValue(platformHealthOverview(devHealth(), platformHealth()));
    const scene = new PlatformHealthScene({}, api);
    const deactivate = scene.activate();
    render(<scene.Component model={scene} />);
    await screen.findAllByTestId(testIds.operations.health);
    const sections = screen.getAllByTestId(testIds.operations.health);
    // Worst first: the unhealthy prod above the healthy (stale) dev.
    expect(sections.map((s) => s.getAttribute('data-environment'))).toEqual(['prod', 'dev']);
    expect(within(sections[1]).getByTestId(testIds.operations.healthState)).toHaveAttribute('data-state', 'healthy');
    expect(within(sections[1]).getByTestId(testIds.operations.healthStale)).toBeInTheDocument();
    expect(within(sections[0]).getByTestId(testIds.operations.healthState)).toHaveAttribute('data-state', 'unhealthy');
    expect(within(sections[0]).queryByTestId(testIds.operations.healthStale)).not.toBeInTheDocument();
    deactivate();
  });

  it("the hub's environment filter (jobs filters in the URL) chooses the environments shown, without a new request", async () => {
    const api = fakeOperationsApi();
    api.getPlatformHealth.mockResolvedValue(platformHealthOverview(devHealth(), platformHealth()));
    api.listJobs.mockResolvedValue({ items: [], nextCursor: null, prevCursor: null });
    const { jobs, health, deactivate } = mountHub(api, `${HUB}?environment=prod`);
    const deactivateHealth = health.activate();
    render(<health.Component model={health} />);
    await waitFor(() =>
      expect(screen.getAllByTestId(testIds.operations.health).map((s) => s.getAttribute('data-environment'))).toEqual([
        'prod',
      ])
    );
    jobs.setState({ filters: { ...jobs.state.filters, environment: ['dev'] } });
    await waitFor(() =>
      expect(screen.getAllByTestId(testIds.operations.health).map((s) => s.getAttribute('data-environment'))).toEqual([
        'dev',
      ])
    );
    jobs.setState({ filters: { ...jobs.state.filters, environment: ['staging'] } });
    expect(await screen.findByText(/No platform health for staging: you may see dev, prod/)).toBeInTheDocument();
    expect(api.getPlatformHealth).toHaveBeenCalledTimes(1);
    deactivateHealth();
    deactivate();
  });

  it("the hub's environment filter narrows the alert inbox: its first request already, then each change from the first page", async () => {
    const api = fakeOperationsApi();
    api.listJobs.mockResolvedValue({ items: [], nextCursor: null, prevCursor: null });
    api.listAlerts.mockResolvedValue({
      items: [alert()],
      nextCursor: 'a2',
      prevCursor: null,
      silences: 'ok',
    });
    // As Scenes mounts them: the hub first, then its sections.
    const { jobs, alerts, deactivate } = mountHub(api, `${HUB}?environment=prod`);
    const deactivateAlerts = alerts.activate();
    render(<alerts.Component model={alerts} />);
    const envOf = (call: unknown[]) => (call[0] as { environment?: string[] }).environment;
    await waitFor(() => expect(api.listAlerts).toHaveBeenCalledTimes(1));
    expect(envOf(api.listAlerts.mock.calls[0])).toEqual(['prod']);
    expect(screen.getByTestId(testIds.operations.alertsEnvironments)).toHaveTextContent('Environments: prod');

    act(() => alerts.goTo('a2'));
    await waitFor(() => expect(api.listAlerts).toHaveBeenCalledTimes(2));
    expect(api.listAlerts.mock.calls[1][0]).toEqual({ limit: 25, cursor: 'a2', environment: ['prod'] });

    act(() => jobs.setState({ filters: { ...jobs.state.filters, environment: ['dev', 'staging'] } }));
    await waitFor(() => expect(api.listAlerts).toHaveBeenCalledTimes(3));
    expect(api.listAlerts.mock.calls[2][0]).toEqual({ limit: 25, cursor: undefined, environment: ['dev', 'staging'] });

    // Another jobs filter leaves the inbox alone; clearing the environments shows every alert again.
    act(() => jobs.setState({ filters: { ...jobs.state.filters, type: ['tenant.drain'] } }));
    act(() => jobs.setState({ filters: { ...jobs.state.filters, environment: [] } }));
    await waitFor(() => expect(api.listAlerts).toHaveBeenCalledTimes(4));
    expect(envOf(api.listAlerts.mock.calls[3])).toBeUndefined();
    expect(screen.queryByTestId(testIds.operations.alertsEnvironments)).not.toBeInTheDocument();
    deactivateAlerts();
    deactivate();
  });
});

describe('PlatformHealthScene workload actions', () => {
  it("Scale… opens the form with the deployment's replicas and allowed range", async () => {
    const api = fakeOperationsApi();
    api.getPlatformHealth.mockResolvedValue(platformHealthOverview());
    const scene = new PlatformHealthScene({}, api);
    const deactivate = scene.activate();
    render(<scene.Component model={scene} />);
    await userEvent.click(await screen.findByTestId(`${testIds.operations.scalePrefix}runner-prod-0`));
    expect(await screen.findByTestId(testIds.workloadAction.replicas)).toHaveValue(2);
    expect(screen.getByText('Allowed 2–6; now 2.')).toBeInTheDocument();
    await userEvent.click(screen.getByText('Cancel'));
    await userEvent.click(screen.getByTestId(testIds.operations.rotateSecret));
    expect(await screen.findByTestId(testIds.workloadAction.form)).toHaveAttribute('data-kind', 'rotate');
    deactivate();
  });
});
