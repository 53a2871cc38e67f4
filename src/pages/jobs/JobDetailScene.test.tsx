import { locationService } from '@grafana/runtime';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { ApiRequestError } from '../../api/ApiRequestError';
import { Actions } from '../../contract';
import { testIds } from '../../shared/testIds';
import { auditEntry } from '../../test/fixtures';
import { fakeOperationsApi, jobDetail, JOB_ID } from '../../test/operationsFixtures';
import { OPS_APPROVER, OPS_OPERATOR, OPS_VIEWER, setPermissions } from '../../test/permissions';
import { JobDetailScene } from './JobDetailScene';
import { SceneFlexLayout } from '@grafana/scenes';
import { MarkersLayer } from '../../shared/panels/markers';

function mount(job = jobDetail()) {
  const api = fakeOperationsApi();
  api.getJob.mockResolvedValue(job);
  api.jobActivity.mockResolvedValue({
    items: [
      auditEntry({ seq: 2, action: 'job.step', jobId: JOB_ID }),
      auditEntry({ seq: 1, action: 'job.create', jobId: JOB_ID }),
    ],
    nextCursor: null,
    prevCursor: null,
  });
  const scene = new JobDetailScene({ jobId: JOB_ID }, api, null);
  const deactivate = scene.activate();
  render(<scene.Component model={scene} />);
  return { api, scene, deactivate };
}

beforeEach(() => setPermissions(OPS_OPERATOR));
afterEach(() => jest.useRealTimers());

describe('JobDetailScene', () => {
  it('shows the step timeline and the job audit trail (queried by job id, oldest first)', async () => {
    const { api, deactivate } = mount();
    const steps = await screen.findAllByTestId(testIds.job.step);
    expect(steps.map((s) => s.getAttribute('data-status'))).toEqual(['succeeded', 'running']);
    expect(within(steps[0]).getByLabelText('Observed')).toHaveTextContent('{"status":"draining"}');
    await waitFor(() =>
      expect(screen.getAllByTestId(testIds.job.auditRow).map((r) => r.getAttribute('data-action'))).toEqual([
        'job.create',
        'job.step',
      ])
    );
    expect(api.jobActivity).toHaveBeenCalledWith(JOB_ID, { limit: 100 });
    // An operator reads the job's activity but may not open the Audit page.
    expect(screen.queryByTestId(testIds.job.auditLink)).not.toBeInTheDocument();
    deactivate();
  });

  it('keeps the page within the window: long step output is collapsed and the page may shrink', async () => {
    const job = jobDetail();
    const shards = Array.from({ length: 12 }, (_, i) => ({ shard: `gateway-prod-${i}`, draining: true, inFlight: 0 }));
    job.steps[0] = { ...job.steps[0]!, observed: { shards } };
    const { deactivate } = mount(job);
    const detail = await screen.findByTestId(testIds.job.detail);
    expect(detail).toHaveStyle({ minWidth: '0', maxWidth: '100%' });
    const step = screen.getAllByTestId(testIds.job.step)[0]!;
    expect(within(step).queryByLabelText('Observed')).not.toBeInTheDocument();
    await userEvent.click(within(step).getByRole('button', { name: 'Show output' }));
    expect(within(step).getByLabelText('Observed')).toHaveStyle({ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' });
    deactivate();
  });

  it('links the job to the Audit page for a reader who may open it (audit:read)', async () => {
    setPermissions([...OPS_OPERATOR, Actions.auditRead]);
    const { deactivate } = mount();
    expect(await screen.findByTestId(testIds.job.auditLink)).toHaveAttribute(
      'href',
      `/a/switchyard-controlplane-app/audit?job=${JOB_ID}`
    );
    deactivate();
  });

  it('polls while active, backing off while nothing changes, and stops once terminal', async () => {
    jest.useFakeTimers();
    const { api, scene, deactivate } = mount();
    await act(async () => undefined);
    expect(scene.state.pollMs).toBe(1000);
    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    expect(api.getJob).toHaveBeenCalledTimes(2);
    expect(scene.state.pollMs).toBe(1500);
    api.getJob.mockResolvedValue(
      jobDetail({ status: 'succeeded', updatedAt: '2026-11-23T10:01:00.000Z', finishedAt: '2026-11-23T10:01:00.000Z' })
    );
    await act(async () => {
      jest.advanceTimersByTime(1500);
    });
    expect(scene.state.job?.status).toBe('succeeded');
    expect(scene.state.pollMs).toBeUndefined();
    await act(async () => {
      jest.advanceTimersByTime(60_000);
    });
    expect(api.getJob).toHaveBeenCalledTimes(3);
    deactivate();
  });

  it('shows the failure with its remediation', async () => {
    mount(
      jobDetail({
        status: 'failed',
        error: {
          code: 'drain_timeout',
          message: 'In-flight stayed at 3',
          remediation: 'Undrain the tenant and retry',
          step: 'wait',
        },
      })
    );
    const failure = await screen.findByTestId(testIds.job.failure);
    expect(failure).toHaveTextContent('In-flight stayed at 3');
    expect(failure).toHaveTextContent('What to do: Undrain the tenant and retry');
    expect(screen.queryByTestId(testIds.job.cancel)).not.toBeInTheDocument();
  });

  it('cancels with a reason', async () => {
    const { api } = mount();
    api.cancelJob.mockResolvedValue(jobDetail({ cancelRequested: true }));
    await userEvent.click(await screen.findByTestId(testIds.job.cancel));
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'wrong tenant{Enter}');
    expect(api.cancelJob).toHaveBeenCalledWith(JOB_ID, 'wrong tenant');
  });

  it('approval: needs the approver role; the requester cannot approve their own job; a refusal stays in the modal', async () => {
    const waiting = jobDetail({
      status: 'awaiting_approval',
      approval: { required: true, status: 'pending', planHash: 'b'.repeat(64), approvedBy: null, approvedAt: null },
    });
    setPermissions(OPS_OPERATOR);
    const first = mount(waiting);
    expect(await screen.findByTestId(testIds.job.approve)).toBeDisabled();
    first.deactivate();
    document.body.innerHTML = '';

    setPermissions(OPS_APPROVER);
    const { api } = mount({ ...waiting, requestedBy: { login: 'tester', orgId: 1 } });
    expect(await screen.findByTestId(testIds.job.approve)).toBeDisabled();
    expect(screen.getByText(/another operator must approve it/)).toBeInTheDocument();
    document.body.innerHTML = '';

    const second = mount(waiting);
    second.api.approveJob.mockRejectedValue(
      new ApiRequestError({ status: 409, code: 'conflict', message: 'The plan changed', requestId: 'r-1' })
    );
    await userEvent.click(await screen.findByTestId(testIds.job.approve));
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'checked the plan{Enter}');
    expect(second.api.approveJob).toHaveBeenCalledWith(JOB_ID, 'b'.repeat(64), 'checked the plan');
    expect(await screen.findByTestId(testIds.reasonModal.error)).toHaveTextContent('The plan changed');
    expect(api.approveJob).not.toHaveBeenCalled();
  });

  it('viewers can watch but not cancel', async () => {
    setPermissions(OPS_VIEWER);
    mount();
    expect(await screen.findByTestId(testIds.job.cancel)).toBeDisabled();
  });

  it('offers retry on a failed job: one key per intent, then opens the new job', async () => {
    const failed = jobDetail({
      status: 'failed',
      type: 'credentials.refresh',
      params: { environment: 'prod', secret: 'db', deployment: 'gateway-prod-0', key: 'dsn', format: 'random' },
      error: { code: 'credentials_not_pushed', message: 'No push', remediation: 'Check the agent', step: 'await-push' },
      finishedAt: '2026-11-23T10:05:00.000Z',
    });
    const { api, deactivate } = mount(failed);
    const NEW_ID = '9b0e5a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c';
    api.retryJob.mockRejectedValueOnce(
      new ApiRequestError({ status: 409, code: 'conflict', message: 'Another job is active', requestId: 'r' })
    );
    api.retryJob.mockResolvedValueOnce({ dryRun: false, plan: {} as never, job: jobDetail({ id: NEW_ID }) });
    await userEvent.click(await screen.findByTestId(testIds.job.retry));
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'agent is back');
    await userEvent.click(screen.getByTestId(testIds.reasonModal.submit));
    expect(await screen.findByTestId(testIds.reasonModal.error)).toHaveTextContent('Another job is active');
    await userEvent.click(screen.getByTestId(testIds.reasonModal.submit));
    await waitFor(() =>
      expect(locationService.getLocation().pathname).toBe(`/a/switchyard-controlplane-app/operations/jobs/${NEW_ID}`)
    );
    const [first, second] = api.retryJob.mock.calls;
    expect(first.slice(0, 2)).toEqual([JOB_ID, 'agent is back']);
    expect(second[2]).toBe(first[2]);
    deactivate();
  });

  it('links a workload job to its pods and their logs in Explore', async () => {
    const { deactivate } = mount(
      jobDetail({
        type: 'deployment.restart',
        params: { environment: 'prod', deployment: 'gateway-prod-0' },
        createdAt: '2026-11-23T10:00:00.000Z',
      })
    );
    const pods = await screen.findByTestId(testIds.job.podsLink);
    expect(pods.getAttribute('href')).toMatch(
      /^\/d\/switchyard-cluster\?var-env=prod&var-service=gateway&from=\d+&to=now&viewPanel=panel-2$/
    );
    const logs = new URL(screen.getByTestId(testIds.job.logsLink).getAttribute('href') ?? '', 'http://g');
    expect(logs.pathname).toBe('/explore');
    const panes = JSON.parse(logs.searchParams.get('panes') ?? '{}');
    expect(panes.a.datasource).toBe('switchyard-loki');
    expect(panes.a.queries[0].expr).toBe('{job="switchyard", service="gateway"} | json | shard="gateway-prod-0"');
    expect(screen.queryByTestId(testIds.job.retry)).not.toBeInTheDocument();
    deactivate();
  });

  it('links a failed drain to the pods of the shards it resolved, their logs and the tenant logs', async () => {
    const resolved = jobDetail().steps[0]!;
    const { deactivate } = mount(
      jobDetail({
        status: 'failed',
        steps: [
          { ...resolved, name: 'resolve-shards', observed: { shards: ['gateway-prod-0', 'runner-prod-1'] } },
          { ...resolved, index: 1, name: 'wait-in-flight', status: 'failed', observed: null },
        ],
      })
    );
    const pods = await screen.findByTestId(testIds.job.podsLink);
    expect(pods.getAttribute('href')).toMatch(/var-env=prod&var-service=gateway&var-service=runner&/);
    expect(screen.getByText('Deployments gateway-prod-0, runner-prod-1:')).toBeInTheDocument();
    const expr = (id: string) =>
      JSON.parse(new URL(screen.getByTestId(id).getAttribute('href') ?? '', 'http://g').searchParams.get('panes') ?? '')
        .a.queries[0].expr;
    expect(expr(testIds.job.logsLink)).toBe(
      '{job="switchyard", service=~"gateway|runner"} | json | shard=~"gateway-prod-0|runner-prod-1"'
    );
    expect(expr(testIds.job.tenantLogsLink)).toBe('{job="switchyard"} | json | tenant_id="acme"');
    expect(screen.getByTestId(testIds.job.retry)).toBeInTheDocument();
    deactivate();
  });

  it('a job on no workload and no tenant has no such links', async () => {
    const { deactivate } = mount(
      jobDetail({ type: 'inventory.sync', tenantId: null, target: 'inventory', params: {} })
    );
    await screen.findAllByTestId(testIds.job.step);
    expect(screen.queryByTestId(testIds.job.podsLink)).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.job.tenantLogsLink)).not.toBeInTheDocument();
    deactivate();
  });

  it('shows the target’s traffic once the job is known and moves the step markers on each poll', async () => {
    jest.useFakeTimers();
    const api = fakeOperationsApi();
    api.getJob.mockResolvedValue(jobDetail());
    api.jobActivity.mockResolvedValue({ items: [], nextCursor: null, prevCursor: null });
    const markers = new MarkersLayer({ markers: [] });
    const built: string[] = [];
    const scene = new JobDetailScene({ jobId: JOB_ID }, api, (job) => {
      built.push(job.id);
      return { layout: new SceneFlexLayout({ children: [] }), markers };
    });
    const deactivate = scene.activate();
    render(<scene.Component model={scene} />);
    expect(await screen.findByTestId(testIds.panels.jobTraffic)).toBeInTheDocument();
    api.getJob.mockResolvedValue(
      jobDetail({ status: 'succeeded', updatedAt: '2026-11-23T10:01:00.000Z', finishedAt: '2026-11-23T10:01:00.000Z' })
    );
    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    expect(built).toEqual([JOB_ID]);
    expect(markers.state.markers.at(-1)).toMatchObject({ title: 'tenant.drain succeeded', tags: ['end'] });
    deactivate();
  });
});
