import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { ApiRequestError } from '../api/ApiRequestError';
import { testIds } from './testIds';
import { fakeOperationsApi, jobDetail, JOB_ID, plan } from '../test/operationsFixtures';
import { OPS_OPERATOR, OPS_VIEWER, setPermissions } from '../test/permissions';
import { RunActionScene } from './RunActionScene';

const TENANT_PAGE = '/a/switchyard-controlplane-app/tenants/acme';
const HUB = '/a/switchyard-controlplane-app/operations';

function mount(url: string, state: ConstructorParameters<typeof RunActionScene>[0]) {
  const api = fakeOperationsApi();
  api.createJob.mockResolvedValue({ dryRun: true, plan: plan(), job: null });
  const scene = new RunActionScene(state, api);
  const root = new EmbeddedScene({ body: scene });
  locationService.push(url);
  const urlSync = new UrlSyncManager();
  urlSync.initSync(root);
  const deactivate = scene.activate();
  render(<scene.Component model={scene} />);
  return { api, scene, urlSync, deactivate };
}

const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));

beforeEach(() => setPermissions(OPS_OPERATOR));

describe('RunActionScene', () => {
  it('a deep link ?action=drain opens the drain preflight: dry run, then the plan', async () => {
    const { api, scene, deactivate } = mount(`${TENANT_PAGE}?action=drain`, { tenantId: 'acme' });
    expect(scene.state.action).toBe('drain');
    await screen.findByTestId(testIds.runAction.preflight);
    const [body, dryRun, key] = api.createJob.mock.calls[0];
    expect(body).toMatchObject({ type: 'tenant.drain', params: { tenantId: 'acme' } });
    expect(dryRun).toBe(true);
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(screen.getByTestId(testIds.runAction.drawer)).toHaveAttribute('data-action', 'drain');
    expect(screen.getAllByTestId(testIds.runAction.check)[0]).toHaveAttribute('data-ok', 'true');
    expect(screen.getByTestId(testIds.runAction.steps)).toHaveTextContent('Mark tenant draining');
    deactivate();
  });

  it('choosing an action writes it to the URL; closing removes it', async () => {
    const { scene, deactivate } = mount(TENANT_PAGE, { tenantId: 'acme' });
    await userEvent.click(screen.getByTestId(`${testIds.runAction.actionPrefix}suspend`));
    expect(search()).toEqual({ action: 'suspend' });
    await screen.findByTestId(testIds.runAction.preflight);
    act(() => scene.close());
    expect(search()).toEqual({});
    expect(scene.state.action).toBeUndefined();
    deactivate();
  });

  it('runs with the reason and one Idempotency-Key (reused on retry), then lands on the job page', async () => {
    const { api, deactivate } = mount(`${TENANT_PAGE}?action=drain`, { tenantId: 'acme' });
    await screen.findByTestId(testIds.runAction.preflight);
    api.createJob.mockRejectedValueOnce(
      new ApiRequestError({ status: 503, code: 'unavailable', message: 'try again', requestId: 'r-9' })
    );
    await userEvent.click(screen.getByTestId(testIds.runAction.run));
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'tenant floods gateway{Enter}');
    expect(await screen.findByTestId(testIds.reasonModal.error)).toHaveTextContent('try again');
    api.createJob.mockResolvedValueOnce({ dryRun: false, plan: plan(), job: jobDetail() });
    await userEvent.click(screen.getByTestId(testIds.reasonModal.submit));
    await waitFor(() => expect(locationService.getLocation().pathname).toBe(`${HUB}/jobs/${JOB_ID}`));
    const runs = api.createJob.mock.calls.filter((c) => c[1] === false);
    expect(runs).toHaveLength(2);
    expect(runs[0][0]).toMatchObject({ type: 'tenant.drain', reason: 'tenant floods gateway' });
    expect(runs[1][2]).toBe(runs[0][2]);
    deactivate();
  });

  it('a blocked plan cannot be run and says which check failed', async () => {
    const { api, deactivate } = mount(TENANT_PAGE, { tenantId: 'acme' });
    api.createJob.mockResolvedValue({
      dryRun: true,
      plan: plan({
        blocked: true,
        preflight: [
          {
            name: 'in_flight_below_threshold',
            ok: false,
            message: 'In-flight too high',
            measured: 900,
            threshold: 500,
          },
        ],
      }),
      job: null,
    });
    await userEvent.click(screen.getByTestId(`${testIds.runAction.actionPrefix}drain`));
    expect(await screen.findByTestId(testIds.runAction.blocked)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.runAction.check)).toHaveAttribute('data-ok', 'false');
    expect(screen.getByTestId(testIds.runAction.check)).toHaveTextContent('measured 900, threshold 500');
    expect(screen.getByTestId(testIds.runAction.run)).toBeDisabled();
    deactivate();
  });

  it('the hub opens a deployment restart from ?action=restart&target=<env>/<deployment>', async () => {
    const { api, scene, deactivate } = mount(`${HUB}?action=restart&target=prod%2Fgateway-prod-0`, {
      source: { kind: 'page', ref: 'operations' },
    });
    expect(scene.target).toEqual({ kind: 'deployment', environment: 'prod', deployment: 'gateway-prod-0' });
    await waitFor(() => expect(api.createJob).toHaveBeenCalled());
    expect(api.createJob.mock.calls[0][0]).toMatchObject({
      type: 'deployment.restart',
      params: { environment: 'prod', deployment: 'gateway-prod-0' },
      source: { kind: 'page', ref: 'operations' },
    });
    deactivate();
  });

  it('ignores unknown actions and bad targets from the URL', async () => {
    const { api, scene, deactivate } = mount(`${HUB}?action=rm-rf&target=prod%2F..%2Fx`, {});
    expect(scene.state.action).toBeUndefined();
    expect(scene.target).toBeUndefined();
    expect(api.createJob).not.toHaveBeenCalled();
    deactivate();
  });

  it('viewers see the actions disabled, with the reason', () => {
    setPermissions(OPS_VIEWER);
    const { deactivate } = mount(TENANT_PAGE, { tenantId: 'acme' });
    const button = screen.getByTestId(`${testIds.runAction.actionPrefix}drain`);
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(/operations:execute/);
    deactivate();
  });
});
