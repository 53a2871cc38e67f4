import { locationService } from '@grafana/runtime';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import type { CreateJobResponse } from '../contract';
import { fakeOperationsApi, jobDetail, plan } from '../test/operationsFixtures';
import { OPS_OPERATOR, setPermissions } from '../test/permissions';
import { testIds } from './testIds';
import { WorkloadActionScene } from './WorkloadActionScene';
import { parseRotate, parseScale } from './workloadActions';

beforeEach(() => {
  setPermissions(OPS_OPERATOR);
  locationService.push('/a/switchyard-controlplane-app/operations');
});

function setup() {
  const api = fakeOperationsApi();
  api.createJob.mockImplementation(async (_body, dryRun): Promise<CreateJobResponse> =>
    dryRun ? { dryRun: true, plan: plan(), job: null } : { dryRun: false, plan: plan(), job: jobDetail() }
  );
  const scene = new WorkloadActionScene({ source: { kind: 'page', ref: 'operations' } }, api);
  const deactivate = scene.activate();
  const flowOff = scene.state.flow.activate();
  render(<scene.Component model={scene} />);
  return {
    api,
    scene,
    done: () => {
      flowOff();
      deactivate();
    },
  };
}

describe('workload action drafts', () => {
  const ref = { environment: 'prod' as const, deployment: 'gateway-prod-0', minReplicas: 2, maxReplicas: 6 };
  it('scale: a whole number inside the range; each refusal names the field', () => {
    expect(parseScale(ref, { replicas: '4' })).toEqual({ ok: true, value: { replicas: 4 } });
    expect(parseScale(ref, { replicas: 'x' })).toEqual({
      ok: false,
      errors: { replicas: 'Replicas must be a whole number' },
    });
    expect(parseScale(ref, { replicas: '2.5' }).ok).toBe(false);
    expect(parseScale(ref, { replicas: '7' })).toEqual({
      ok: false,
      errors: { replicas: 'Replicas must be between 2 and 6 for gateway-prod-0' },
    });
    const unbounded = { environment: 'prod' as const, deployment: 'gateway-prod-0' };
    expect(parseScale(unbounded, { replicas: '101' }).ok).toBe(false);
    expect(parseScale(unbounded, { replicas: '50' }).ok).toBe(true);
  });
  it('rotate: the contract checks secret name and key, field by field', () => {
    const r = parseRotate({ environment: 'dev' }, { secret: 'Bad Name', key: 'pass word', format: 'random' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.secret).toMatch(/Kubernetes name/);
    expect(!r.ok && r.errors.key).toMatch(/Secret keys/);
    expect(
      parseRotate({ environment: 'dev' }, { secret: ' tenant-a-db ', key: 'dsn', format: 'url-password' })
    ).toEqual({
      ok: true,
      value: { secret: 'tenant-a-db', key: 'dsn', format: 'url-password' },
    });
  });
});

describe('WorkloadActionScene', () => {
  it('scale: a bad count stays in the form with its message; a good one plans, then runs with one key', async () => {
    const { api, scene, done } = setup();
    scene.openScale({
      environment: 'prod',
      deployment: 'gateway-prod-0',
      replicas: 2,
      minReplicas: 1,
      maxReplicas: 10,
    });
    const input = await screen.findByTestId(testIds.workloadAction.replicas);
    expect(input).toHaveValue(2);
    await userEvent.clear(input);
    await userEvent.type(input, '12');
    await userEvent.click(screen.getByTestId(testIds.workloadAction.plan));
    expect(await screen.findByText('Replicas must be between 1 and 10 for gateway-prod-0')).toBeInTheDocument();
    expect(api.createJob).not.toHaveBeenCalled();

    await userEvent.clear(input);
    await userEvent.type(input, '4');
    await userEvent.click(screen.getByTestId(testIds.workloadAction.plan));
    await waitFor(() => expect(scene.state.flow.state.plan).toBeDefined());
    expect(screen.queryByTestId(testIds.workloadAction.form)).not.toBeInTheDocument();
    const [body, dryRun] = api.createJob.mock.calls[0];
    expect(dryRun).toBe(true);
    expect(body).toMatchObject({
      type: 'deployment.scale',
      params: { environment: 'prod', deployment: 'gateway-prod-0', replicas: 4 },
      source: { kind: 'page', ref: 'operations' },
    });
    const key = scene.state.flow.idempotencyKey;
    await scene.state.flow.run('more traffic tonight');
    await scene.state.flow.run('more traffic tonight');
    const runs = api.createJob.mock.calls.filter((c) => c[1] === false);
    expect(runs).toHaveLength(1);
    expect(runs[0][2]).toBe(key);
    done();
  });

  it('rotate: field messages from the contract, then a secret.rotate plan for the tenant', async () => {
    const { api, scene, done } = setup();
    scene.openRotate({ environment: 'dev', tenantId: 'acme-001' });
    const secret = await screen.findByTestId(testIds.workloadAction.secret);
    await userEvent.type(secret, 'Not_A_Name');
    await userEvent.click(screen.getByTestId(testIds.workloadAction.plan));
    expect(await screen.findByText(/Use a Kubernetes name/)).toBeInTheDocument();
    await userEvent.clear(secret);
    await userEvent.type(secret, 'tenant-acme-001-db');
    const key = screen.getByTestId(testIds.workloadAction.key);
    await userEvent.clear(key);
    await userEvent.type(key, 'dsn');
    await userEvent.click(screen.getByText('Password in URL'));
    await userEvent.click(screen.getByTestId(testIds.workloadAction.plan));
    await waitFor(() => expect(api.createJob).toHaveBeenCalled());
    expect(api.createJob.mock.calls[0][0]).toMatchObject({
      type: 'secret.rotate',
      params: {
        environment: 'dev',
        secret: 'tenant-acme-001-db',
        key: 'dsn',
        format: 'url-password',
        tenantId: 'acme-001',
      },
    });
    done();
  });

  it('refresh: starts on the given secret, checks fields with the contract, then plans a credentials.refresh of the deployment', async () => {
    const { api, scene, done } = setup();
    scene.openRefresh(
      { environment: 'dev', deployment: 'runner-dev-1', tenantId: 'acme-001' },
      'tenant-acme-001-db',
      'dsn',
      'url-password'
    );
    const form = await screen.findByTestId(testIds.workloadAction.form);
    expect(form).toHaveAttribute('data-kind', 'refresh');
    expect(screen.getByText('Refresh credentials for runner-dev-1 (dev)')).toBeInTheDocument();
    const key = screen.getByTestId(testIds.workloadAction.key);
    expect(key).toHaveValue('dsn');
    await userEvent.clear(key);
    await userEvent.click(screen.getByTestId(testIds.workloadAction.plan));
    expect(await screen.findByText('Secret keys are letters, digits, -, _ and .')).toBeInTheDocument();
    expect(api.createJob).not.toHaveBeenCalled();
    await userEvent.type(key, 'dsn');
    await userEvent.click(screen.getByTestId(testIds.workloadAction.plan));
    await waitFor(() => expect(api.createJob).toHaveBeenCalled());
    expect(api.createJob.mock.calls[0][0]).toMatchObject({
      type: 'credentials.refresh',
      params: {
        environment: 'dev',
        deployment: 'runner-dev-1',
        secret: 'tenant-acme-001-db',
        key: 'dsn',
        format: 'url-password',
        tenantId: 'acme-001',
      },
    });
    done();
  });
});
