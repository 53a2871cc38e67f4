import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { waitFor } from '@testing-library/react';
import type { OperationsApi } from '../../api/operationsApi';
import type { PlacementApi } from '../../api/placementApi';
import { Actions, SERVICE_KINDS, type TenantPlacement } from '../../contract';
import { setPermissions } from '../../test/permissions';
import { TenantPlacementScene } from './TenantPlacementScene';

const BASE = '/a/switchyard-controlplane-app/tenants/acme-001/placement';
const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));

const placement: TenantPlacement = {
  tenantId: 'acme-001',
  environment: 'prod',
  kinds: SERVICE_KINDS.map((kind) => ({
    kind,
    assignment: {
      tenantId: 'acme-001',
      kind,
      shardId: `${kind}-prod-0`,
      revision: 3,
      generation: 3,
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
    history: [
      {
        revision: 3,
        shardId: `${kind}-prod-0`,
        previousShardId: null,
        at: '2026-01-01T00:00:00.000Z',
        actor: 'alice',
        reason: 'imported',
        jobId: null,
      },
    ],
  })),
};

function setup(url: string) {
  const api = {
    listShards: jest.fn().mockResolvedValue({
      // The API filters by environment; a shard of another environment must still never be offered.
      items: [
        { id: 'gateway-prod-0', kind: 'gateway', labels: { env: 'prod' } },
        { id: 'gateway-prod-1', kind: 'gateway', labels: { env: 'prod' } },
        { id: 'gateway-staging-0', kind: 'gateway', labels: { env: 'staging' } },
      ],
      nextCursor: null,
      prevCursor: null,
      loadError: null,
    }),
    getTenantPlacement: jest.fn().mockResolvedValue(placement),
    previewRebalance: jest.fn(),
  } as unknown as jest.Mocked<PlacementApi>;
  const plan = { blocked: false, preflight: [], steps: [], diff: [] };
  const ops = {
    createJob: jest.fn().mockResolvedValue({ dryRun: true, plan, job: { id: 'job-1' } }),
  } as unknown as jest.Mocked<OperationsApi>;
  const scene = new TenantPlacementScene({ tenantId: 'acme-001' }, api, ops);
  const urlSync = new UrlSyncManager();
  locationService.push(url);
  urlSync.initSync(new EmbeddedScene({ body: scene }));
  const deactivate = scene.activate();
  return { api, ops, scene, deactivate };
}

describe('TenantPlacementScene', () => {
  beforeEach(() => setPermissions([Actions.placementRead, Actions.placementWrite]));

  it('a shared URL reopens the migrate flow with its target; only ready shards of the kind and the tenant environment are offered, never the current one', async () => {
    const { api, scene, deactivate } = setup(`${BASE}?migrate=gateway&target=gateway-prod-1`);
    await waitFor(() => expect(scene.state.targets.map((s) => s.id)).toEqual(['gateway-prod-1']));
    expect(scene.state.migrate).toBe('gateway');
    expect(scene.state.target).toBe('gateway-prod-1');
    expect(api.listShards).toHaveBeenCalledWith({ kind: 'gateway', status: 'ready', environment: 'prod', limit: 200 });
    deactivate();
  });

  it("switching the kind to migrate drops the slower answer of the kind opened before: only the open kind's shards are offered", async () => {
    const { api, scene, deactivate } = setup(BASE);
    await waitFor(() => expect(scene.state.placement).toBeDefined());
    let answerGateway: (page: unknown) => void = () => undefined;
    const page = (kind: string) => ({
      items: [{ id: `${kind}-prod-1`, kind, labels: { env: 'prod' } }],
      nextCursor: null,
      prevCursor: null,
      loadError: null,
    });
    api.listShards
      .mockImplementationOnce(() => new Promise((resolve) => (answerGateway = resolve)) as never)
      .mockResolvedValueOnce(page('runner') as never);
    scene.openMigrate('gateway');
    scene.openMigrate('runner');
    await waitFor(() => expect(scene.state.targets.map((s) => s.id)).toEqual(['runner-prod-1']));
    answerGateway(page('gateway'));
    await new Promise((r) => setTimeout(r, 0));
    expect(scene.state.migrate).toBe('runner');
    expect(scene.state.targets.map((s) => s.id)).toEqual(['runner-prod-1']);
    deactivate();
  });

  it('migrate: kind and target go to the URL; the action flow plans and runs tenant.migrate with the same params, then opens the job', async () => {
    const { ops, scene, deactivate } = setup(BASE);
    await waitFor(() => expect(scene.state.placement).toBeDefined());
    scene.openMigrate('runner');
    scene.chooseTarget('runner-prod-1');
    expect(search()).toEqual({ migrate: 'runner', target: 'runner-prod-1' });
    scene.dryRun();
    await waitFor(() => expect(scene.state.flow.state.plan).toBeDefined());
    expect(ops.createJob).toHaveBeenLastCalledWith(
      expect.objectContaining({
        type: 'tenant.migrate',
        params: { tenantId: 'acme-001', kind: 'runner', targetShardId: 'runner-prod-1' },
      }),
      true,
      expect.any(String)
    );
    const key = scene.state.flow.idempotencyKey;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    await scene.state.flow.run('move off a hot shard');
    expect(ops.createJob).toHaveBeenLastCalledWith(
      expect.objectContaining({
        type: 'tenant.migrate',
        params: { tenantId: 'acme-001', kind: 'runner', targetShardId: 'runner-prod-1' },
        reason: 'move off a hot shard',
      }),
      false,
      key
    );
    expect(locationService.getLocation().pathname).toBe('/a/switchyard-controlplane-app/operations/jobs/job-1');
    deactivate();
  });
});
