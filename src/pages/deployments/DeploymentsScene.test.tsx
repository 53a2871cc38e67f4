import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { waitFor } from '@testing-library/react';
import type { DeploymentsApi } from '../../api/deploymentsApi';
import type { OperationsApi } from '../../api/operationsApi';
import type { Deployment } from '../../contract';
import { DeploymentsScene } from './DeploymentsScene';
import { parseSteps, rolloutBody, DEFAULT_ROLLOUT_FORM } from './rolloutIntent';

const BASE = '/a/switchyard-controlplane-app/deployments';
const ID = '1b0e5a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c';
const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));

function rollout(patch: Partial<Deployment> = {}): Deployment {
  return {
    id: ID,
    jobId: ID,
    kind: 'gateway',
    environment: 'staging',
    shards: ['gateway-staging-0'],
    fromVersion: '2.14.3',
    toVersion: '2.15.0',
    strategy: { type: 'rolling', maxSurgePercent: 25, maxUnavailablePercent: 25 },
    status: 'canary',
    steps: [],
    currentStep: 0,
    gates: [],
    outcomeReason: null,
    requestedBy: 'alice',
    reason: 'release',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    ...patch,
  };
}

function setup(url: string, items: Deployment[] = []) {
  const api = {
    getVersionMatrix: jest.fn().mockResolvedValue({ cells: [], observedAt: '2026-01-01T00:00:00.000Z', error: null }),
    listDeployments: jest.fn().mockResolvedValue({ items, nextCursor: null, prevCursor: null }),
    getDeployment: jest.fn(),
    control: jest.fn().mockResolvedValue(items[0]),
    listImageTags: jest.fn().mockResolvedValue({ kind: 'gateway', repository: 'demo/gateway', tags: ['2.15.0'] }),
    listFreezes: jest.fn().mockResolvedValue({ items: [] }),
    createFreeze: jest.fn().mockResolvedValue({}),
    liftFreeze: jest.fn(),
  } as unknown as jest.Mocked<DeploymentsApi>;
  const ops = {
    createJob: jest.fn(),
    listJobs: jest.fn().mockResolvedValue({ items: [], nextCursor: null, prevCursor: null }),
  } as unknown as jest.Mocked<OperationsApi>;
  const scene = new DeploymentsScene({}, api, ops);
  const urlSync = new UrlSyncManager();
  locationService.push(url);
  urlSync.initSync(new EmbeddedScene({ body: scene }));
  const deactivate = scene.activate();
  return { api, ops, scene, deactivate };
}

describe('DeploymentsScene', () => {
  afterEach(() => jest.useRealTimers());

  it('reads the environment and the selected deployment from the URL and filters the list by it', async () => {
    const { api, scene, deactivate } = setup(`${BASE}?env=prod&deployment=${ID}`);
    expect(scene.state.environment).toBe('prod');
    expect(scene.state.deployment).toBe(ID);
    await waitFor(() => expect(api.listDeployments).toHaveBeenCalledWith({ limit: 50, environment: 'prod' }));
    scene.setEnvironment('dev');
    expect(search().env).toBe('dev');
    scene.select(undefined);
    expect(search().deployment).toBeUndefined();
    deactivate();
  });

  it('lists rollout jobs still waiting to start (approval or queue) beside the rollouts', async () => {
    const { ops, scene, deactivate } = setup(`${BASE}?env=prod`);
    await waitFor(() =>
      expect(ops.listJobs).toHaveBeenCalledWith({
        limit: 20,
        type: ['deployment.rollout'],
        status: ['awaiting_approval', 'queued'],
        environment: ['prod'],
      })
    );
    await waitFor(() => expect(scene.state.waiting).toEqual([]));
    deactivate();
  });

  it('ignores a malformed deployment id and an unknown environment in the URL', () => {
    const { scene, deactivate } = setup(`${BASE}?env=qa&deployment=nope`);
    expect(scene.state.environment).toBeUndefined();
    expect(scene.state.deployment).toBeUndefined();
    deactivate();
  });

  it('refreshes while a rollout is active, and stops once none is', async () => {
    jest.useFakeTimers();
    const { api, deactivate } = setup(BASE, [rollout()]);
    await waitFor(() => expect(api.listDeployments).toHaveBeenCalledTimes(1));
    await jest.advanceTimersByTimeAsync(2100);
    expect(api.listDeployments).toHaveBeenCalledTimes(2);
    api.listDeployments.mockResolvedValue({
      items: [rollout({ status: 'succeeded', finishedAt: '2026-01-01T00:01:00.000Z' })],
      nextCursor: null,
      prevCursor: null,
    });
    await jest.advanceTimersByTimeAsync(2100);
    expect(api.listDeployments).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(5000);
    expect(api.listDeployments).toHaveBeenCalledTimes(3);
    deactivate();
  });

  it('refreshes on the interval in the URL and backs off while a part fails to load', async () => {
    jest.useFakeTimers();
    const { api, scene, deactivate } = setup(`${BASE}?refresh=10s`);
    expect(scene.state.refresh).toBe('10s');
    await jest.advanceTimersByTimeAsync(0);
    expect(api.listDeployments).toHaveBeenCalledTimes(1);
    api.listFreezes.mockRejectedValueOnce(Object.assign(new Error('down'), { status: 503 }));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(api.listDeployments).toHaveBeenCalledTimes(2);
    expect(scene.state.refreshFailures).toBe(1);
    expect(scene.state.freezesError).toBeDefined();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(api.listDeployments).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(api.listDeployments).toHaveBeenCalledTimes(3);
    expect([scene.state.refreshFailures, scene.state.freezesError]).toEqual([0, undefined]);
    scene.setRefresh('30s');
    expect(search().refresh).toBe('30s');
    deactivate();
  });

  it('abort asks for a reason, then calls the API with it and one idempotency key per request', async () => {
    const d = rollout();
    const { api, scene, deactivate } = setup(BASE, [d]);
    scene.askControl('abort', d);
    const key = scene.state.pending?.key;
    await scene.confirm('bad canary');
    expect(api.control).toHaveBeenCalledWith('abort', ID, 'bad canary', key);
    expect(scene.state.pending).toBeUndefined();
    deactivate();
  });

  it('a failed control keeps the dialog open with the error', async () => {
    const d = rollout();
    const { api, scene, deactivate } = setup(BASE, [d]);
    api.control.mockRejectedValueOnce(Object.assign(new Error('ended'), { status: 409, code: 'illegal_transition' }));
    scene.askControl('pause', d);
    await scene.confirm('hold on');
    expect(scene.state.pending).toBeDefined();
    expect(scene.state.actionError).toBeDefined();
    deactivate();
  });

  it('loads the image versions of the chosen kind', async () => {
    const { api, scene, deactivate } = setup(BASE);
    await waitFor(() => expect(api.listImageTags).toHaveBeenCalledWith('gateway'));
    scene.changeForm({ kind: 'runner' });
    await waitFor(() => expect(api.listImageTags).toHaveBeenCalledWith('runner'));
    deactivate();
  });
});

describe('rollout form → job', () => {
  it('parses canary steps and refuses anything but whole percentages', () => {
    expect(parseSteps('10, 50')).toEqual([10, 50]);
    expect(parseSteps('')).toEqual([]);
    expect(parseSteps('10, 150')).toBeNull();
    expect(parseSteps('1.5')).toBeNull();
  });

  it('builds a canary rollout with the gate in ratios, or a rolling update without steps', () => {
    const form = {
      ...DEFAULT_ROLLOUT_FORM,
      kind: 'gateway' as const,
      environment: 'prod' as const,
      imageVersion: '2.15.0',
    };
    const canary = rolloutBody(form, 'release');
    expect(canary.type).toBe('deployment.rollout');
    expect(canary.params).toMatchObject({
      kind: 'gateway',
      environment: 'prod',
      imageVersion: '2.15.0',
      strategy: { type: 'canary', steps: [25, 50], gate: { max5xxRatio: 0.05, maxP95Ms: 2000 } },
    });
    expect(rolloutBody({ ...form, steps: '' }, 'release').params).toMatchObject({ strategy: { type: 'rolling' } });
  });
});
