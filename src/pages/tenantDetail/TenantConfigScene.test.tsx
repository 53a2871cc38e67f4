import { render, screen } from '@testing-library/react';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import type { ConfigApi } from '../../api/configApi';
import { testIds } from '../../shared/testIds';
import { TenantConfigScene } from './TenantConfigScene';

function mount(effective: jest.Mock) {
  const api = { effective } as unknown as ConfigApi;
  const scene = new TenantConfigScene({ tenantId: 'acme-001' }, api);
  const deactivate = scene.activate();
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return { scene, deactivate };
}

describe('TenantConfigScene', () => {
  it('shows every key with its effective value and source, linking each written source to its document', async () => {
    const effective = jest.fn().mockResolvedValue({
      tenantId: 'acme-001',
      environment: 'prod',
      plan: 'team',
      configs: [
        {
          kind: 'tenant.limits',
          value: { schemaVersion: 1, requestsPerSecond: 999, storageGb: 10 },
          entries: [
            { path: 'requestsPerSecond', value: 999, source: 'tenant', scope: 'tenant:acme-001', version: 2 },
            { path: 'storageGb', value: 10, source: 'default', scope: 'default', version: null },
          ],
        },
      ],
    });
    const { deactivate } = mount(effective);
    const rows = await screen.findAllByTestId(testIds.configDocs.effectiveRow);
    expect(effective).toHaveBeenCalledWith('acme-001');
    expect(rows.map((r) => [r.getAttribute('data-path'), r.getAttribute('data-source')])).toEqual([
      ['requestsPerSecond', 'tenant'],
      ['storageGb', 'default'],
    ]);
    expect(rows[0]).toHaveTextContent('999');
    expect(screen.getByRole('link', { name: 'tenant:acme-001 v2' })).toHaveAttribute(
      'href',
      expect.stringContaining('config?kind=tenant.limits&scope=tenant%3Aacme-001')
    );
    expect(rows[1]).toHaveTextContent('built-in default');
    deactivate();
  });

  it('shows the error with a retry', async () => {
    const { deactivate } = mount(jest.fn().mockRejectedValue(new Error('sidecar down')));
    expect(await screen.findByText('Could not load the effective config')).toBeInTheDocument();
    deactivate();
  });
});
