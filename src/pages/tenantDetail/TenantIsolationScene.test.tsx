import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { ApiRequestError } from '../../api/ApiRequestError';
import { testIds } from '../../shared/testIds';
import { Actions, type IsolationCheck } from '../../contract';
import { fakeIsolationApi, passingChecks, tenantIsolation } from '../../test/isolationFixtures';
import { setPermissions } from '../../test/permissions';
import { TenantIsolationScene } from './TenantIsolationScene';

const EXPECTED = 'appdb_98787790b0b24be49e709777c1b9fd70_e087a89d';
function withNamingWarning(): IsolationCheck[] {
  return passingChecks().map((c) =>
    c.check === 'naming_contract'
      ? {
          ...c,
          result: 'warning',
          expected: EXPECTED,
          observed: 'appdb_acme_001',
          evidence: `Naming contract mismatch: expected app database "${EXPECTED}", actual "appdb_acme_001".`,
          remediation: 'Rename it.',
        }
      : c.check === 'privilege_probe'
        ? {
            ...c,
            result: 'violation',
            observed: 'readable: platform.tenants',
            evidence: 'forbidden tables readable',
            remediation: 'Revoke the grants.',
          }
        : c
  );
}

function renderTab(api = fakeIsolationApi()) {
  const scene = new TenantIsolationScene({ tenantId: 'acme' }, api);
  render(<scene.Component model={scene} />);
  return { api, scene };
}

describe('Tenant → Isolation tab', () => {
  beforeEach(() => setPermissions([Actions.isolationRead, Actions.isolationProbe]));

  it('lists every check, most severe first, with expected, observed, evidence and remediation', async () => {
    const api = fakeIsolationApi();
    api.getTenantIsolation.mockResolvedValue(tenantIsolation({ verdict: 'violation', checks: withNamingWarning() }));
    renderTab(api);
    const rows = await screen.findAllByTestId(testIds.isolation.check, {}, { timeout: 5000 });
    expect(rows).toHaveLength(15);
    expect(rows.slice(0, 2).map((r) => [r.getAttribute('data-check'), r.getAttribute('data-result')])).toEqual([
      ['privilege_probe', 'violation'],
      ['naming_contract', 'warning'],
    ]);
    expect(within(rows[0]).getByText('readable: platform.tenants')).toBeInTheDocument();
    expect(within(rows[0]).getByText('Revoke the grants.')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.isolation.tab)).toHaveAttribute('data-verdict', 'violation');
    expect(api.getTenantIsolation).toHaveBeenCalledWith('acme');
  });

  it('spells out the naming-contract warning: expected vs actual name', async () => {
    const api = fakeIsolationApi();
    api.getTenantIsolation.mockResolvedValue(tenantIsolation({ verdict: 'warning', checks: withNamingWarning() }));
    renderTab(api);
    const warning = await screen.findByTestId(testIds.isolation.namingWarning, {}, { timeout: 5000 });
    expect(warning).toHaveTextContent(`Expected ${EXPECTED}, actual appdb_acme_001.`);
  });

  it('has no naming warning when the contract holds', async () => {
    const api = fakeIsolationApi();
    api.getTenantIsolation.mockResolvedValue(tenantIsolation());
    renderTab(api);
    await screen.findAllByTestId(testIds.isolation.check, {}, { timeout: 5000 });
    expect(screen.queryByTestId(testIds.isolation.namingWarning)).not.toBeInTheDocument();
  });

  it('shows the history of verdict changes, newest first', async () => {
    const api = fakeIsolationApi();
    api.getTenantIsolation.mockResolvedValue(
      tenantIsolation({
        history: [
          {
            verdict: 'violation',
            previousVerdict: 'isolated',
            changedAt: '2026-02-03T05:00:00.000Z',
            failing: ['privilege_probe'],
          },
          { verdict: 'isolated', previousVerdict: null, changedAt: '2026-02-01T05:00:00.000Z', failing: [] },
        ],
      })
    );
    renderTab(api);
    const rows = await screen.findAllByTestId(testIds.isolation.historyRow, {}, { timeout: 5000 });
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('Privilege probe')).toBeInTheDocument();
    expect(within(rows[1]).getByText('first probe')).toBeInTheDocument();
  });

  it('re-probes with a reason and shows the new result without reloading', async () => {
    const api = fakeIsolationApi();
    api.getTenantIsolation.mockResolvedValue(tenantIsolation());
    api.probeTenantIsolation.mockResolvedValue(
      tenantIsolation({ verdict: 'unknown', error: { code: 'timeout', message: 'no answer within 5000 ms' } })
    );
    renderTab(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Re-probe' }, { timeout: 5000 }));
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'verify after fix');
    await userEvent.click(screen.getByTestId(testIds.reasonModal.submit));
    await waitFor(() => expect(screen.getByTestId(testIds.isolation.tab)).toHaveAttribute('data-verdict', 'unknown'));
    expect(screen.getByText('no answer within 5000 ms')).toBeInTheDocument();
    expect(api.probeTenantIsolation).toHaveBeenCalledWith('acme', 'verify after fix', expect.any(String));
    expect(api.getTenantIsolation).toHaveBeenCalledTimes(1);
  });

  it('keeps the same Idempotency-Key when retrying a failed re-probe', async () => {
    const api = fakeIsolationApi();
    api.getTenantIsolation.mockResolvedValue(tenantIsolation());
    api.probeTenantIsolation.mockRejectedValueOnce(
      new ApiRequestError({ status: 0, code: 'network_error', message: 'Could not reach Grafana.' })
    );
    api.probeTenantIsolation.mockResolvedValueOnce(tenantIsolation());
    renderTab(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Re-probe' }, { timeout: 5000 }));
    await userEvent.type(screen.getByTestId(testIds.reasonModal.input), 'verify after fix');
    await userEvent.click(screen.getByTestId(testIds.reasonModal.submit));
    expect(await screen.findByText('Could not reach Grafana.')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId(testIds.reasonModal.submit));
    await waitFor(() => expect(api.probeTenantIsolation).toHaveBeenCalledTimes(2));
    expect(api.probeTenantIsolation.mock.calls[0][2]).toBe(api.probeTenantIsolation.mock.calls[1][2]);
  });

  it('disables re-probe with the reason for readers', async () => {
    setPermissions([Actions.isolationRead]);
    const api = fakeIsolationApi();
    api.getTenantIsolation.mockResolvedValue(tenantIsolation());
    renderTab(api);
    const button = await screen.findByRole('button', { name: 'Re-probe' }, { timeout: 5000 });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(/isolation:probe/);
  });
});
