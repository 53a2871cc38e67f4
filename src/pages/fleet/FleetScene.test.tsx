import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import type { PlacementApi } from '../../api/placementApi';
import { Actions, type ShardPage, type ShardView } from '../../contract';
import { setPermissions } from '../../test/permissions';
import { FleetScene } from './FleetScene';
import { FieldType, toDataFrame } from '@grafana/data';
import { SceneFlexLayout } from '@grafana/scenes';
import { shardLoad, shardUtilization } from '../../shared/queries';
import { testIds } from '../../shared/testIds';
import { markShardStatus, shardLoadQueries } from './shardLoad';

const BASE = '/a/switchyard-controlplane-app/placement/fleet';
const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));

function shard(over: Partial<ShardView> = {}): ShardView {
  return {
    id: 'gateway-prod-0',
    kind: 'gateway',
    region: 'eu-west-1',
    labels: { env: 'prod' },
    capacity: 400,
    version: '2.14.3',
    status: 'ready',
    revision: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    tenants: 7,
    load: 300,
    utilization: 0.75,
    ...over,
  };
}

function fakeApi(page: Partial<ShardPage> = {}) {
  return {
    listShards: jest.fn().mockResolvedValue({
      items: [shard(), shard({ id: 'gateway-prod-1', status: 'cordoned', tenants: 0, load: 10, utilization: 0.025 })],
      nextCursor: 'n1',
      prevCursor: null,
      loadError: null,
      ...page,
    }),
    getTenantPlacement: jest.fn(),
    previewRebalance: jest.fn(),
  } satisfies Record<keyof PlacementApi, jest.Mock>;
}

function mount(url: string, api = fakeApi()) {
  const scene = new FleetScene({}, api, null);
  const root = new EmbeddedScene({ body: scene });
  const urlSync = new UrlSyncManager();
  locationService.push(url);
  urlSync.initSync(root);
  const deactivate = scene.activate();
  return { api, scene, deactivate };
}

describe('FleetScene', () => {
  beforeEach(() => setPermissions([Actions.placementRead]));

  it('reads the kind tab, status and cursor from a shared URL and queries with them', async () => {
    const { api, scene, deactivate } = mount(`${BASE}?kind=runner&status=cordoned&cursor=c2`);
    expect(scene.state).toEqual(expect.objectContaining({ kind: 'runner', status: 'cordoned', cursor: 'c2' }));
    await waitFor(() => expect(scene.state.loading).toBe(false));
    expect(api.listShards).toHaveBeenLastCalledWith({ kind: 'runner', status: 'cordoned', cursor: 'c2', limit: 50 });
    deactivate();
  });

  it('switching tab writes the kind to the URL and starts from the first page; next page writes the cursor', async () => {
    const { api, scene, deactivate } = mount(`${BASE}?kind=gateway&cursor=c2`);
    await waitFor(() => expect(scene.state.loading).toBe(false));
    scene.selectKind('projection');
    expect(search()).toEqual({ kind: 'projection' });
    await waitFor(() =>
      expect(api.listShards).toHaveBeenLastCalledWith(
        expect.objectContaining({ kind: 'projection', cursor: undefined })
      )
    );
    await waitFor(() => expect(scene.state.loading).toBe(false));
    scene.nextPage();
    expect(search()).toEqual({ kind: 'projection', cursor: 'n1' });
    deactivate();
  });

  it('renders shards with utilization; actions are disabled with the reason without placement:write', async () => {
    const scene = new FleetScene({}, fakeApi(), null);
    render(
      <MemoryRouter>
        <scene.Component model={scene} />
      </MemoryRouter>
    );
    await act(() => scene.load());
    const rows = await screen.findAllByTestId('placement-shard-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('75 %')).toBeInTheDocument();
    const cordon = within(rows[0]).getByRole('button', { name: 'Cordon' });
    expect(cordon).toBeDisabled();
    expect(within(rows[0]).getAllByText(/placement:write/).length).toBeGreaterThan(0);
  });

  it('with placement:write, cordon is enabled only on ready shards and drain only where tenants are', async () => {
    setPermissions([Actions.placementRead, Actions.placementWrite]);
    const scene = new FleetScene({}, fakeApi(), null);
    const open = jest.spyOn(scene.state.flow, 'open').mockImplementation(() => undefined);
    render(
      <MemoryRouter>
        <scene.Component model={scene} />
      </MemoryRouter>
    );
    await act(() => scene.load());
    const [ready, cordoned] = await screen.findAllByTestId('placement-shard-row');
    expect(within(cordoned).getByRole('button', { name: 'Cordon' })).toBeDisabled();
    expect(within(cordoned).getByRole('button', { name: 'Drain' })).toBeDisabled();
    expect(within(cordoned).getByRole('button', { name: 'Uncordon' })).toBeEnabled();
    await userEvent.click(within(ready).getByRole('button', { name: 'Cordon' }));
    expect(open).toHaveBeenCalledWith(expect.objectContaining({ id: 'shard.cordon:gateway-prod-0', action: 'cordon' }));
  });

  it('shows why load is missing when VictoriaMetrics cannot be read', async () => {
    const scene = new FleetScene(
      {},
      fakeApi({ loadError: 'VictoriaMetrics is unreachable', items: [shard({ load: null, utilization: null })] }),
      null
    );
    render(
      <MemoryRouter>
        <scene.Component model={scene} />
      </MemoryRouter>
    );
    await act(() => scene.load());
    expect(await screen.findByTestId('placement-fleet-load-error')).toHaveTextContent('VictoriaMetrics is unreachable');
  });

  it('an empty fleet points at "Sync inventory…", whose plan is the inventory.sync job from this page', async () => {
    setPermissions([Actions.placementRead, Actions.placementWrite]);
    const scene = new FleetScene({}, fakeApi({ items: [], nextCursor: null }), null);
    const open = jest.spyOn(scene.state.flow, 'open').mockImplementation(() => undefined);
    render(
      <MemoryRouter>
        <scene.Component model={scene} />
      </MemoryRouter>
    );
    await act(() => scene.load());
    expect(await screen.findByText(/No gateway shards yet/)).toHaveTextContent('Sync inventory…');
    const buttons = screen.getAllByRole('button', { name: 'Sync inventory…' });
    expect(buttons).toHaveLength(2);
    await userEvent.click(buttons[1]);
    const intent = open.mock.calls[0][0];
    expect(intent).toEqual(expect.objectContaining({ id: 'inventory.sync', permission: Actions.placementWrite }));
    expect(intent.body('drift after the platform upgrade')).toEqual({
      type: 'inventory.sync',
      params: {},
      reason: 'drift after the platform upgrade',
      source: { kind: 'page', ref: 'placement/fleet' },
    });
  });

  it('without placement:write the sync button is disabled with the permission it needs', async () => {
    const scene = new FleetScene({}, fakeApi(), null);
    render(
      <MemoryRouter>
        <scene.Component model={scene} />
      </MemoryRouter>
    );
    await act(() => scene.load());
    expect(screen.getByRole('button', { name: 'Sync inventory…' })).toBeDisabled();
  });

  it('graphs load over time for the selected kind and name cordoned/draining shards by their state', async () => {
    const built: string[] = [];
    const shards: string[][] = [];
    const scene = new FleetScene({}, fakeApi(), (kind) => {
      built.push(kind);
      return {
        layout: new SceneFlexLayout({ children: [] }),
        setShards: (items) => shards.push(items.map((s) => `${s.id}:${s.status}`)),
      };
    });
    render(
      <MemoryRouter>
        <scene.Component model={scene} />
      </MemoryRouter>
    );
    await act(() => scene.load());
    expect(await screen.findByTestId(testIds.panels.fleetLoad)).toBeInTheDocument();
    expect(shards.at(-1)).toEqual(['gateway-prod-0:ready', 'gateway-prod-1:cordoned']);
    await act(async () => scene.selectKind('runner'));
    await act(() => scene.load());
    expect(built).toEqual(['gateway', 'runner']);
  });
});

describe('shard load graphs', () => {
  const frame = (shard: string) =>
    toDataFrame({
      refId: 'load',
      fields: [
        { name: 'Time', type: FieldType.time, values: [1] },
        { name: 'Value', type: FieldType.number, values: [2], labels: { shard } },
      ],
    });

  it('name a series with its shard’s state unless ready', () => {
    const out = markShardStatus(
      [frame('g-0'), frame('g-1'), frame('g-2')],
      new Map([
        ['g-0', 'ready'],
        ['g-1', 'draining'],
      ] as const)
    );
    expect(out.map((f) => f.fields[1]!.config.displayNameFromDS)).toEqual([undefined, 'g-1 (draining)', undefined]);
  });

  it('query load and utilization per shard of the kind from the shared builders', () => {
    expect(shardLoadQueries('aggregate')).toEqual([
      { refId: 'load', expr: shardLoad('aggregate'), legendFormat: '{{shard}}' },
      { refId: 'utilization', expr: shardUtilization('aggregate'), legendFormat: '{{shard}}' },
    ]);
  });
});
