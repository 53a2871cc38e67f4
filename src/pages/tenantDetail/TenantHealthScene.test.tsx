import { locationService } from '@grafana/runtime';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { ApiRequestError } from '../../api/ApiRequestError';
import type { CreateJobResponse, PlatformHealthOverview, ServiceKind, TenantPlacement } from '../../contract';
import { shardUrl } from '../../shared/routing';
import { testIds } from '../../shared/testIds';
import { fakeOperationsApi, plan, platformHealth, platformHealthOverview } from '../../test/operationsFixtures';
import { OPS_OPERATOR, setPermissions } from '../../test/permissions';
import { TenantHealthScene, tenantHealth } from './TenantHealthScene';

const AT = '2026-11-20T10:00:00.000Z';

function placement(shards: Partial<Record<ServiceKind, string>>, over: Partial<TenantPlacement> = {}): TenantPlacement {
  const kinds: ServiceKind[] = ['gateway', 'aggregate', 'projection', 'runner'];
  return {
    tenantId: 'acme-001',
    environment: 'prod',
    kinds: kinds.map((kind) => {
      const shardId = shards[kind];
      return {
        kind,
        assignment: shardId ? { tenantId: 'acme-001', kind, shardId, revision: 1, generation: 1, updatedAt: AT } : null,
        history: [],
      };
    }),
    ...over,
  };
}

/** gateway-prod-0 crash-looping, runner-prod-0 healthy, aggregate-prod-9 unknown to the platform; projection not placed. */
const PLACED = placement({ gateway: 'gateway-prod-0', runner: 'runner-prod-0', aggregate: 'aggregate-prod-9' });

function withRunnerPods(): PlatformHealthOverview {
  const h = platformHealth();
  return platformHealthOverview({
    ...h,
    pods: [
      ...h.pods,
      {
        name: 'runner-prod-0-def-y1',
        phase: 'Running',
        state: 'healthy',
        readyContainers: 1,
        containers: 1,
        restarts: 0,
        reason: null,
        owner: 'runner-prod-0',
        startedAt: AT,
      },
      {
        name: 'projection-prod-3-zzz',
        phase: 'Pending',
        state: 'pending',
        readyContainers: 0,
        containers: 1,
        restarts: 0,
        reason: 'Unschedulable',
        owner: 'projection-prod-3',
        startedAt: null,
      },
    ],
  });
}

describe('tenantHealth', () => {
  it("matches each placed kind to its shard's deployment and pods; worst state first", () => {
    const health = tenantHealth(PLACED, withRunnerPods());
    expect(health.serving.map((s) => [s.kind, s.deployment, s.state, s.pods.map((p) => p.name)])).toEqual([
      ['gateway', 'gateway-prod-0', 'unhealthy', ['gateway-prod-0-abc-x1']],
      ['aggregate', 'aggregate-prod-9', 'unknown', []],
      ['runner', 'runner-prod-0', 'healthy', ['runner-prod-0-def-y1']],
    ]);
    expect(health.serving[1]!.health).toBeNull();
    expect(health.state).toBe('unhealthy');
    expect(tenantHealth(placement({ runner: 'runner-prod-0' }), withRunnerPods()).state).toBe('healthy');
    // Worst first, whatever the order of the service kinds.
    const runnerFirst = placement({ runner: 'gateway-prod-0', gateway: 'runner-prod-0' });
    expect(tenantHealth(runnerFirst, withRunnerPods()).serving.map((s) => s.kind)).toEqual(['runner', 'gateway']);
  });

  it('is unknown when the snapshot could not be read, is not of its environment, or nothing is placed', () => {
    const failed = platformHealthOverview(
      platformHealth({ error: { code: 'unreachable', message: 'the Kubernetes API did not answer' }, stale: true })
    );
    const health = tenantHealth(PLACED, failed);
    expect(health.serving.every((s) => s.state === 'unknown')).toBe(true);
    expect(health.state).toBe('unknown');
    const staging = tenantHealth(PLACED, platformHealthOverview(platformHealth({ environment: 'staging' })));
    expect(staging.snapshot).toBeNull();
    expect(staging.state).toBe('unknown');
    expect(tenantHealth(placement({}), withRunnerPods()).state).toBe('unknown');
  });
});

function setup(answer: () => Promise<TenantPlacement>, overview: () => Promise<PlatformHealthOverview>) {
  const placementApi = { getTenantPlacement: jest.fn().mockImplementation(answer) };
  const operations = fakeOperationsApi();
  operations.getPlatformHealth.mockImplementation(overview);
  operations.createJob.mockResolvedValue({ dryRun: true, plan: plan(), job: null } as CreateJobResponse);
  const scene = new TenantHealthScene({ tenantId: 'acme-001' }, { placement: placementApi, operations });
  const view = render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return { scene, operations, placementApi, view };
}

describe('TenantHealthScene', () => {
  beforeEach(() => {
    setPermissions(OPS_OPERATOR);
    locationService.push('/a/switchyard-controlplane-app/tenants/acme-001/health');
  });

  it('shows the deployments serving the tenant and their pods, worst first, with the overall state', async () => {
    setup(
      () => Promise.resolve(PLACED),
      () => Promise.resolve(withRunnerPods())
    );
    const rows = await screen.findAllByTestId(testIds.tenantHealth.deploymentRow);
    expect(rows.map((r) => [r.getAttribute('data-deployment'), r.getAttribute('data-state')])).toEqual([
      ['gateway-prod-0', 'unhealthy'],
      ['aggregate-prod-9', 'unknown'],
      ['runner-prod-0', 'healthy'],
    ]);
    expect(screen.getByTestId(testIds.tenantHealth.section)).toHaveAttribute('data-state', 'unhealthy');
    expect(rows[0]).toHaveTextContent('0/2 ready');
    expect(rows[0]).toHaveTextContent('0/1 healthy, 9 restarts');
    expect(within(rows[0]!).getByRole('link', { name: 'gateway-prod-0' })).toHaveAttribute(
      'href',
      shardUrl('gateway-prod-0')
    );
    expect(rows[1]).toHaveTextContent('The platform reports no deployment aggregate-prod-9 in platform-prod.');
    const pods = screen.getAllByTestId(testIds.tenantHealth.podRow);
    // Only the pods of the tenant's deployments: not projection-prod-3's, which serves others.
    expect(pods.map((p) => p.getAttribute('data-name'))).toEqual(['gateway-prod-0-abc-x1', 'runner-prod-0-def-y1']);
    expect(pods[0]).toHaveTextContent('CrashLoopBackOff');
  });

  it('restart plans the deployment for the tenant', async () => {
    const { operations } = setup(
      () => Promise.resolve(PLACED),
      () => Promise.resolve(withRunnerPods())
    );
    await userEvent.click(await screen.findByTestId(`${testIds.tenantHealth.restartPrefix}gateway-prod-0`));
    await waitFor(() => expect(operations.createJob).toHaveBeenCalled());
    expect(operations.createJob.mock.calls[0]![0]).toMatchObject({
      type: 'deployment.restart',
      params: { environment: 'prod', deployment: 'gateway-prod-0', tenantId: 'acme-001' },
      source: { kind: 'page', ref: 'tenants/acme-001' },
    });
  });

  it('scale opens the form for that deployment with its current replicas', async () => {
    setup(
      () => Promise.resolve(PLACED),
      () => Promise.resolve(withRunnerPods())
    );
    await userEvent.click(await screen.findByTestId(`${testIds.tenantHealth.scalePrefix}runner-prod-0`));
    expect(await screen.findByText('Scale deployment runner-prod-0 (prod)')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.workloadAction.replicas)).toHaveValue(2);
  });

  it('says why nothing is shown: no shard, unknown tenant, an environment not watched', async () => {
    const a = setup(
      () => Promise.resolve(placement({})),
      () => Promise.resolve(withRunnerPods())
    );
    expect(await screen.findByText(/No shard serves this tenant yet/)).toBeInTheDocument();
    a.view.unmount();
    const b = setup(
      () => Promise.resolve(placement({}, { environment: null })),
      () => Promise.resolve(withRunnerPods())
    );
    expect(await screen.findByText(/The platform does not know this tenant yet/)).toBeInTheDocument();
    b.view.unmount();
    setup(
      () => Promise.resolve(PLACED),
      () => Promise.resolve(platformHealthOverview(platformHealth({ environment: 'dev' })))
    );
    expect(await screen.findByText(/Platform health of prod is not watched, or not yours to see/)).toBeInTheDocument();
  });

  it('a failed read says so with Retry, and Retry reads again', async () => {
    let fail = true;
    const { operations } = setup(
      () => Promise.resolve(PLACED),
      () =>
        fail
          ? Promise.reject(new ApiRequestError({ status: 503, code: 'unavailable', message: 'sidecar down' }))
          : Promise.resolve(withRunnerPods())
    );
    expect(await screen.findByText("Could not load the health of the tenant's deployments")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: /retry/i }));
    expect(await screen.findAllByTestId(testIds.tenantHealth.deploymentRow)).toHaveLength(3);
    expect(operations.getPlatformHealth).toHaveBeenCalledTimes(2);
  });
});
