import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { ApiRequestError } from '../../api/ApiRequestError';
import type { EntitlementsApi } from '../../api/entitlementsApi';
import type { EntitlementRule } from '../../contract';
import { EntitlementRulesPage, entitlementTestIds as ids } from './EntitlementRulesPage';

const RULE_ID = '11111111-2222-4333-8444-555555555555';

function rule(overrides: Partial<EntitlementRule> = {}): EntitlementRule {
  return {
    id: RULE_ID,
    subject: { type: 'team', team: 'payments' },
    scope: { type: 'environments', environments: ['prod'] },
    description: 'Payments on-call',
    version: 3,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    updatedBy: 'admin',
    ...overrides,
  };
}

function fakeEntitlementsApi(): jest.Mocked<EntitlementsApi> {
  return {
    listRules: jest.fn().mockResolvedValue({ items: [rule()], enforced: true }),
    createRule: jest.fn(),
    updateRule: jest.fn(),
    deleteRule: jest.fn(),
    previewScope: jest.fn().mockResolvedValue({ tenants: 0, sample: [] }),
    listTeams: jest.fn().mockResolvedValue({ items: [{ name: 'payments', memberCount: 4 }] }),
    getMine: jest.fn(),
  };
}

const renderPage = (api: EntitlementsApi) => render(<EntitlementRulesPage api={api} previewDelayMs={0} />);

describe('EntitlementRulesPage', () => {
  it('lists the rules with who sees what', async () => {
    const api = fakeEntitlementsApi();
    renderPage(api);
    expect(screen.getByText('Loading entitlement rules…')).toBeInTheDocument();
    const row = await screen.findByTestId(ids.row);
    expect(within(row).getByText('Team payments')).toBeInTheDocument();
    expect(within(row).getByText('Environments: prod')).toBeInTheDocument();
    expect(screen.queryByTestId(ids.notEnforced)).not.toBeInTheDocument();
  });

  it('shows the empty state and says when entitlements are not enforced', async () => {
    const api = fakeEntitlementsApi();
    api.listRules.mockResolvedValue({ items: [], enforced: false });
    renderPage(api);
    expect(await screen.findByTestId(ids.empty)).toBeInTheDocument();
    expect(screen.getByTestId(ids.notEnforced)).toBeInTheDocument();
  });

  it('shows a load failure with a retry', async () => {
    const api = fakeEntitlementsApi();
    api.listRules.mockRejectedValueOnce(
      new ApiRequestError({ status: 503, code: 'unavailable', message: 'The sidecar is down', requestId: 'r-1' })
    );
    renderPage(api);
    expect(await screen.findByText('The sidecar is down')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /retry/i }));
    expect(await screen.findByTestId(ids.row)).toBeInTheDocument();
    expect(api.listRules).toHaveBeenCalledTimes(2);
  });

  it('names the field a rule is missing and sends nothing', async () => {
    const api = fakeEntitlementsApi();
    renderPage(api);
    await userEvent.click(await screen.findByTestId(ids.add));
    await userEvent.click(screen.getByTestId(ids.save));
    expect(screen.getByText('Name the Grafana team')).toBeInTheDocument();
    expect(screen.getByText('Pick at least one environment')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Label selector' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Label selector' }), 'payments');
    await userEvent.type(screen.getByRole('textbox', { name: 'Grafana team' }), 'payments');
    await userEvent.click(screen.getByTestId(ids.save));
    expect(screen.getByText(/Write labels as key=value pairs/)).toBeInTheDocument();
    expect(api.createRule).not.toHaveBeenCalled();
  });

  it('previews how many tenants the scope grants as it changes, then adds the rule with an Idempotency-Key', async () => {
    const api = fakeEntitlementsApi();
    api.previewScope.mockImplementation(async (scope) =>
      scope.type === 'environments' && scope.environments.length === 2
        ? { tenants: 12, sample: ['acme', 'globex'] }
        : { tenants: 5, sample: ['acme'] }
    );
    api.createRule.mockResolvedValue(rule({ id: '21111111-2222-4333-8444-555555555555' }));
    renderPage(api);
    await userEvent.click(await screen.findByTestId(ids.add));
    await userEvent.type(screen.getByRole('textbox', { name: 'Grafana team' }), 'payments');
    await userEvent.click(screen.getByRole('checkbox', { name: 'prod' }));
    await waitFor(() => expect(screen.getByTestId(ids.preview)).toHaveTextContent('This rule grants 5 tenants'));
    await userEvent.click(screen.getByRole('checkbox', { name: 'staging' }));
    await waitFor(() => expect(screen.getByTestId(ids.preview)).toHaveTextContent('This rule grants 12 tenants'));
    expect(api.previewScope).toHaveBeenLastCalledWith({ type: 'environments', environments: ['prod', 'staging'] });
    await userEvent.click(screen.getByTestId(ids.save));
    await waitFor(() => expect(api.createRule).toHaveBeenCalledTimes(1));
    const [body, key] = api.createRule.mock.calls[0];
    expect(body).toEqual({
      subject: { type: 'team', team: 'payments' },
      scope: { type: 'environments', environments: ['prod', 'staging'] },
      description: '',
    });
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => expect(screen.queryByTestId(ids.form)).not.toBeInTheDocument());
    expect(api.listRules).toHaveBeenCalledTimes(2);
  });

  it('edits a rule against its version and shows a conflict the sidecar reports', async () => {
    const api = fakeEntitlementsApi();
    api.updateRule.mockRejectedValueOnce(
      new ApiRequestError({ status: 412, code: 'version_conflict', message: 'Someone changed this rule; reload it' })
    );
    renderPage(api);
    await userEvent.click(await screen.findByTestId(ids.edit));
    const description = screen.getByRole('textbox', { name: 'Description' });
    expect(description).toHaveValue('Payments on-call');
    await userEvent.clear(description);
    await userEvent.type(description, 'Payments team');
    await userEvent.click(screen.getByTestId(ids.save));
    expect(await screen.findByText('Someone changed this rule; reload it')).toBeInTheDocument();
    expect(api.updateRule).toHaveBeenCalledWith(RULE_ID, 3, {
      subject: { type: 'team', team: 'payments' },
      scope: { type: 'environments', environments: ['prod'] },
      description: 'Payments team',
    });
  });

  it('removes a rule after confirmation, sending its version', async () => {
    const api = fakeEntitlementsApi();
    api.deleteRule.mockResolvedValue(rule());
    renderPage(api);
    await userEvent.click(await screen.findByTestId(ids.remove));
    expect(api.deleteRule).not.toHaveBeenCalled();
    api.listRules.mockResolvedValue({ items: [], enforced: true });
    await userEvent.click(screen.getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(api.deleteRule).toHaveBeenCalledWith(RULE_ID, 3));
    expect(await screen.findByTestId(ids.empty)).toBeInTheDocument();
  });
});
