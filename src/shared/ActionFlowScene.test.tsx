import { locationService } from '@grafana/runtime';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { ApiRequestError } from '../api/ApiRequestError';
import { Actions, type CreateJob, type CreateJobResponse } from '../contract';
import { deferred } from '../test/fakeApi';
import { fakeOperationsApi, jobDetail, JOB_ID, plan } from '../test/operationsFixtures';
import { OPS_OPERATOR, setPermissions } from '../test/permissions';
import { ActionFlowScene, type ActionIntent } from './ActionFlowScene';
import { testIds } from './testIds';

function drainIntent(tenantId = 'acme'): ActionIntent {
  return {
    id: `drain:${tenantId}`,
    action: 'drain',
    title: `Drain tenant ${tenantId}`,
    permission: Actions.operationsExecute,
    body: (reason): CreateJob => ({
      type: 'tenant.drain',
      params: { tenantId, drainTimeoutSeconds: 120 },
      reason,
      source: { kind: 'page' },
    }),
  };
}

const planned = (): CreateJobResponse => ({ dryRun: true, plan: plan(), job: null });
const started = (): CreateJobResponse => ({ dryRun: false, plan: plan(), job: jobDetail() });
const unavailable = () =>
  new ApiRequestError({ status: 503, code: 'unavailable', message: 'try again', requestId: 'r-1' });

function setup() {
  const api = fakeOperationsApi();
  api.createJob.mockImplementation(async (_body, dryRun) => (dryRun ? planned() : started()));
  const flow = new ActionFlowScene({}, api);
  const deactivate = flow.activate();
  const runKeys = () => api.createJob.mock.calls.filter((c) => c[1] === false).map((c) => c[2]);
  return { api, flow, deactivate, runKeys };
}

async function openAndPlan(flow: ActionFlowScene, intent = drainIntent()) {
  flow.open(intent);
  await waitFor(() => expect(flow.state.plan).toBeDefined());
}

beforeEach(() => {
  setPermissions(OPS_OPERATOR);
  locationService.push('/a/switchyard-controlplane-app/tenants/acme');
});

describe('ActionFlowScene', () => {
  it('plans with a dry run first; the run key exists only once the plan is shown', async () => {
    const { api, flow, deactivate } = setup();
    const answer = deferred<CreateJobResponse>();
    api.createJob.mockReturnValueOnce(answer.promise);
    flow.open(drainIntent());
    expect(flow.state.planning).toBe(true);
    expect(flow.idempotencyKey).toBeUndefined();
    expect(api.createJob).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'tenant.drain', reason: 'preview (dry run)' }),
      true,
      expect.any(String)
    );
    answer.resolve(planned());
    await waitFor(() => expect(flow.state.plan).toBeDefined());
    expect(flow.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    deactivate();
  });

  it('reuses one Idempotency-Key across retries and double clicks of the same intent', async () => {
    const { api, flow, deactivate, runKeys } = setup();
    await openAndPlan(flow);
    api.createJob.mockRejectedValueOnce(unavailable());
    await flow.run('tenant floods gateway');
    expect(flow.state.runError?.status).toBe(503);
    const retry = deferred<CreateJobResponse>();
    api.createJob.mockReturnValueOnce(retry.promise);
    const first = flow.run('tenant floods gateway');
    const second = flow.run('tenant floods gateway');
    retry.resolve(started());
    await Promise.all([first, second]);
    expect(runKeys()).toHaveLength(2);
    expect(new Set(runKeys()).size).toBe(1);
    expect(locationService.getLocation().pathname).toBe(`/a/switchyard-controlplane-app/operations/jobs/${JOB_ID}`);
    deactivate();
  });

  it('keeps the key when the same intent is planned again; a new one when the intent changes (target, or reason after a failure)', async () => {
    const { api, flow, deactivate, runKeys } = setup();
    await openAndPlan(flow);
    const key = flow.idempotencyKey;
    flow.close();
    await openAndPlan(flow);
    expect(flow.idempotencyKey).toBe(key);
    await openAndPlan(flow, drainIntent('globex'));
    expect(flow.idempotencyKey).not.toBe(key);
    api.createJob.mockRejectedValueOnce(unavailable());
    await flow.run('first reason');
    await flow.run('another reason');
    const [a, b] = runKeys();
    expect(a).not.toBe(b);
    deactivate();
  });

  it('a fulfilled intent is forgotten: asking again later is a new request', async () => {
    const { flow, deactivate, runKeys } = setup();
    await openAndPlan(flow);
    await flow.run('first drain');
    await openAndPlan(flow);
    await flow.run('second drain');
    const [a, b] = runKeys();
    expect(a).not.toBe(b);
    deactivate();
  });

  it('does not run while planning, before a plan, or when the plan is blocked', async () => {
    const { api, flow, deactivate, runKeys } = setup();
    const answer = deferred<CreateJobResponse>();
    api.createJob.mockReturnValueOnce(answer.promise);
    flow.open(drainIntent());
    await flow.run('too early');
    expect(runKeys()).toHaveLength(0);
    answer.resolve({ dryRun: true, plan: plan({ blocked: true }), job: null });
    await waitFor(() => expect(flow.state.plan?.blocked).toBe(true));
    flow.confirm();
    expect(flow.state.confirming).toBe(false);
    await flow.run('blocked');
    expect(runKeys()).toHaveLength(0);
    deactivate();
  });

  it('renders the plan with Run disabled while planning; the reason is required before it runs', async () => {
    const { api, flow, deactivate, runKeys } = setup();
    const answer = deferred<CreateJobResponse>();
    api.createJob.mockReturnValueOnce(answer.promise);
    render(<flow.Component model={flow} />);
    act(() => flow.open(drainIntent()));
    expect(screen.getByTestId(testIds.runAction.loading)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.runAction.run)).toBeDisabled();
    expect(screen.getByTestId(testIds.runAction.drawer)).toHaveAttribute('data-action', 'drain');
    await act(async () => answer.resolve(planned()));
    expect(screen.getByTestId(testIds.runAction.check)).toHaveTextContent('measured 0, threshold 0');
    expect(screen.getByTestId(testIds.runAction.diff)).toHaveTextContent('status: active → draining');
    await userEvent.click(screen.getByTestId(testIds.runAction.run));
    await userEvent.click(screen.getByTestId(testIds.reasonModal.submit));
    expect(runKeys()).toHaveLength(0);
    expect(screen.getByTestId(testIds.reasonModal.dialog)).toBeInTheDocument();
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'noisy neighbour{Enter}');
    await waitFor(() => expect(runKeys()).toHaveLength(1));
    expect(api.createJob).toHaveBeenLastCalledWith(
      expect.objectContaining({ reason: 'noisy neighbour' }),
      false,
      expect.any(String)
    );
    deactivate();
  });

  it('closing tells the owner; a reset by the owner does not', async () => {
    const { flow, deactivate } = setup();
    const onClose = jest.fn();
    flow.open(drainIntent(), onClose);
    flow.reset();
    expect(onClose).not.toHaveBeenCalled();
    flow.open(drainIntent(), onClose);
    flow.close();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(flow.state.intent).toBeUndefined();
    deactivate();
  });
});
