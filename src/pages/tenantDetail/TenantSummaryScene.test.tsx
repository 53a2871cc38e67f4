import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { ApiRequestError } from '../../api/ApiRequestError';
import { Actions, CHECK_LABELS, type Action, type AuditPage, type JobPage } from '../../contract';
import { EventIsolationProbed } from '../../shared/events';
import { jobUrl, operationsUrl, TENANT_TABS, tenantUrl } from '../../shared/routing';
import { testIds } from '../../shared/testIds';
import { fakeApi } from '../../test/fakeApi';
import { auditEntry } from '../../test/fixtures';
import { fakeIsolationApi, tenantIsolation } from '../../test/isolationFixtures';
import { jobRow } from '../../test/jobFixtures';
import { fakeOperationsApi } from '../../test/operationsFixtures';
import { OPS_VIEWER, setPermissions, VIEWER } from '../../test/permissions';
import { ACTIVE_JOBS_REFRESH_MS, entryNote, SUMMARY_ROWS, tenantJobs, TenantSummaryScene } from './TenantSummaryScene';

const ALL: Action[] = [...OPS_VIEWER, Actions.isolationRead];
const page = <T,>(items: T[], nextCursor: string | null = null) => ({ items, nextCursor, prevCursor: null });

function setup({
  jobs = page([]) as JobPage,
  activity = page([]) as AuditPage,
  isolation = tenantIsolation(),
  before,
}: {
  jobs?: JobPage;
  activity?: AuditPage;
  isolation?: ReturnType<typeof tenantIsolation>;
  /** Runs before the scene is shown (to set answers in order). */
  before?: (apis: {
    isolationApi: ReturnType<typeof fakeIsolationApi>;
    operations: ReturnType<typeof fakeOperationsApi>;
  }) => void;
} = {}) {
  const tenants = fakeApi();
  tenants.tenantActivity.mockResolvedValue(activity);
  const isolationApi = fakeIsolationApi();
  isolationApi.getTenantIsolation.mockResolvedValue(isolation);
  const operations = fakeOperationsApi();
  operations.listJobs.mockResolvedValue(jobs);
  before?.({ isolationApi, operations });
  const scene = new TenantSummaryScene({ tenantId: 'acme' }, { tenants, isolation: isolationApi, operations });
  const view = render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  // Rendering activates the scene; unmounting (leaving the tab) deactivates it.
  return { scene, tenants, isolationApi, operations, deactivate: view.unmount, view };
}

afterEach(() => jest.useRealTimers());

describe('TenantSummaryScene', () => {
  beforeEach(() => setPermissions(ALL));

  it('shows the verdict with the checks that did not pass, the active jobs and the latest entries, each linked', async () => {
    const { operations, tenants } = setup({
      isolation: tenantIsolation({
        verdict: 'violation',
        failing: [
          { check: 'tenant_schema', result: 'violation' },
          { check: 'database_scope', result: 'unknown' },
        ],
      }),
      jobs: page([jobRow({ status: 'running', currentStep: 1, stepCount: 4 })]),
      activity: page([auditEntry({ seq: 42, action: 'tenant.status.change', reason: 'noisy neighbour' })], 'next'),
    });

    const isolation = await screen.findByTestId(testIds.tenantSummary.isolation);
    await waitFor(() =>
      expect(within(isolation).getByTestId(testIds.isolation.verdictBadge)).toHaveAttribute('data-verdict', 'violation')
    );
    const failing = within(isolation).getByRole('list', { name: 'Checks that did not pass' });
    expect(
      within(failing)
        .getAllByRole('listitem')
        .map((li) => li.textContent)
    ).toEqual([`${CHECK_LABELS.tenant_schema}: violation`, `${CHECK_LABELS.database_scope}: unknown`]);
    expect(within(isolation).getByRole('link', { name: 'Checks and evidence' })).toHaveAttribute(
      'href',
      tenantUrl('acme', TENANT_TABS.isolation)
    );

    const job = await screen.findByTestId(testIds.tenantSummary.job);
    expect(operations.listJobs).toHaveBeenCalledWith({ tenant: 'acme', limit: SUMMARY_ROWS });
    expect(within(job).getByTestId(testIds.tenantSummary.jobStatus)).toHaveAttribute('data-status', 'running');
    expect(within(job).getByRole('link', { name: 'tenant.drain' })).toHaveAttribute('href', jobUrl(jobRow().id));
    expect(job).toHaveTextContent('step 2 of 4');
    expect(
      within(screen.getByTestId(testIds.tenantSummary.jobs)).getByRole('link', { name: 'All jobs' })
    ).toHaveAttribute('href', operationsUrl({ tenant: 'acme' }));

    const entry = await screen.findByTestId(testIds.tenantSummary.activityEntry);
    expect(tenants.tenantActivity).toHaveBeenCalledWith('acme', { limit: SUMMARY_ROWS });
    expect(entry).toHaveAttribute('data-seq', '42');
    expect(within(entry).getByRole('link', { name: 'tenant.status.change' })).toHaveAttribute(
      'href',
      `${tenantUrl('acme', TENANT_TABS.activity)}?activityEntry=42`
    );
    expect(entry).toHaveTextContent('“noisy neighbour”');
  });

  it('lists only the active jobs of the page; "more" only when every row is active and a next page exists', () => {
    const running = jobRow({ id: 'r', status: 'running' });
    const queued = jobRow({ id: 'q', status: 'queued' });
    const failed = jobRow({ id: 'f', status: 'failed' });
    expect(tenantJobs(page([running, queued, failed], 'next'))).toEqual({
      active: [running, queued],
      more: false,
      latest: running,
    });
    expect(tenantJobs(page([running, queued], 'next'))).toEqual({
      active: [running, queued],
      more: true,
      latest: running,
    });
    expect(tenantJobs(page([failed]))).toEqual({ active: [], more: false, latest: failed });
    expect(tenantJobs(page([]))).toEqual({ active: [], more: false, latest: undefined });
  });

  it('notes what an entry changed, else the job step or job type it records', () => {
    expect(entryNote(auditEntry({ details: { from: 'active', to: 'draining' } }))).toMatch(/active → draining/);
    expect(entryNote(auditEntry({ action: 'job.step', targetType: 'job', details: { step: 'mark', index: 0 } }))).toBe(
      'step mark'
    );
    expect(
      entryNote(auditEntry({ action: 'job.succeeded', targetType: 'job', details: { type: 'tenant.drain' } }))
    ).toBe('tenant.drain');
    expect(entryNote(auditEntry({ details: {} }))).toBe('');
  });

  it('says so when nothing runs, nothing is recorded and every check passed', async () => {
    setup();
    expect(await screen.findByText('No job is running or waiting on this tenant.')).toBeInTheDocument();
    expect(await screen.findByText('Nothing has been recorded about this tenant yet.')).toBeInTheDocument();
    expect(await screen.findByText('Every check passed.')).toBeInTheDocument();
  });

  it('says when isolation checks are not configured, and when the last probe failed', async () => {
    const { view } = setup({ isolation: tenantIsolation({ configured: false }) });
    expect(await screen.findByText(/Isolation checks are not configured/)).toBeInTheDocument();
    view.unmount();
    setup({
      isolation: tenantIsolation({
        verdict: 'unknown',
        error: { code: 'timeout', message: 'the runtime API timed out' },
      }),
    });
    expect(await screen.findByText('The last probe failed: the runtime API timed out')).toBeInTheDocument();
  });

  it('shows only the cards the user may read, and asks for nothing else', async () => {
    setPermissions(VIEWER);
    const { isolationApi, operations, tenants } = setup({ activity: page([auditEntry()]) });
    await screen.findByTestId(testIds.tenantSummary.activityEntry);
    expect(screen.queryByTestId(testIds.tenantSummary.isolation)).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.tenantSummary.jobs)).not.toBeInTheDocument();
    expect(isolationApi.getTenantIsolation).not.toHaveBeenCalled();
    expect(operations.listJobs).not.toHaveBeenCalled();
    expect(tenants.tenantActivity).toHaveBeenCalledTimes(1);
  });

  it('a failed card says what failed and retries on its own; the others still show', async () => {
    const { isolationApi } = setup({
      activity: page([auditEntry()]),
      before: ({ isolationApi }) =>
        isolationApi.getTenantIsolation
          .mockRejectedValueOnce(
            new ApiRequestError({ status: 503, code: 'unavailable', message: 'the platform did not answer' })
          )
          .mockResolvedValueOnce(tenantIsolation({ verdict: 'warning' })),
    });
    const isolation = await screen.findByTestId(testIds.tenantSummary.isolation);
    expect(await within(isolation).findByText('Could not load the isolation verdict')).toBeInTheDocument();
    expect(await screen.findByTestId(testIds.tenantSummary.activityEntry)).toBeInTheDocument();
    await userEvent.click(within(isolation).getByRole('button', { name: /retry/i }));
    await waitFor(() =>
      expect(within(isolation).getByTestId(testIds.isolation.verdictBadge)).toHaveAttribute('data-verdict', 'warning')
    );
    expect(isolationApi.getTenantIsolation).toHaveBeenCalledTimes(2);
  });

  it('follows active jobs: reads them again while one runs, and stops once none does', async () => {
    jest.useFakeTimers();
    const { operations } = setup({
      before: ({ operations }) =>
        operations.listJobs
          .mockResolvedValueOnce(page([jobRow({ status: 'queued' })]))
          .mockResolvedValueOnce(page([jobRow({ status: 'running' })]))
          .mockResolvedValue(page([jobRow({ status: 'succeeded' })])),
    });
    await act(async () => {});
    expect(operations.listJobs).toHaveBeenCalledTimes(1);
    await act(async () => jest.advanceTimersByTime(ACTIVE_JOBS_REFRESH_MS));
    expect(operations.listJobs).toHaveBeenCalledTimes(2);
    await act(async () => jest.advanceTimersByTime(ACTIVE_JOBS_REFRESH_MS));
    expect(operations.listJobs).toHaveBeenCalledTimes(3);
    expect(screen.getByText('No job is running or waiting on this tenant.')).toBeInTheDocument();
    await act(async () => jest.advanceTimersByTime(ACTIVE_JOBS_REFRESH_MS * 3));
    expect(operations.listJobs).toHaveBeenCalledTimes(3);
  });

  it('a failed read while a job runs is tried again on the next beat', async () => {
    jest.useFakeTimers();
    const { operations } = setup({
      before: ({ operations }) =>
        operations.listJobs
          .mockResolvedValueOnce(page([jobRow({ status: 'running' })]))
          .mockRejectedValueOnce(new ApiRequestError({ status: 503, code: 'unavailable', message: 'sidecar down' }))
          .mockResolvedValue(page([jobRow({ status: 'succeeded' })])),
    });
    await act(async () => {});
    await act(async () => jest.advanceTimersByTime(ACTIVE_JOBS_REFRESH_MS));
    expect(operations.listJobs).toHaveBeenCalledTimes(2);
    expect(screen.getByText('Could not load the active jobs')).toBeInTheDocument();
    await act(async () => jest.advanceTimersByTime(ACTIVE_JOBS_REFRESH_MS));
    expect(operations.listJobs).toHaveBeenCalledTimes(3);
    expect(screen.getByText('No job is running or waiting on this tenant.')).toBeInTheDocument();
  });

  it('tells its followers when an active job ends, once', async () => {
    const { scene, operations } = setup({ jobs: page([jobRow({ id: 'j1', status: 'running' })]) });
    const ended = jest.fn();
    await screen.findByTestId(testIds.tenantSummary.job);
    const sub = scene.onJobEnded(ended);
    operations.listJobs.mockResolvedValue(
      page([jobRow({ id: 'j1', status: 'running' }), jobRow({ id: 'j2', status: 'queued' })])
    );
    await act(async () => scene.loadJobs());
    expect(ended).not.toHaveBeenCalled();
    operations.listJobs.mockResolvedValue(
      page([jobRow({ id: 'j2', status: 'running' }), jobRow({ id: 'j1', status: 'failed' })])
    );
    await act(async () => scene.loadJobs());
    expect(ended).toHaveBeenCalledTimes(1);
    await act(async () => scene.loadJobs());
    expect(ended).toHaveBeenCalledTimes(1);
    sub.unsubscribe();
  });

  it('stops following jobs when the tab is left', async () => {
    jest.useFakeTimers();
    const { operations, deactivate } = setup({ jobs: page([jobRow()]) });
    await act(async () => {});
    deactivate();
    await act(async () => jest.advanceTimersByTime(ACTIVE_JOBS_REFRESH_MS * 3));
    expect(operations.listJobs).toHaveBeenCalledTimes(1);
  });

  it("a re-probe of this tenant reads its verdict and activity again; another tenant's does not", async () => {
    const { scene, isolationApi, tenants } = setup();
    await screen.findByText('Every check passed.');
    act(() => {
      scene.publishEvent(new EventIsolationProbed({ tenantId: 'other' }), true);
      scene.publishEvent(new EventIsolationProbed({ tenantId: 'acme' }), true);
    });
    await waitFor(() => expect(isolationApi.getTenantIsolation).toHaveBeenCalledTimes(2));
    expect(tenants.tenantActivity).toHaveBeenCalledTimes(2);
  });
});
