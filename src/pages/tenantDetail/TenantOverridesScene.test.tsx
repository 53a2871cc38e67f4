import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import type { DefinitionsApi } from '../../api/definitionsApi';
import { ApiRequestError } from '../../api/ApiRequestError';
import {
  Actions,
  type BundleEnvironmentState,
  type BundleRecord,
  type TenantDefinitionOverrides,
} from '../../contract';
import { testIds } from '../../shared/testIds';
import { fakeApi } from '../../test/fakeApi';
import { tenant } from '../../test/fixtures';
import { setPermissions, VIEWER } from '../../test/permissions';
import { overridesFromDraft, TenantOverridesScene, type BundleRow } from './TenantOverridesScene';

const AT = '2026-01-01T00:00:00.000Z';
const deployed = (name: string, version: string) => ({
  name,
  version,
  hash: 'a'.repeat(64),
  promotedAt: AT,
  promotedBy: 'alice',
  healthy: true,
});
const envState = (environment: 'dev' | 'prod', name: string, version: string | null): BundleEnvironmentState => ({
  environment,
  bundleName: name,
  current: version ? deployed(name, version) : null,
  lastKnownGood: null,
  history: [],
});
function record(name: string, version: string, allowed: boolean): BundleRecord {
  return {
    name,
    version,
    hash: 'b'.repeat(64),
    bundle: {
      manifest: { name, version },
      aggregates: [{ name: 'Order', commands: ['PlaceOrder'], events: ['OrderPlaced'] }],
      projections: [],
      sagas: [],
      effectProviders: [
        { name: 'receipt', type: 'email', timeoutMs: 5000 },
        { name: 'notify', type: 'webhook', timeoutMs: 2000 },
      ],
      tenantOverridesAllowed: allowed,
    },
    validation: { valid: true, errors: [] },
    uploadedBy: 'alice',
    uploadedAt: AT,
  };
}

function setup(overrides: TenantDefinitionOverrides['items'] = []) {
  const tenants = fakeApi();
  tenants.getTenant.mockResolvedValue(tenant({ id: 'acme', environment: 'prod' }));
  const definitions = {
    environments: jest.fn().mockResolvedValue({
      items: [
        envState('prod', 'orders', '1.2.0'),
        envState('prod', 'billing', '3.0.0'),
        envState('prod', 'unreleased', null),
        envState('dev', 'orders', '1.3.0'),
      ],
    }),
    tenantOverrides: jest.fn().mockResolvedValue({ tenantId: 'acme', items: overrides }),
    getBundle: jest
      .fn()
      .mockImplementation(async (name: string, version: string) => record(name, version, name === 'orders')),
    setTenantOverride: jest.fn().mockResolvedValue({ tenantId: 'acme', items: [] }),
  } as unknown as jest.Mocked<DefinitionsApi>;
  const scene = new TenantOverridesScene({ tenantId: 'acme' }, { definitions, tenants });
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return { scene, definitions };
}

const bundleSection = (name: string) =>
  screen.findAllByTestId(testIds.tenantOverrides.bundle).then((all) => all.find((b) => b.dataset.bundle === name)!);

describe('TenantOverridesScene', () => {
  beforeEach(() => setPermissions([...VIEWER, Actions.definitionsRead, Actions.definitionsWrite]));

  it("lists the bundles running in the tenant's environment with each provider's timeout, the bundle's and the tenant's", async () => {
    const { definitions } = setup([
      {
        bundleName: 'orders',
        effectProviders: [{ name: 'notify', type: 'webhook', timeoutMs: 9000 }],
        updatedAt: AT,
        updatedBy: 'bob',
      },
    ]);
    const orders = await bundleSection('orders');
    expect(orders).toHaveAttribute('data-allowed', 'true');
    expect(orders).toHaveTextContent('orders 1.2.0');
    expect(orders).toHaveTextContent('overridden by bob');
    const rows = within(orders).getAllByTestId(testIds.tenantOverrides.provider);
    expect(rows.map((r) => r.textContent)).toEqual(["receiptemail5000 msthe bundle's", 'notifywebhook2000 ms9000 ms']);
    const billing = await bundleSection('billing');
    expect(billing).toHaveAttribute('data-allowed', 'false');
    expect(billing).toHaveTextContent("the bundle's policy allows no tenant overrides");
    expect(within(billing).queryByTestId(testIds.tenantOverrides.edit)).not.toBeInTheDocument();
    // Only what runs in prod, at the version running there.
    expect(definitions.getBundle.mock.calls).toEqual([
      ['orders', '1.2.0'],
      ['billing', '3.0.0'],
    ]);
  });

  it('a wrong timeout names the provider and the bounds, and nothing is sent', async () => {
    const { definitions } = setup();
    const orders = await bundleSection('orders');
    await userEvent.click(within(orders).getByTestId(testIds.tenantOverrides.edit));
    await userEvent.type(screen.getByTestId(`${testIds.tenantOverrides.timeoutPrefix}receipt`), '50');
    await userEvent.type(screen.getByTestId(`${testIds.tenantOverrides.timeoutPrefix}notify`), '2.5');
    await userEvent.click(screen.getByTestId(testIds.tenantOverrides.save));
    expect(await screen.findByText('Timeout of receipt must be between 100 and 300000 ms')).toBeInTheDocument();
    expect(screen.getByText('Timeout of notify must be a whole number of milliseconds')).toBeInTheDocument();
    expect(definitions.setTenantOverride).not.toHaveBeenCalled();
  });

  it('saves the overrides with a reason and reads them back', async () => {
    const { definitions } = setup();
    const orders = await bundleSection('orders');
    await userEvent.click(within(orders).getByTestId(testIds.tenantOverrides.edit));
    await userEvent.type(screen.getByTestId(`${testIds.tenantOverrides.timeoutPrefix}receipt`), '12000');
    await userEvent.click(screen.getByTestId(testIds.tenantOverrides.save));
    await userEvent.type(await screen.findByTestId(testIds.reasonModal.input), 'slow mail relay{Enter}');
    await waitFor(() =>
      expect(definitions.setTenantOverride).toHaveBeenCalledWith(
        'acme',
        {
          bundleName: 'orders',
          effectProviders: [{ name: 'receipt', type: 'email', timeoutMs: 12000 }],
          reason: 'slow mail relay',
        },
        expect.any(String)
      )
    );
    await waitFor(() => expect(definitions.tenantOverrides).toHaveBeenCalledTimes(2));
    expect(screen.queryByTestId(testIds.tenantOverrides.form)).not.toBeInTheDocument();
  });

  it("a refusal stays in the dialog with the server's message", async () => {
    const { definitions } = setup();
    definitions.setTenantOverride.mockRejectedValue(
      new ApiRequestError({
        status: 403,
        code: 'forbidden',
        message: 'Bundle orders does not allow tenant overrides',
        field: 'bundleName',
      })
    );
    const orders = await bundleSection('orders');
    await userEvent.click(within(orders).getByTestId(testIds.tenantOverrides.edit));
    await userEvent.click(screen.getByTestId(testIds.tenantOverrides.save));
    await userEvent.type(await screen.findByTestId(testIds.reasonModal.input), 'reset to the bundle{Enter}');
    expect(await screen.findByText(/does not allow tenant overrides/)).toBeInTheDocument();
    expect(definitions.setTenantOverride.mock.calls[0]![1]).toEqual({
      bundleName: 'orders',
      effectProviders: [],
      reason: 'reset to the bundle',
    });
  });

  it('without definitions:write the edit button is disabled', async () => {
    setPermissions([...VIEWER, Actions.definitionsRead]);
    setup();
    const orders = await bundleSection('orders');
    expect(within(orders).getByTestId(testIds.tenantOverrides.edit)).toBeDisabled();
  });
});

describe('overridesFromDraft', () => {
  const row: BundleRow = {
    bundleName: 'orders',
    version: '1.0.0',
    allowed: true,
    providers: [
      { name: 'receipt', type: 'email', timeoutMs: 5000, overrideMs: null },
      { name: 'notify', type: 'webhook', timeoutMs: 2000, overrideMs: 9000 },
    ],
    updatedAt: null,
    updatedBy: null,
  };
  it('keeps only the timeouts given, as numbers; empty is the bundle’s', () => {
    expect(overridesFromDraft(row, { receipt: ' 100 ', notify: '' })).toEqual({
      effectProviders: [{ name: 'receipt', type: 'email', timeoutMs: 100 }],
    });
    expect(overridesFromDraft(row, {})).toEqual({ effectProviders: [] });
  });
  it('refuses what the contract refuses, naming the provider', () => {
    expect(overridesFromDraft(row, { receipt: '300001', notify: '-5' })).toEqual({
      errors: {
        receipt: 'Timeout of receipt must be between 100 and 300000 ms',
        notify: 'Timeout of notify must be a whole number of milliseconds',
      },
    });
    expect(overridesFromDraft(row, { receipt: '1e4' })).toEqual({
      errors: { receipt: 'Timeout of receipt must be a whole number of milliseconds' },
    });
  });
});
