import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { ApiRequestError } from '../api/ApiRequestError';
import { testIds } from './testIds';
import { tenant, tenantPlan } from '../test/fixtures';
import { fakeApi } from '../test/fakeApi';
import { EventTenantsChanged } from './events';
import { StatusChangeScene } from './StatusChangeScene';

function setup() {
  const api = fakeApi();
  api.planTenantChange.mockResolvedValue(tenantPlan());
  const scene = new StatusChangeScene({}, api);
  const changed = jest.fn();
  scene.subscribeToEvent(EventTenantsChanged, (e) => changed(e.payload.ids));
  render(<scene.Component model={scene} />);
  return { api, scene, changed };
}

const KEY = expect.stringMatching(/^[0-9a-f-]{36}$/);

describe('StatusChangeScene', () => {
  it('plans the change first, then posts it with the reason and the intent key, closes and announces it', async () => {
    const { api, scene, changed } = setup();
    api.changeTenantStatus.mockResolvedValue(tenant({ status: 'suspended' }));
    act(() => scene.open({ ids: ['acme'], to: 'suspended', bulk: false }));
    expect(api.planTenantChange).toHaveBeenCalledWith({ kind: 'status', id: 'acme', to: 'suspended' });
    expect(await screen.findByTestId(testIds.tenantPlan.summary)).toHaveTextContent('Move tenant acme to suspended');
    expect(screen.getByTestId(testIds.tenantPlan.warning)).toHaveTextContent('kill switch turns on');
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'abuse report{Enter}');
    expect(api.changeTenantStatus).toHaveBeenCalledWith('acme', 'suspended', 'abuse report', KEY);
    expect(changed).toHaveBeenCalledWith(['acme']);
    expect(scene.state.request).toBeUndefined();
  });

  it('a plan that refuses the change names why and keeps the change button disabled', async () => {
    const { api, scene } = setup();
    api.planTenantChange.mockResolvedValue(
      tenantPlan(
        {},
        {
          blocked: true,
          changes: [],
          checks: [
            {
              name: 'transition is allowed',
              ok: false,
              message: 'A archived tenant cannot become active',
              measured: 'archived',
            },
          ],
        }
      )
    );
    act(() => scene.open({ ids: ['acme'], to: 'active', bulk: false }));
    expect(await screen.findByTestId(testIds.tenantPlan.refusal)).toHaveTextContent('cannot become active');
    expect(screen.getByTestId(testIds.reasonModal.submit)).toBeDisabled();
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'bring it back{Enter}');
    expect(api.changeTenantStatus).not.toHaveBeenCalled();
  });

  it('archiving one tenant plans and posts an archive', async () => {
    const { api, scene } = setup();
    api.archiveTenant.mockResolvedValue(tenant({ status: 'archived' }));
    act(() => scene.open({ ids: ['acme'], to: 'archived', bulk: false }));
    expect(api.planTenantChange).toHaveBeenCalledWith({ kind: 'archive', id: 'acme' });
    await screen.findByTestId(testIds.tenantPlan.view);
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'customer left{Enter}');
    expect(api.archiveTenant).toHaveBeenCalledWith('acme', 'customer left', KEY);
  });

  it('keeps the modal open with the refusal; a retry with the same reason reuses the key, a new reason gets a new one', async () => {
    const { api, scene, changed } = setup();
    api.changeTenantStatus.mockRejectedValue(
      new ApiRequestError({
        status: 409,
        code: 'illegal_transition',
        message: 'Cannot move an archived tenant',
        requestId: 'req-409',
        details: { allowed: [] },
      })
    );
    act(() => scene.open({ ids: ['acme'], to: 'active', bulk: false }));
    await screen.findByTestId(testIds.tenantPlan.view);
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'bring it back{Enter}');
    const error = await screen.findByTestId(testIds.reasonModal.error);
    expect(error).toHaveTextContent('Cannot move an archived tenant');
    expect(error).toHaveTextContent('Allowed next states: none');
    expect(error).toHaveTextContent('req-409');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(changed).not.toHaveBeenCalled();

    await act(() => scene.submit('bring it back'));
    await act(() => scene.submit('another reason'));
    const keys = api.changeTenantStatus.mock.calls.map((c) => c[3]);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('plans a bulk change per tenant and reports per-tenant results', async () => {
    const { api, scene } = setup();
    api.planTenantChange.mockResolvedValue(
      tenantPlan({
        kind: 'bulkStatus',
        summary: 'Move 2 tenants to draining: 1 change, 1 refused',
        counts: { total: 2, change: 1, unchanged: 0, blocked: 1 },
        targets: [
          tenantPlan({}, { id: 'a1', to: 'draining' }).targets[0],
          tenantPlan(
            {},
            {
              id: 'a2',
              from: 'suspended',
              blocked: true,
              checks: [{ name: 'transition is allowed', ok: false, message: 'suspended cannot drain', measured: 'x' }],
            }
          ).targets[0],
        ],
      })
    );
    api.bulkTenantStatus.mockResolvedValue({
      results: [
        { id: 'a1', ok: true, status: 'draining' },
        { id: 'a2', ok: false, error: { code: 'illegal_transition', message: 'suspended cannot drain' } },
      ],
    });
    act(() => scene.open({ ids: ['a1', 'a2'], to: 'draining', bulk: true }));
    expect(api.planTenantChange).toHaveBeenCalledWith({ kind: 'bulkStatus', ids: ['a1', 'a2'], to: 'draining' });
    const rows = await screen.findAllByTestId(testIds.tenantPlan.target);
    expect(rows.map((r) => r.getAttribute('data-outcome'))).toEqual(['changes', 'refused']);
    expect(screen.getByTestId(testIds.reasonModal.submit)).toHaveTextContent('Change 1 tenants');
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'rebalance{Enter}');
    const result = await screen.findByTestId(testIds.tenants.bulkResult);
    expect(result).toHaveTextContent('Changed 1 of 2 tenants');
    expect(result).toHaveTextContent('a2: suspended cannot drain');
  });

  it('a failed plan offers a retry', async () => {
    const { api, scene } = setup();
    api.planTenantChange.mockRejectedValueOnce(
      new ApiRequestError({ status: 503, code: 'unavailable', message: 'sidecar down', requestId: 'r-1' })
    );
    act(() => scene.open({ ids: ['acme'], to: 'suspended', bulk: false }));
    expect(await screen.findByText('Could not plan the change')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /retry/i }));
    await waitFor(() => expect(screen.getByTestId(testIds.tenantPlan.view)).toBeInTheDocument());
  });
});
