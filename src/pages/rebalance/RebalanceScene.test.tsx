import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import type { OperationsApi } from '../../api/operationsApi';
import type { PlacementApi } from '../../api/placementApi';
import { testIds } from '../../shared/testIds';
import { RebalanceScene } from './RebalanceScene';

const BASE = '/a/switchyard-controlplane-app/placement/rebalance';
const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));

function setup(url: string) {
  const api = {
    listShards: jest.fn(),
    getTenantPlacement: jest.fn(),
    previewRebalance: jest.fn().mockResolvedValue({
      target: 0.7,
      feasible: true,
      moves: [],
      shards: [],
      unresolved: [],
      lowerBound: 0,
      truncated: false,
      generatedAt: '2026-01-01T00:00:00.000Z',
    }),
  } as unknown as jest.Mocked<PlacementApi>;
  const ops = {
    createJob: jest.fn().mockResolvedValue({ dryRun: false, plan: {}, job: { id: 'job-9' } }),
  } as unknown as jest.Mocked<OperationsApi>;
  const scene = new RebalanceScene({}, api, ops);
  const urlSync = new UrlSyncManager();
  locationService.push(url);
  urlSync.initSync(new EmbeddedScene({ body: scene }));
  const deactivate = scene.activate();
  return { api, ops, scene, deactivate };
}

describe('RebalanceScene', () => {
  it('reads target and kind from the URL and previews with the target as a fraction', async () => {
    const { api, scene, deactivate } = setup(`${BASE}?target=70&kind=runner`);
    expect(scene.state.target).toBe(70);
    expect(scene.state.kind).toBe('runner');
    await scene.preview();
    expect(api.previewRebalance).toHaveBeenCalledWith({ target: 0.7, kind: 'runner' });
    expect(scene.state.plan?.feasible).toBe(true);
    deactivate();
  });

  it('writes changes to the URL and drops a stale plan', async () => {
    const { scene, deactivate } = setup(`${BASE}?target=80`);
    await scene.preview();
    expect(scene.state.plan).toBeDefined();
    scene.setTarget(65);
    expect(search()).toEqual({ target: '65' });
    expect(scene.state.plan).toBeUndefined();
    scene.setKind('gateway');
    expect(search()).toEqual({ target: '65', kind: 'gateway' });
    deactivate();
  });

  it('keeps an out-of-range target from the URL, says what range is allowed, and sends nothing', async () => {
    const { api, ops, scene, deactivate } = setup(`${BASE}?target=500`);
    render(<scene.Component model={scene} />);
    expect(scene.state.target).toBe(500);
    expect(screen.getByLabelText('Target utilization')).toHaveValue(500);
    expect(screen.getByRole('alert')).toHaveTextContent('Target utilization must be between 1 and 150 %');
    expect(screen.getByTestId(testIds.placement.rebalancePreview)).toBeDisabled();
    await scene.preview();
    scene.apply();
    expect(api.previewRebalance).not.toHaveBeenCalled();
    expect(ops.createJob).not.toHaveBeenCalled();
    expect(search()).toEqual({ target: '500' });
    deactivate();
  });

  it('checks the target as it is typed: 0 and empty are refused inline, a valid one previews', async () => {
    const { api, scene, deactivate } = setup(BASE);
    render(<scene.Component model={scene} />);
    const input = screen.getByLabelText('Target utilization');
    await userEvent.clear(input);
    expect(await screen.findByText('Target utilization must be between 1 and 150 %')).toBeInTheDocument();
    await userEvent.type(input, '0');
    expect(screen.getByText('Target utilization must be between 1 and 150 %')).toBeInTheDocument();
    await userEvent.clear(input);
    await userEvent.type(input, '90');
    expect(screen.queryByText('Target utilization must be between 1 and 150 %')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId(testIds.placement.rebalancePreview));
    await waitFor(() => expect(api.previewRebalance).toHaveBeenCalledWith({ target: 0.9, kind: undefined }));
    expect(api.previewRebalance).toHaveBeenCalledTimes(1);
    deactivate();
  });

  it('apply plans one rebalance.apply job with the target as a fraction, then runs it with the reason and one key', async () => {
    const { ops, scene, deactivate } = setup(`${BASE}?target=60&kind=gateway`);
    ops.createJob.mockImplementation(
      async (_body, dryRun) =>
        ({
          dryRun,
          plan: { blocked: false, approvalRequired: false, target: 'gateway', preflight: [], steps: [], diff: [] },
          job: dryRun ? null : { id: 'job-9' },
        }) as never
    );
    scene.apply();
    await waitFor(() => expect(scene.state.flow.state.plan).toBeDefined());
    const body = expect.objectContaining({ type: 'rebalance.apply', params: { target: 0.6, kind: 'gateway' } });
    expect(ops.createJob).toHaveBeenLastCalledWith(body, true, expect.any(String));
    const key = scene.state.flow.idempotencyKey;
    ops.createJob.mockRejectedValueOnce(new Error('connection reset'));
    await scene.state.flow.run('level the gateways');
    await scene.state.flow.run('level the gateways');
    const runs = ops.createJob.mock.calls.filter((c) => c[1] === false);
    expect(runs).toHaveLength(2);
    expect(runs.map((c) => c[2])).toEqual([key, key]);
    expect(runs[1][0]).toMatchObject({ reason: 'level the gateways' });
    expect(locationService.getLocation().pathname).toBe('/a/switchyard-controlplane-app/operations/jobs/job-9');
    deactivate();
  });
});
