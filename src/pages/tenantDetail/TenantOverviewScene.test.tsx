import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { ApiRequestError } from '../../api/ApiRequestError';
import { testIds } from '../../shared/testIds';
import { tenant, tenantPlan } from '../../test/fixtures';
import { fakeApi } from '../../test/fakeApi';
import { OPERATOR, setPermissions, VIEWER } from '../../test/permissions';
import { TenantOverviewScene } from './TenantOverviewScene';

function renderOverview(t = tenant()) {
  const api = fakeApi();
  api.getTenant.mockResolvedValue(t);
  api.planTenantChange.mockResolvedValue(tenantPlan());
  const scene = new TenantOverviewScene({ tenantId: t.id }, api);
  render(<scene.Component model={scene} />);
  return { api, scene };
}

const transitionIds = () =>
  screen
    .getAllByTestId((id) => id.startsWith(testIds.tenant.transitionPrefix))
    .map((el) => el.getAttribute('data-testid')!.slice(testIds.tenant.transitionPrefix.length));

describe('TenantOverviewScene', () => {
  beforeEach(() => setPermissions(OPERATOR));

  it('shows the fields, quotas, labels and contacts', async () => {
    renderOverview();
    const overview = await screen.findByTestId(testIds.tenant.overview);
    expect(within(overview).getByText('Acme Corp')).toBeInTheDocument();
    expect(within(overview).getByTestId(testIds.statusBadge)).toHaveAttribute('data-status', 'active');
    expect(within(overview).getByText('10 GB')).toBeInTheDocument();
    expect(within(overview).getByText('team=payments')).toBeInTheDocument();
    expect(within(overview).getByRole('link', { name: 'ada@example.com' })).toHaveAttribute(
      'href',
      'mailto:ada@example.com'
    );
  });

  it('offers exactly the legal next states from the contract', async () => {
    renderOverview(tenant({ status: 'suspended' }));
    await screen.findByTestId(testIds.tenant.overview);
    expect(transitionIds()).toEqual(['active', 'archived']);
  });

  it('says an archived tenant is final', async () => {
    renderOverview(tenant({ status: 'archived' }));
    expect(await screen.findByText(/is final/)).toBeInTheDocument();
  });

  it('posts the change with the reason and reloads the tenant', async () => {
    const { api } = renderOverview();
    api.changeTenantStatus.mockResolvedValue(tenant({ status: 'draining' }));
    api.getTenant.mockResolvedValue(tenant({ status: 'draining' }));
    await userEvent.click(await screen.findByTestId(`${testIds.tenant.transitionPrefix}draining`));
    await screen.findByTestId(testIds.tenantPlan.view);
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'planned maintenance{Enter}');
    expect(api.changeTenantStatus).toHaveBeenCalledWith('acme', 'draining', 'planned maintenance', expect.any(String));
    await waitFor(() => expect(screen.getByTestId(testIds.statusBadge)).toHaveAttribute('data-status', 'draining'));
    expect(api.getTenant).toHaveBeenCalledTimes(2);
  });

  it('shows the sidecar refusal inside the modal', async () => {
    const { api } = renderOverview();
    api.changeTenantStatus.mockRejectedValue(
      new ApiRequestError({
        status: 409,
        code: 'illegal_transition',
        message: 'Tenant changed meanwhile',
        requestId: 'r-1',
        details: { allowed: ['active'] },
      })
    );
    await userEvent.click(await screen.findByTestId(`${testIds.tenant.transitionPrefix}suspended`));
    await screen.findByTestId(testIds.tenantPlan.view);
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'abuse{Enter}');
    const error = await screen.findByTestId(testIds.reasonModal.error);
    expect(error).toHaveTextContent('Tenant changed meanwhile');
    expect(error).toHaveTextContent('Allowed next states: active');
  });

  it('disables the lifecycle buttons for viewers, with the reason', async () => {
    setPermissions(VIEWER);
    renderOverview();
    const button = await screen.findByTestId(`${testIds.tenant.transitionPrefix}suspended`);
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(/You need the Switchyard Operator role/);
  });

  it('says when the tenant does not exist', async () => {
    const api = fakeApi();
    api.getTenant.mockRejectedValue(
      new ApiRequestError({ status: 404, code: 'not_found', message: 'No tenant ghost', requestId: 'r-404' })
    );
    const scene = new TenantOverviewScene({ tenantId: 'ghost' }, api);
    render(<scene.Component model={scene} />);
    expect(await screen.findByText('Tenant ghost was not found')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.apiError.requestId)).toHaveTextContent('r-404');
  });

  it('shows a record handed in without reading it again, and reads it on a later visit', async () => {
    const api = fakeApi();
    api.getTenant.mockResolvedValue(tenant({ displayName: 'Acme Corp (renamed)' }));
    const scene = new TenantOverviewScene({ tenantId: 'acme', tenant: tenant() }, api);
    const first = render(<scene.Component model={scene} />);
    expect(within(screen.getByTestId(testIds.tenant.overview)).getByText('Acme Corp')).toBeInTheDocument();
    expect(api.getTenant).not.toHaveBeenCalled();
    first.unmount();
    render(<scene.Component model={scene} />);
    expect(await screen.findByText('Acme Corp (renamed)')).toBeInTheDocument();
    expect(api.getTenant).toHaveBeenCalledTimes(1);
  });

  it('reads the tenant again when a job on it ends (its status changed)', async () => {
    const api = fakeApi();
    api.getTenant.mockResolvedValue(tenant({ status: 'draining' }));
    let onEnd: () => void = () => undefined;
    const jobs = { onJobEnded: jest.fn((cb: () => void) => ((onEnd = cb), { unsubscribe: jest.fn() })) };
    const scene = new TenantOverviewScene({ tenantId: 'acme', tenant: tenant({ status: 'active' }) }, api, jobs);
    render(<scene.Component model={scene} />);
    expect(api.getTenant).not.toHaveBeenCalled();
    expect(jobs.onJobEnded).toHaveBeenCalledTimes(1);
    await act(async () => onEnd());
    expect(api.getTenant).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId(testIds.statusBadge)).toHaveAttribute('data-status', 'draining');
  });
});
