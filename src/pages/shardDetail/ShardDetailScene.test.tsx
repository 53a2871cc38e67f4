import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import type { PlacementApi } from '../../api/placementApi';
import { ApiRequestError } from '../../api/ApiRequestError';
import { Actions, type ShardView } from '../../contract';
import { setPermissions } from '../../test/permissions';
import { fakeOperationsApi, plan } from '../../test/operationsFixtures';
import { ShardDetailScene } from './ShardDetailScene';

const BASE = '/a/switchyard-controlplane-app/placement/fleet/shards/gateway-prod-0';
const AT = '2026-01-01T00:00:00.000Z';

const shard = (over: Partial<ShardView> = {}): ShardView => ({
  id: 'gateway-prod-0',
  kind: 'gateway',
  region: 'eu-west-1',
  labels: { env: 'prod' },
  capacity: 400,
  version: '2.14.3',
  status: 'ready',
  revision: 1,
  updatedAt: AT,
  tenants: 2,
  load: 100,
  utilization: 0.25,
  ...over,
});

function fakeApi(over: Partial<ShardView> = {}) {
  return {
    listShards: jest.fn(),
    getTenantPlacement: jest.fn(),
    previewRebalance: jest.fn(),
    getShard: jest.fn().mockResolvedValue(shard(over)),
    listShardTenants: jest.fn().mockResolvedValue({
      items: [
        { tenantId: 'acme-001', kind: 'gateway', shardId: 'gateway-prod-0', revision: 4, generation: 2, updatedAt: AT },
        {
          tenantId: 'stark-006',
          kind: 'gateway',
          shardId: 'gateway-prod-0',
          revision: 9,
          generation: 1,
          updatedAt: AT,
        },
      ],
      nextCursor: 'c2',
      prevCursor: null,
    }),
  } satisfies Record<keyof PlacementApi, jest.Mock>;
}

function renderScene(scene: ShardDetailScene) {
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
}

describe('ShardDetailScene', () => {
  beforeEach(() => setPermissions([Actions.placementRead]));

  it('shows the shard, its environment and load, and its tenants linking to their Placement tab', async () => {
    const scene = new ShardDetailScene({ shardId: 'gateway-prod-0' }, fakeApi());
    renderScene(scene);
    await act(() => scene.load());
    expect(screen.getByText('prod')).toBeInTheDocument();
    expect(screen.getByText(/100\.0 rps of 400 rps \(25 %\)/)).toBeInTheDocument();
    const rows = screen.getAllByTestId('placement-shard-tenant-row');
    expect(rows.map((r) => r.getAttribute('data-tenant'))).toEqual(['acme-001', 'stark-006']);
    expect(within(rows[0]).getByRole('link', { name: 'acme-001' })).toHaveAttribute(
      'href',
      '/a/switchyard-controlplane-app/tenants/acme-001/placement'
    );
    expect(screen.getByRole('button', { name: 'Cordon' })).toBeDisabled();
  });

  it('the tenants page cursor lives in the URL and is read back from a shared link', async () => {
    const api = fakeApi();
    const scene = new ShardDetailScene({ shardId: 'gateway-prod-0' }, api);
    const urlSync = new UrlSyncManager();
    locationService.push(`${BASE}?cursor=c1`);
    urlSync.initSync(new EmbeddedScene({ body: scene }));
    const deactivate = scene.activate();
    await waitFor(() => expect(scene.state.loading).toBe(false));
    expect(api.listShardTenants).toHaveBeenLastCalledWith('gateway-prod-0', { limit: 50, cursor: 'c1' });
    scene.nextPage();
    expect(new URLSearchParams(locationService.getLocation().search).get('cursor')).toBe('c2');
    await waitFor(() =>
      expect(api.listShardTenants).toHaveBeenLastCalledWith('gateway-prod-0', { limit: 50, cursor: 'c2' })
    );
    deactivate();
  });

  it('with placement:write, actions follow the status and open the shared flow for this shard', async () => {
    setPermissions([Actions.placementRead, Actions.placementWrite]);
    const scene = new ShardDetailScene({ shardId: 'gateway-prod-0' }, fakeApi({ status: 'cordoned' }));
    const open = jest.spyOn(scene.state.flow, 'open').mockImplementation(() => undefined);
    renderScene(scene);
    await act(() => scene.load());
    expect(screen.getByRole('button', { name: 'Cordon' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Uncordon' }));
    const intent = open.mock.calls[0][0];
    expect(intent.id).toBe('shard.uncordon:gateway-prod-0');
    expect(intent.body('maintenance over')).toEqual(
      expect.objectContaining({ type: 'shard.uncordon', params: { shardId: 'gateway-prod-0' } })
    );
  });

  it('a link with ?action=cordon opens that plan for this shard; closing it, or starting its job, takes the action out of the URL', async () => {
    setPermissions([Actions.placementRead, Actions.placementWrite]);
    const ops = fakeOperationsApi();
    ops.createJob.mockResolvedValue({ dryRun: true, plan: plan({ type: 'shard.cordon' }), job: null });
    const scene = new ShardDetailScene({ shardId: 'gateway-prod-0' }, fakeApi(), ops);
    const urlSync = new UrlSyncManager();
    locationService.push(`${BASE}?action=cordon`);
    urlSync.initSync(new EmbeddedScene({ body: scene }));
    const deactivate = scene.activate();
    const flow = scene.state.flow;
    expect(flow.state.intent?.id).toBe('shard.cordon:gateway-prod-0');
    expect(flow.state.intent?.body('p95 high on the shard')).toEqual(
      expect.objectContaining({ type: 'shard.cordon', params: { shardId: 'gateway-prod-0' } })
    );
    await waitFor(() => expect(ops.createJob).toHaveBeenCalledWith(expect.anything(), true, expect.any(String)));
    const action = () => new URLSearchParams(locationService.getLocation().search).get('action');
    act(() => flow.close());
    await waitFor(() => expect(action()).toBeNull());
    // A button puts its action in the URL, so the open plan can be shared.
    act(() => scene.openAction('drain'));
    expect(action()).toBe('drain');
    expect(flow.state.intent?.id).toBe('shard.drain:gateway-prod-0');
    // The job starts (the flow drops its intent, then opens the job page): Back must not reopen the plan.
    act(() => flow.setState({ intent: undefined }));
    await waitFor(() => expect(action()).toBeNull());
    expect(scene.state.action).toBeUndefined();
    deactivate();
  });

  it('an action the shard page does not know is ignored', async () => {
    const scene = new ShardDetailScene({ shardId: 'gateway-prod-0' }, fakeApi());
    const open = jest.spyOn(scene.state.flow, 'open').mockImplementation(() => undefined);
    const urlSync = new UrlSyncManager();
    locationService.push(`${BASE}?action=explode`);
    urlSync.initSync(new EmbeddedScene({ body: scene }));
    const deactivate = scene.activate();
    expect(open).not.toHaveBeenCalled();
    expect(scene.state.action).toBeUndefined();
    deactivate();
  });

  it('an unknown shard shows the error with the way back to the fleet', async () => {
    const api = fakeApi();
    api.getShard.mockRejectedValue(
      new ApiRequestError({ status: 404, code: 'not_found', message: 'Shard nope-0 was not found', requestId: 'r1' })
    );
    const scene = new ShardDetailScene({ shardId: 'nope-0' }, api);
    renderScene(scene);
    await act(() => scene.load());
    expect(await screen.findByText(/Shard nope-0 was not found/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the fleet' })).toBeInTheDocument();
  });
});
