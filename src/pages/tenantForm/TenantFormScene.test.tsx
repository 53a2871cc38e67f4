import { locationService } from '@grafana/runtime';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { ApiRequestError } from '../../api/ApiRequestError';
import { testIds } from '../../shared/testIds';
import { tenant, tenantPlan } from '../../test/fixtures';
import { fakeApi } from '../../test/fakeApi';
import { OPERATOR, setPermissions } from '../../test/permissions';
import { TenantFormScene } from './TenantFormScene';

const field = (path: string) => screen.getByTestId(`${testIds.tenantForm.fieldPrefix}${path}`);
/** A message under its field (the summary repeats it in a list item). */
const INLINE = { selector: 'div[role="alert"]' };

function mount(tenantId?: string) {
  const api = fakeApi();
  api.getTenant.mockResolvedValue(tenant());
  api.planTenantChange.mockResolvedValue(tenantPlan({ kind: tenantId ? 'edit' : 'create' }));
  const scene = new TenantFormScene(tenantId ? { tenantId } : {}, api);
  const deactivate = scene.activate();
  render(<scene.Component model={scene} />);
  return { api, scene, deactivate };
}

beforeEach(() => setPermissions(OPERATOR));

describe('TenantFormScene: create', () => {
  it('shows each invalid field inline with the contract message and plans nothing', async () => {
    const { api } = mount();
    await userEvent.type(field('id'), 'Bad Id');
    await userEvent.click(screen.getByTestId(testIds.tenantForm.preview));
    expect(
      await screen.findByText(
        'Tenant id: Use 2–63 lowercase letters, digits or dashes, starting with a letter or digit',
        { selector: 'div[role="alert"] *' }
      )
    ).toBeInTheDocument();
    expect(screen.getByTestId(testIds.tenantForm.errorSummary)).toHaveTextContent(
      'Display name: Give the tenant a display name'
    );
    expect(screen.getByTestId(testIds.tenantForm.errorSummary)).toHaveTextContent('Organization id');
    expect(api.planTenantChange).not.toHaveBeenCalled();
    expect(screen.getByTestId(testIds.tenantForm.save)).toBeDisabled();
    // Fixing a field drops its message.
    await userEvent.clear(field('id'));
    await userEvent.type(field('id'), 'acme-new');
    expect(screen.getByTestId(testIds.tenantForm.errorSummary)).not.toHaveTextContent('Tenant id');
  });

  it('checks a field when the user leaves it, then as they type, with the message under the field', async () => {
    const { api } = mount();
    const save = screen.getByTestId(testIds.tenantForm.save);
    expect(save).toBeDisabled();
    expect(save).toHaveAccessibleDescription('Preview the tenant first');
    await userEvent.type(field('id'), 'Bad_ID');
    // Nothing is said while the field is first being typed in.
    expect(screen.queryByText(/^Tenant id: /, INLINE)).not.toBeInTheDocument();
    await userEvent.type(field('organizationId'), 'xyz');
    expect(await screen.findByText(/^Tenant id: Use 2–63 lowercase/, INLINE)).toBeInTheDocument();
    await userEvent.clear(field('quotas.requestsPerSecond'));
    await userEvent.type(field('quotas.requestsPerSecond'), '-5');
    await userEvent.tab();
    expect(screen.getByText(/^Organization id must be a UUID, e.g. /, INLINE)).toBeInTheDocument();
    expect(screen.getByText('Requests per second must be 0 or more', INLINE)).toBeInTheDocument();
    expect(field('quotas.requestsPerSecond')).toBeInvalid();
    expect(save).toHaveAccessibleDescription('Fix 3 invalid fields, then preview');
    // After the first blur, each change re-checks the field: the message goes as soon as it is valid.
    await userEvent.clear(field('quotas.requestsPerSecond'));
    expect(screen.getByText('Requests per second must be a whole number', INLINE)).toBeInTheDocument();
    await userEvent.type(field('quotas.requestsPerSecond'), '5');
    expect(screen.queryByText(/^Requests per second must/, INLINE)).not.toBeInTheDocument();
    expect(save).toHaveAccessibleDescription('Fix 2 invalid fields, then preview');
    expect(api.planTenantChange).not.toHaveBeenCalled();
  });

  it('Preview with invalid fields moves focus to the error summary', async () => {
    mount();
    await userEvent.type(field('id'), 'Bad_ID');
    await userEvent.click(screen.getByTestId(testIds.tenantForm.preview));
    const summary = await screen.findByTestId(testIds.tenantForm.errorSummary);
    await waitFor(() => expect(summary).toHaveFocus());
    expect(summary).toHaveTextContent(/Organization id must be a UUID/);
    expect(summary).not.toHaveTextContent('organizationId');
  });

  it('previews the plan, then creates with the planned key and opens the new tenant', async () => {
    const { api, scene } = mount();
    api.createTenant.mockResolvedValue(tenant({ id: 'acme-new' }));
    await userEvent.type(field('id'), 'acme-new');
    await userEvent.type(field('displayName'), 'Acme New');
    await userEvent.type(field('organizationId'), '0b6c2c1e-5d6f-4a7b-8c9d-0e1f2a3b4c5d');
    await userEvent.type(field('applicationId'), '1c7d3d2f-6e70-4b8c-9dae-1f203b4c5d6e');
    await userEvent.click(screen.getByTestId(testIds.tenantForm.addContact));
    await userEvent.type(field('contacts.0.name'), 'Ada');
    await userEvent.type(field('contacts.0.email'), 'ada@example.com');
    await userEvent.click(screen.getByTestId(testIds.tenantForm.preview));
    expect(await screen.findByTestId(testIds.tenantPlan.view)).toBeInTheDocument();
    expect(api.planTenantChange).toHaveBeenCalledWith({
      kind: 'create',
      tenant: expect.objectContaining({
        id: 'acme-new',
        contacts: [{ name: 'Ada', email: 'ada@example.com', role: 'technical' }],
      }),
    });
    const key = scene.idempotencyKey;
    expect(key).toBeDefined();
    await userEvent.click(screen.getByTestId(testIds.tenantForm.save));
    await waitFor(() =>
      expect(api.createTenant).toHaveBeenCalledWith(expect.objectContaining({ id: 'acme-new' }), key)
    );
    await waitFor(() =>
      expect(locationService.getLocation().pathname).toBe('/a/switchyard-controlplane-app/tenants/acme-new')
    );
  });

  it('editing the draft after a preview drops the plan: it must be planned again', async () => {
    const { scene } = mount();
    act(() =>
      scene.update((d) => ({
        ...d,
        id: 'acme-new',
        displayName: 'Acme',
        organizationId: '0b6c2c1e-5d6f-4a7b-8c9d-0e1f2a3b4c5d',
        applicationId: '1c7d3d2f-6e70-4b8c-9dae-1f203b4c5d6e',
      }))
    );
    await act(() => scene.preview());
    expect(screen.getByTestId(testIds.tenantForm.save)).toBeEnabled();
    await userEvent.type(field('displayName'), ' Corp');
    expect(scene.state.plan).toBeUndefined();
    expect(screen.getByTestId(testIds.tenantForm.save)).toBeDisabled();
  });

  it('a taken id refused on save is shown on the id field', async () => {
    const { api, scene } = mount();
    api.createTenant.mockRejectedValue(
      new ApiRequestError({
        status: 409,
        code: 'conflict',
        message: 'Tenant acme already exists',
        field: 'id',
        requestId: 'r',
      })
    );
    act(() =>
      scene.update((d) => ({
        ...d,
        id: 'acme',
        displayName: 'Acme',
        organizationId: '0b6c2c1e-5d6f-4a7b-8c9d-0e1f2a3b4c5d',
        applicationId: '1c7d3d2f-6e70-4b8c-9dae-1f203b4c5d6e',
      }))
    );
    await act(() => scene.preview());
    await act(() => scene.save());
    expect(scene.state.errors.id).toBe('Tenant acme already exists');
  });
});

describe('TenantFormScene: edit', () => {
  it('loads the tenant, keeps creation-time fields read-only, and saves only what changed with If-Match', async () => {
    const { api, scene } = mount('acme');
    await waitFor(() => expect(screen.getByTestId(testIds.tenantForm.form)).toHaveAttribute('data-mode', 'edit'));
    expect(field('id')).toBeDisabled();
    expect(field('organizationId')).toBeDisabled();
    await userEvent.clear(field('quotas.storageGb'));
    await userEvent.type(field('quotas.storageGb'), '40');
    await userEvent.click(screen.getByTestId(testIds.tenantForm.preview));
    await screen.findByTestId(testIds.tenantPlan.view);
    expect(api.planTenantChange).toHaveBeenCalledWith({
      kind: 'edit',
      id: 'acme',
      version: 3,
      patch: { quotas: { requestsPerSecond: 100, storageGb: 40, maxConnections: 50 } },
    });
    api.updateTenant.mockResolvedValue(tenant({ version: 4 }));
    await act(() => scene.save());
    expect(api.updateTenant).toHaveBeenCalledWith(
      'acme',
      3,
      { quotas: { requestsPerSecond: 100, storageGb: 40, maxConnections: 50 } },
      expect.any(String)
    );
  });

  it('a 412 opens the conflict view (theirs vs yours); reapply plans your change on their version', async () => {
    const { api, scene } = mount('acme');
    await screen.findByTestId(testIds.tenantForm.form);
    const theirs = tenant({ version: 4, plan: 'enterprise', updatedAt: '2026-02-04T00:00:00.000Z' });
    api.updateTenant.mockRejectedValue(
      new ApiRequestError({
        status: 412,
        code: 'precondition_failed',
        message: 'Tenant acme has changed (now version 4); reload and retry',
        field: 'If-Match',
        requestId: 'r-412',
        details: { currentVersion: 4, current: theirs },
      })
    );
    await userEvent.clear(field('displayName'));
    await userEvent.type(field('displayName'), 'Mine');
    await act(() => scene.preview());
    await act(() => scene.save());
    const view = await screen.findByTestId(testIds.tenantForm.conflict);
    expect(view).toHaveTextContent('changed while you were editing');
    const rows = screen.getAllByTestId(testIds.tenantForm.conflictRow);
    expect(rows.map((r) => r.getAttribute('data-field'))).toEqual(['displayName', 'plan']);
    expect(rows[0]).toHaveTextContent('Mine');
    expect(rows[1]).toHaveTextContent('enterprise');

    await userEvent.click(screen.getByTestId(testIds.tenantForm.reapply));
    await screen.findByTestId(testIds.tenantPlan.view);
    expect(api.planTenantChange).toHaveBeenLastCalledWith({
      kind: 'edit',
      id: 'acme',
      version: 4,
      patch: { displayName: 'Mine' },
    });
    expect(scene.state.draft.plan).toBe('enterprise');
  });

  it('says when the tenant does not exist', async () => {
    const api = fakeApi();
    api.getTenant.mockRejectedValue(
      new ApiRequestError({ status: 404, code: 'not_found', message: 'nope', requestId: 'r' })
    );
    const scene = new TenantFormScene({ tenantId: 'ghost' }, api);
    scene.activate();
    render(<scene.Component model={scene} />);
    expect(await screen.findByText('Tenant ghost was not found')).toBeInTheDocument();
  });
});
