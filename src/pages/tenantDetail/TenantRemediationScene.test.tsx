import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import type { CreateJobResponse, Job, Tenant } from '../../contract';
import { jobUrl } from '../../shared/routing';
import { testIds } from '../../shared/testIds';
import { fakeApi } from '../../test/fakeApi';
import { tenant } from '../../test/fixtures';
import { fakeOperationsApi, jobDetail, JOB_ID, plan } from '../../test/operationsFixtures';
import { jobRow } from '../../test/jobFixtures';
import { OPERATOR, OPS_OPERATOR, setPermissions } from '../../test/permissions';
import { remediationTestIds, TenantRemediationScene } from './TenantRemediationScene';
import { TenantSummaryScene } from './TenantSummaryScene';

const REMEDIATION = 'Check that the platform API answers, then run the reconcile again.';

function failedDrain(): Job {
  const {
    steps: _steps,
    auditIds: _auditIds,
    ...job
  } = jobDetail({
    status: 'failed',
    finishedAt: '2026-11-23T10:00:05.000Z',
    error: {
      code: 'unavailable',
      message: 'the node admin API did not answer',
      remediation: REMEDIATION,
      step: 'wait-in-flight',
    },
  });
  return job;
}

function setup(t: Tenant, latest?: Job) {
  const api = fakeApi();
  api.getTenant.mockResolvedValue(t);
  const ops = fakeOperationsApi();
  ops.listJobs.mockResolvedValue({ items: latest ? [latest] : [], nextCursor: null, prevCursor: null });
  ops.createJob.mockImplementation(async (): Promise<CreateJobResponse> => ({
    dryRun: true,
    plan: plan({ type: 'tenant.reconcile' }),
    job: null,
  }));
  const scene = new TenantRemediationScene({ tenantId: t.id }, api, ops);
  const { unmount } = render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return { scene, ops, unmount };
}

describe('TenantRemediationScene', () => {
  beforeEach(() => setPermissions(OPS_OPERATOR));

  it('shows what failed, the remediation and a link to the failed job', async () => {
    const { ops } = setup(tenant({ status: 'draining' }), failedDrain());
    const callout = await screen.findByTestId(remediationTestIds.callout);
    expect(ops.listJobs).toHaveBeenCalledWith({ tenant: 'acme', limit: 1 });
    expect(within(callout).getByText(/last job on this tenant failed: tenant\.drain/)).toBeInTheDocument();
    expect(
      within(callout).getByText('Step wait-in-flight failed: the node admin API did not answer')
    ).toBeInTheDocument();
    expect(within(callout).getByText(REMEDIATION)).toBeInTheDocument();
    expect(within(callout).getByTestId(remediationTestIds.jobLink)).toHaveAttribute('href', jobUrl(JOB_ID));
  });

  it('Reconcile opens the shared flow with a dry run of tenant.reconcile in the chosen direction', async () => {
    const { ops } = setup(tenant({ status: 'draining' }), failedDrain());
    await screen.findByTestId(remediationTestIds.callout);
    await userEvent.click(screen.getByRole('radio', { name: 'Keep the platform' }));
    await userEvent.click(screen.getByTestId(remediationTestIds.reconcile));
    await waitFor(() =>
      expect(ops.createJob).toHaveBeenCalledWith(
        expect.objectContaining({ type: 'tenant.reconcile', params: { tenantId: 'acme', prefer: 'platform' } }),
        true,
        expect.any(String)
      )
    );
    expect(await screen.findByTestId(testIds.runAction.drawer)).toHaveAttribute('data-action', 'reconcile');
  });

  it('a draining tenant with no job running gets the callout too', async () => {
    setup(tenant({ status: 'draining' }));
    const callout = await screen.findByTestId(remediationTestIds.callout);
    expect(within(callout).getByText('Tenant is draining but no job is running')).toBeInTheDocument();
    expect(within(callout).queryByTestId(remediationTestIds.jobLink)).not.toBeInTheDocument();
  });

  it('says nothing while a job runs, or when the tenant is settled', async () => {
    const running = setup(tenant({ status: 'draining' }), jobDetail());
    await waitFor(() => expect(running.scene.state.latestJob?.status).toBe('running'));
    expect(screen.queryByTestId(remediationTestIds.callout)).not.toBeInTheDocument();
    running.unmount();
    const settled = setup(tenant({ status: 'active' }), jobDetail({ status: 'succeeded' }));
    await waitFor(() => expect(settled.scene.state.latestJob?.status).toBe('succeeded'));
    expect(screen.queryByTestId(remediationTestIds.callout)).not.toBeInTheDocument();
  });

  it('Reconcile is disabled with the reason without the operations execute permission', async () => {
    setPermissions(OPERATOR);
    setup(tenant({ status: 'draining' }), failedDrain());
    await screen.findByTestId(remediationTestIds.callout);
    expect(screen.getByTestId(remediationTestIds.reconcile)).toBeDisabled();
    expect(screen.getByTestId(testIds.permissionReason)).toHaveTextContent(/operations:execute/);
  });

  it('uses a record handed in for its first read, and only asks for the latest job', async () => {
    const api = fakeApi();
    const ops = fakeOperationsApi();
    ops.listJobs.mockResolvedValue({ items: [failedDrain()], nextCursor: null, prevCursor: null });
    const scene = new TenantRemediationScene({ tenantId: 'acme', tenant: tenant({ status: 'draining' }) }, api, ops);
    render(
      <MemoryRouter>
        <scene.Component model={scene} />
      </MemoryRouter>
    );
    expect(await screen.findByTestId(remediationTestIds.callout)).toBeInTheDocument();
    expect(api.getTenant).not.toHaveBeenCalled();
    expect(ops.listJobs).toHaveBeenCalledTimes(1);
  });

  it("follows the summary's read of the jobs instead of asking for them itself", async () => {
    const api = fakeApi();
    api.getTenant.mockResolvedValue(tenant({ status: 'draining' }));
    const ops = fakeOperationsApi();
    ops.listJobs.mockResolvedValue({ items: [failedDrain()], nextCursor: null, prevCursor: null });
    api.tenantActivity.mockResolvedValue({ items: [], nextCursor: null, prevCursor: null });
    const summary = new TenantSummaryScene({ tenantId: 'acme' }, { operations: ops, tenants: api });
    const scene = new TenantRemediationScene({ tenantId: 'acme' }, api, ops, summary);
    render(
      <MemoryRouter>
        <scene.Component model={scene} />
        <summary.Component model={summary} />
      </MemoryRouter>
    );
    const callout = await screen.findByTestId(remediationTestIds.callout);
    expect(within(callout).getByText(/last job on this tenant failed: tenant\.drain/)).toBeInTheDocument();
    expect(ops.listJobs).toHaveBeenCalledTimes(1);
    expect(ops.listJobs).toHaveBeenCalledWith({ tenant: 'acme', limit: 5 });
  });

  it('following the summary: no verdict before the jobs are read, and a job that ends has the tenant read again', async () => {
    const api = fakeApi();
    api.tenantActivity.mockResolvedValue({ items: [], nextCursor: null, prevCursor: null });
    api.getTenant.mockResolvedValue(tenant({ status: 'active' }));
    const ops = fakeOperationsApi();
    let answer!: (page: { items: Job[]; nextCursor: null; prevCursor: null }) => void;
    ops.listJobs.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const summary = new TenantSummaryScene({ tenantId: 'acme' }, { operations: ops, tenants: api });
    // The page just read the tenant: draining, because a drain runs.
    const scene = new TenantRemediationScene(
      { tenantId: 'acme', tenant: tenant({ status: 'draining' }) },
      api,
      ops,
      summary
    );
    render(
      <MemoryRouter>
        <scene.Component model={scene} />
        <summary.Component model={summary} />
      </MemoryRouter>
    );
    await act(async () => {});
    // The jobs are not read yet: a running job may explain the status, so nothing is said.
    expect(screen.queryByTestId(remediationTestIds.callout)).not.toBeInTheDocument();
    const running = jobRow({ status: 'running' });
    await act(async () => answer({ items: [running], nextCursor: null, prevCursor: null }));
    expect(screen.queryByTestId(remediationTestIds.callout)).not.toBeInTheDocument();
    expect(api.getTenant).not.toHaveBeenCalled();
    // The drain ends: the tenant is read again (now active), so no false "no job is running".
    ops.listJobs.mockResolvedValue({
      items: [{ ...running, status: 'succeeded' }],
      nextCursor: null,
      prevCursor: null,
    });
    await act(async () => summary.loadJobs());
    await waitFor(() => expect(api.getTenant).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId(remediationTestIds.callout)).not.toBeInTheDocument();
    expect(scene.state.tenant?.status).toBe('active');
  });
});
