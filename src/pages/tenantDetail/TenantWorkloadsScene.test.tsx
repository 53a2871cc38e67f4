import { locationService } from '@grafana/runtime';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import type { PlacementApi } from '../../api/placementApi';
import { ApiRequestError } from '../../api/ApiRequestError';
import type { CreateJobResponse, TenantPlacement } from '../../contract';
import { fakeOperationsApi, plan } from '../../test/operationsFixtures';
import { OPS_OPERATOR, setPermissions } from '../../test/permissions';
import { shardUrl } from '../../shared/routing';
import { testIds } from '../../shared/testIds';
import { TenantWorkloadsScene } from './TenantWorkloadsScene';

const AT = '2026-11-20T10:00:00.000Z';
const assignment = (kind: 'gateway' | 'runner', shardId: string) => ({
  tenantId: 'acme-001',
  kind,
  shardId,
  revision: 1,
  generation: 1,
  updatedAt: AT,
});

function placement(over: Partial<TenantPlacement> = {}): TenantPlacement {
  return {
    tenantId: 'acme-001',
    environment: 'prod',
    kinds: [
      { kind: 'gateway', assignment: assignment('gateway', 'gateway-prod-0'), history: [] },
      { kind: 'runner', assignment: assignment('runner', 'runner-prod-1'), history: [] },
      { kind: 'aggregate', assignment: null, history: [] },
    ],
    ...over,
  };
}

function setup(answer: Promise<TenantPlacement>) {
  const placementApi = {
    listShards: jest.fn(),
    getShard: jest.fn(),
    listShardTenants: jest.fn(),
    previewRebalance: jest.fn(),
    getTenantPlacement: jest.fn().mockReturnValue(answer),
  } as unknown as jest.Mocked<PlacementApi>;
  const operations = fakeOperationsApi();
  operations.createJob.mockResolvedValue({ dryRun: true, plan: plan(), job: null } as CreateJobResponse);
  const scene = new TenantWorkloadsScene({ tenantId: 'acme-001' }, { placement: placementApi, operations });
  const deactivate = scene.activate();
  const flowOff = scene.state.workload.state.flow.activate();
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return { scene, operations, done: () => (flowOff(), deactivate()) };
}

beforeEach(() => {
  setPermissions(OPS_OPERATOR);
  locationService.push('/a/switchyard-controlplane-app/tenants/acme-001');
});

describe('TenantWorkloadsScene', () => {
  it('lists the deployments serving the tenant; restart plans the deployment for the tenant', async () => {
    const { operations, done } = setup(Promise.resolve(placement()));
    const rows = await screen.findAllByTestId(testIds.tenantWorkloads.row);
    expect(rows.map((r) => r.getAttribute('data-deployment'))).toEqual(['gateway-prod-0', 'runner-prod-1']);
    // Each shard opens its own page; a kind with no shard says so, without actions.
    expect(within(rows[0]!).getByRole('link', { name: 'gateway-prod-0' })).toHaveAttribute(
      'href',
      shardUrl('gateway-prod-0')
    );
    const unplaced = screen.getByTestId(testIds.tenantWorkloads.unplacedRow);
    expect(unplaced).toHaveAttribute('data-kind', 'aggregate');
    expect(unplaced).toHaveTextContent('Not placed');
    expect(within(unplaced).queryByRole('button')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId(`${testIds.tenantWorkloads.restartPrefix}runner-prod-1`));
    await waitFor(() => expect(operations.createJob).toHaveBeenCalled());
    expect(operations.createJob.mock.calls[0][0]).toMatchObject({
      type: 'deployment.restart',
      params: { environment: 'prod', deployment: 'runner-prod-1', tenantId: 'acme-001' },
      source: { kind: 'page', ref: 'tenants/acme-001' },
    });
    done();
  });

  it('scale opens the form for that deployment; rotate opens the secret form in its environment', async () => {
    const { done } = setup(Promise.resolve(placement()));
    await userEvent.click(await screen.findByTestId(`${testIds.tenantWorkloads.scalePrefix}gateway-prod-0`));
    expect(await screen.findByText('Scale deployment gateway-prod-0 (prod)')).toBeInTheDocument();
    await userEvent.click(screen.getByText('Cancel'));
    await userEvent.click(screen.getByTestId(testIds.tenantWorkloads.rotate));
    expect(await screen.findByTestId(testIds.workloadAction.form)).toHaveAttribute('data-kind', 'rotate');
    done();
  });

  it('empty: no shard serves the tenant; unknown tenant; error with retry', async () => {
    const empty = setup(Promise.resolve(placement({ kinds: [] })));
    expect(await screen.findByText(/No shard serves this tenant yet/)).toBeInTheDocument();
    empty.done();
    const unknown = setup(Promise.resolve(placement({ environment: null, kinds: [] })));
    expect(await screen.findByText(/The platform does not know this tenant yet/)).toBeInTheDocument();
    unknown.done();
    setup(Promise.reject(new ApiRequestError({ status: 503, code: 'unavailable', message: 'down', requestId: 'r' })));
    expect(await screen.findByText("Could not load the tenant's deployments")).toBeInTheDocument();
  });
});
