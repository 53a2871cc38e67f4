import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { ApiRequestError } from '../../api/ApiRequestError';
import { testIds } from '../../shared/testIds';
import { tenant, tenantPage } from '../../test/fixtures';
import { fakeApi } from '../../test/fakeApi';
import { OPERATOR, setPermissions, VIEWER } from '../../test/permissions';
import { TenantsListScene } from './TenantsListScene';

function renderList(
  setup: (api: ReturnType<typeof fakeApi>) => void,
  state: ConstructorParameters<typeof TenantsListScene>[0] = {}
) {
  const api = fakeApi();
  setup(api);
  const scene = new TenantsListScene(state, api);
  render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return { api, scene };
}

describe('tenants list view', () => {
  beforeEach(() => setPermissions(OPERATOR));

  it('shows a row per tenant with a link to its detail page and a status pill', async () => {
    renderList((api) =>
      api.listTenants.mockResolvedValue(
        tenantPage([tenant({ id: 'acme' }), tenant({ id: 'beta', status: 'suspended' })])
      )
    );
    const rows = await screen.findAllByTestId(testIds.tenants.row);
    expect(rows.map((r) => r.getAttribute('data-tenant-id'))).toEqual(['acme', 'beta']);
    expect(within(rows[0]).getByRole('link', { name: 'acme' })).toHaveAttribute(
      'href',
      '/a/switchyard-controlplane-app/tenants/acme'
    );
    expect(within(rows[1]).getByTestId(testIds.statusBadge)).toHaveAttribute('data-status', 'suspended');
  });

  it('offers to clear filters when none match', async () => {
    const { scene } = renderList((api) => api.listTenants.mockResolvedValue(tenantPage([])), {
      filters: { q: 'zzz', status: [], environment: [], plan: [], label: '', sort: 'id' },
    });
    expect(await screen.findByText('No tenants match these filters')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId(testIds.tenants.clearFilters));
    expect(scene.state.filters.q).toBe('');
  });

  it('shows the error message and request id, not a stack', async () => {
    renderList((api) =>
      api.listTenants.mockRejectedValue(
        new ApiRequestError({
          status: 502,
          code: 'sidecar_unreachable',
          message: 'Could not reach the sidecar',
          requestId: 'req-77',
        })
      )
    );
    expect(await screen.findByText('Could not reach the sidecar')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.apiError.requestId)).toHaveTextContent('req-77');
    expect(screen.queryByText(/at \w+ \(/)).not.toBeInTheDocument();
  });

  it('disables Next on the last page and Previous on the first', async () => {
    renderList((api) => api.listTenants.mockResolvedValue(tenantPage([tenant()], null, null)));
    await screen.findAllByTestId(testIds.tenants.row);
    expect(screen.getByTestId(testIds.tenants.nextPage)).toBeDisabled();
    expect(screen.getByTestId(testIds.tenants.prevPage)).toBeDisabled();
  });

  it('shows the bulk bar once rows are selected', async () => {
    renderList((api) => api.listTenants.mockResolvedValue(tenantPage([tenant({ id: 'a1' }), tenant({ id: 'a2' })])));
    await screen.findAllByTestId(testIds.tenants.row);
    expect(screen.queryByTestId(testIds.tenants.bulkBar)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select a1' }));
    expect(screen.getByTestId(testIds.tenants.bulkBar)).toHaveTextContent('1 tenant selected');
  });

  it('disables the bulk change for viewers and says why', async () => {
    setPermissions(VIEWER);
    renderList((api) => api.listTenants.mockResolvedValue(tenantPage([tenant({ id: 'a1' })])));
    await screen.findAllByTestId(testIds.tenants.row);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select all tenants on this page' }));
    const button = screen.getByRole('button', { name: /change status/i });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(/Switchyard Operator role/);
  });

  it('applies a search after Enter', async () => {
    const { scene, api } = renderList((a) => a.listTenants.mockResolvedValue(tenantPage([tenant()])));
    await screen.findAllByTestId(testIds.tenants.row);
    await userEvent.type(screen.getByTestId(testIds.tenants.search), 'acm{Enter}');
    expect(scene.state.filters.q).toBe('acm');
    await waitFor(() => expect(api.listTenants).toHaveBeenLastCalledWith(expect.objectContaining({ q: 'acm' })));
  });
});
