import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { ApiRequestError } from '../api/ApiRequestError';
import { testIds } from './testIds';
import { tenant } from '../test/fixtures';
import { fakeApi } from '../test/fakeApi';
import { EventTenantsChanged } from './events';
import { StatusChangeScene } from './StatusChangeScene';

function setup() {
  const api = fakeApi();
  const scene = new StatusChangeScene({}, api);
  const changed = jest.fn();
  scene.subscribeToEvent(EventTenantsChanged, (e) => changed(e.payload.ids));
  render(<scene.Component model={scene} />);
  return { api, scene, changed };
}

describe('StatusChangeScene', () => {
  it('posts a single change with the reason, closes and announces it', async () => {
    const { api, scene, changed } = setup();
    api.changeTenantStatus.mockResolvedValue(tenant({ status: 'suspended' }));
    act(() => scene.open({ ids: ['acme'], to: 'suspended', bulk: false }));
    await userEvent.type(await screen.findByTestId(testIds.reasonModal.input), 'abuse report{Enter}');
    expect(api.changeTenantStatus).toHaveBeenCalledWith('acme', 'suspended', 'abuse report');
    expect(changed).toHaveBeenCalledWith(['acme']);
    expect(scene.state.request).toBeUndefined();
  });

  it('keeps the modal open with the refusal, the allowed states and the request id', async () => {
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
    await userEvent.type(await screen.findByTestId(testIds.reasonModal.input), 'bring it back{Enter}');
    const error = await screen.findByTestId(testIds.reasonModal.error);
    expect(error).toHaveTextContent('Cannot move an archived tenant');
    expect(error).toHaveTextContent('Allowed next states: none');
    expect(error).toHaveTextContent('req-409');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(changed).not.toHaveBeenCalled();
  });

  it('reports per-tenant results of a bulk change', async () => {
    const { api, scene } = setup();
    api.bulkTenantStatus.mockResolvedValue({
      results: [
        { id: 'a1', ok: true, status: 'draining' },
        { id: 'a2', ok: false, error: { code: 'illegal_transition', message: 'suspended cannot drain' } },
      ],
    });
    act(() => scene.open({ ids: ['a1', 'a2'], to: 'draining', bulk: true }));
    await userEvent.type(await screen.findByTestId(testIds.reasonModal.input), 'rebalance{Enter}');
    const result = await screen.findByTestId(testIds.tenants.bulkResult);
    expect(result).toHaveTextContent('Changed 1 of 2 tenants');
    expect(result).toHaveTextContent('a2: suspended cannot drain');
  });
});
