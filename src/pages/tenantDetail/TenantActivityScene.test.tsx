import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { act, render, screen, waitFor } from '@testing-library/react';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { testIds } from '../../shared/testIds';
import { auditEntry } from '../../test/fixtures';
import { fakeApi } from '../../test/fakeApi';
import { AUDITOR, setPermissions, VIEWER } from '../../test/permissions';
import { ACTIVITY_CURSOR_KEY, ACTIVITY_ENTRY_KEY, TenantActivityScene } from './TenantActivityScene';

const URL = '/a/switchyard-controlplane-app/tenants/acme/activity';

function mount(url: string) {
  const api = fakeApi();
  api.tenantActivity.mockResolvedValue({
    items: [
      auditEntry({ seq: 2, action: 'tenant.status', details: { from: 'active', to: 'suspended' } }),
      auditEntry({ seq: 1, action: 'job.start', targetType: 'job', targetId: 'job-9', jobId: 'job-9' }),
    ],
    nextCursor: 'older-1',
    prevCursor: null,
  });
  const scene = new TenantActivityScene({ tenantId: 'acme' }, api);
  locationService.push(url);
  new UrlSyncManager().initSync(new EmbeddedScene({ body: scene }));
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return { api, scene };
}

beforeEach(() => setPermissions([...VIEWER, ...AUDITOR]));

describe('TenantActivityScene', () => {
  it("lists the tenant's audit entries (its jobs included) with the from → to of a status change", async () => {
    const { api } = mount(URL);
    expect(await screen.findAllByTestId(testIds.tenant.activityRow)).toHaveLength(2);
    expect(api.tenantActivity).toHaveBeenCalledWith('acme', expect.objectContaining({ cursor: undefined }));
    expect(screen.getAllByText('maintenance window')).toHaveLength(2);
    expect(screen.getByText('active → suspended')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.tenant.activityAuditLink)).toHaveAttribute(
      'href',
      '/a/switchyard-controlplane-app/audit?tenant=acme'
    );
  });

  it('offers no way into the Audit page to a reader without audit:read (a Viewer)', async () => {
    setPermissions(VIEWER);
    mount(URL);
    const rows = await screen.findAllByTestId(testIds.tenant.activityRow);
    expect(screen.queryByTestId(testIds.tenant.activityAuditLink)).not.toBeInTheDocument();
    act(() => rows[1].click());
    await screen.findByTestId(testIds.audit.drawer);
    expect(screen.getByTestId(testIds.audit.drawerJobLink)).toBeInTheDocument();
    expect(screen.queryByText('All entries of this job')).not.toBeInTheDocument();
    expect(screen.queryByText('All entries of this request')).not.toBeInTheDocument();
    expect(screen.queryByText('All by this actor')).not.toBeInTheDocument();
  });

  it('opens an entry in the shared drawer, with the entry in the URL', async () => {
    const { scene } = mount(URL);
    const rows = await screen.findAllByTestId(testIds.tenant.activityRow);
    act(() => rows[1].click());
    const drawer = await screen.findByTestId(testIds.audit.drawer);
    expect(drawer).toHaveAttribute('data-seq', '1');
    expect(screen.getByTestId(testIds.audit.drawerJobLink)).toHaveAttribute(
      'href',
      '/a/switchyard-controlplane-app/operations/jobs/job-9'
    );
    expect(new URLSearchParams(locationService.getLocation().search).get(ACTIVITY_ENTRY_KEY)).toBe('1');
    act(() => scene.closeEntry());
    expect(screen.queryByTestId(testIds.audit.drawer)).not.toBeInTheDocument();
    expect(new URLSearchParams(locationService.getLocation().search).get(ACTIVITY_ENTRY_KEY)).toBeNull();
  });

  it('opens the entry named in a shared URL', async () => {
    mount(`${URL}?${ACTIVITY_ENTRY_KEY}=2`);
    expect(await screen.findByTestId(testIds.audit.drawer)).toHaveAttribute('data-seq', '2');
    expect(screen.getByTestId(testIds.audit.drawerChange)).toHaveAttribute('data-field', 'status');
  });

  it('keeps the page cursor in the URL', async () => {
    const { api, scene } = mount(`${URL}?${ACTIVITY_CURSOR_KEY}=c5`);
    await waitFor(() =>
      expect(api.tenantActivity).toHaveBeenCalledWith('acme', expect.objectContaining({ cursor: 'c5' }))
    );
    await screen.findAllByTestId(testIds.tenant.activityRow);
    act(() => scene.nextPage());
    expect(new URLSearchParams(locationService.getLocation().search).get(ACTIVITY_CURSOR_KEY)).toBe('older-1');
    await waitFor(() =>
      expect(api.tenantActivity).toHaveBeenLastCalledWith('acme', expect.objectContaining({ cursor: 'older-1' }))
    );
  });
});
