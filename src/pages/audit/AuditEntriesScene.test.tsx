import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import type { AuditApi } from '../../api/auditApi';
import { Actions, type AuditVerify } from '../../contract';
import { testIds } from '../../shared/testIds';
import { auditEntry } from '../../test/fixtures';
import { setPermissions } from '../../test/permissions';
import { AuditEntriesScene } from './AuditEntriesScene';

const PAGE = '/a/switchyard-controlplane-app/audit';
const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));

function fakeAuditApi(): jest.Mocked<AuditApi> {
  return {
    listAudit: jest.fn().mockResolvedValue({
      items: [
        auditEntry({ seq: 9, action: 'tenant.status', details: { from: 'active', to: 'suspended' } }),
        auditEntry({ seq: 8, action: 'job.start', targetType: 'job', targetId: 'job-1', jobId: 'job-1' }),
      ],
      nextCursor: 'n1',
      prevCursor: null,
    }),
    countAudit: jest.fn().mockResolvedValue({ count: 12_345, exportCap: 10_000 }),
    verifyAudit: jest.fn(),
    listSecurityEvents: jest.fn(),
  };
}

function mount(url: string, api = fakeAuditApi()) {
  const scene = new AuditEntriesScene({}, api);
  locationService.push(url);
  const urlSync = new UrlSyncManager();
  urlSync.initSync(new EmbeddedScene({ body: scene }));
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  return { api, scene, urlSync };
}

beforeEach(() => setPermissions([Actions.auditRead, Actions.auditExport]));

describe('AuditEntriesScene', () => {
  it('searches with every filter of a shared URL and counts the matches', async () => {
    const { api } = mount(
      `${PAGE}?actor=carol&action=tenant.status&tenant=acme&job=job-1&outcome=failure&q=launch&from=2026-01-01T00:00:00.000Z&to=2026-02-01T00:00:00.000Z&cursor=c3`
    );
    const filters = {
      actor: 'carol',
      action: 'tenant.status',
      tenantId: 'acme',
      jobId: 'job-1',
      outcome: 'failure',
      q: 'launch',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    };
    await waitFor(() => expect(api.listAudit).toHaveBeenLastCalledWith({ ...filters, limit: 50, cursor: 'c3' }));
    expect(api.countAudit).toHaveBeenLastCalledWith(filters);
    expect(await screen.findByTestId(testIds.audit.matchCount)).toHaveTextContent(
      /12,345 entries match · an export carries the newest 10,000/
    );
  });

  it('drops URL values the contract would refuse instead of sending them', async () => {
    const { api } = mount(`${PAGE}?outcome=maybe&from=yesterday&actor=${'x'.repeat(300)}&entry=-1`);
    await waitFor(() => expect(api.listAudit).toHaveBeenLastCalledWith({ limit: 50, cursor: undefined }));
  });

  it('a filter change goes to the URL, back to the newest page, and re-counts; paging keeps the count', async () => {
    const { api, scene } = mount(`${PAGE}?cursor=c3`);
    await waitFor(() => expect(scene.state.page).toBeDefined());
    act(() => scene.applyFilters({ actor: 'dave' }));
    expect(search()).toEqual({ actor: 'dave' });
    await waitFor(() => expect(api.countAudit).toHaveBeenLastCalledWith({ actor: 'dave' }));
    const counted = api.countAudit.mock.calls.length;
    await waitFor(() => expect(scene.state.loading).toBe(false));
    act(() => scene.nextPage());
    expect(search()).toEqual({ actor: 'dave', cursor: 'n1' });
    await waitFor(() =>
      expect(api.listAudit).toHaveBeenLastCalledWith(expect.objectContaining({ actor: 'dave', cursor: 'n1' }))
    );
    expect(api.countAudit).toHaveBeenCalledTimes(counted);
  });

  it('typing in the toolbar filters: Enter applies text at once, outcome at once', async () => {
    const { api } = mount(PAGE);
    await screen.findAllByTestId(testIds.audit.row);
    await userEvent.type(screen.getByTestId(testIds.audit.filterTenant), 'acme{Enter}');
    expect(search()).toEqual({ tenant: 'acme' });
    await userEvent.click(screen.getByRole('radio', { name: 'denied' }));
    expect(search()).toEqual({ tenant: 'acme', outcome: 'denied' });
    await waitFor(() =>
      expect(api.listAudit).toHaveBeenLastCalledWith(expect.objectContaining({ tenantId: 'acme', outcome: 'denied' }))
    );
  });

  it('text filters apply after a pause in typing, without Enter, so the URL carries them', async () => {
    const { api } = mount(PAGE);
    await screen.findAllByTestId(testIds.audit.row);
    await userEvent.type(screen.getByTestId(testIds.audit.filterActor), 'carol');
    // Nothing yet: the filter waits for the pause the search box waits for (the field keeps focus).
    expect(search()).toEqual({});
    expect(screen.getByTestId(testIds.audit.filterActor)).toHaveFocus();
    await waitFor(() => expect(search()).toEqual({ actor: 'carol' }));
    await waitFor(() => expect(api.listAudit).toHaveBeenLastCalledWith(expect.objectContaining({ actor: 'carol' })));
    // One search per pause, not one per keystroke.
    const actors = api.listAudit.mock.calls.map(([q]) => q.actor).filter(Boolean);
    expect(actors.every((a) => a === 'carol')).toBe(true);
  });

  it('a row opens the drawer with the entry in the URL; paging closes it', async () => {
    const { scene } = mount(PAGE);
    const rows = await screen.findAllByTestId(testIds.audit.row);
    expect(rows[0]).toHaveTextContent('active → suspended');
    await userEvent.click(rows[1]);
    expect(search()).toEqual({ entry: '8' });
    expect(await screen.findByTestId(testIds.audit.drawer)).toHaveAttribute('data-seq', '8');
    act(() => scene.nextPage());
    expect(search()).toEqual({ cursor: 'n1' });
    await waitFor(() => expect(screen.queryByTestId(testIds.audit.drawer)).not.toBeInTheDocument());
  });

  it('exports the current filter in the chosen format through the proxy', async () => {
    mount(`${PAGE}?tenant=acme&outcome=success`);
    const link = await screen.findByTestId(testIds.audit.exportLink);
    expect(link).toHaveAttribute(
      'href',
      '/api/plugin-proxy/switchyard-controlplane-app/api/v1/audit/export?tenantId=acme&outcome=success&format=ndjson'
    );
    await userEvent.click(screen.getByRole('radio', { name: 'CSV' }));
    expect(screen.getByTestId(testIds.audit.exportLink)).toHaveAttribute('href', expect.stringMatching(/format=csv$/));
  });

  it('without the export permission the button says which role grants it', async () => {
    setPermissions([Actions.auditRead]);
    mount(PAGE);
    await screen.findAllByTestId(testIds.audit.row);
    expect(screen.queryByTestId(testIds.audit.exportLink)).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.permissionReason)).toHaveTextContent(/audit:export/);
  });

  it('shows the empty state for filters that match nothing', async () => {
    const api = fakeAuditApi();
    api.listAudit.mockResolvedValue({ items: [], nextCursor: null, prevCursor: null });
    api.countAudit.mockResolvedValue({ count: 0, exportCap: 10_000 });
    mount(`${PAGE}?actor=nobody`, api);
    expect(await screen.findByText('No audit entries match these filters')).toBeInTheDocument();
  });

  it('"Verify now" shows an intact chain, or the first broken link', async () => {
    const api = fakeAuditApi();
    const ok: AuditVerify = { ok: true, checked: 120, firstBroken: null, headHash: 'abc', durationMs: 4.2 };
    api.verifyAudit.mockResolvedValueOnce(ok).mockResolvedValueOnce({
      ok: false,
      checked: 2,
      firstBroken: { seq: 3, reason: 'hash_mismatch' },
      headHash: 'def',
      durationMs: 1,
    });
    mount(PAGE, api);
    await userEvent.click(await screen.findByTestId(testIds.audit.verify));
    const intact = await screen.findByTestId(testIds.audit.chainResult);
    expect(intact).toHaveAttribute('data-ok', 'true');
    expect(intact).toHaveTextContent('120 entries checked in 4.2 ms');
    await userEvent.click(screen.getByTestId(testIds.audit.verify));
    await waitFor(() => expect(screen.getByTestId(testIds.audit.chainResult)).toHaveAttribute('data-ok', 'false'));
    expect(screen.getByTestId(testIds.audit.chainResult)).toHaveAttribute('data-seq', '3');
    expect(screen.getByText('The audit chain is broken at entry #3')).toBeInTheDocument();
  });

  it('shows the sidecar error with its request id and retries', async () => {
    const api = fakeAuditApi();
    api.listAudit.mockRejectedValueOnce({
      status: 400,
      data: { code: 'validation_failed', message: 'q: too long', field: 'q', requestId: 'r-1' },
    });
    mount(PAGE, api);
    expect(await screen.findByText('Could not search the audit trail')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.apiError.requestId)).toHaveTextContent('r-1');
  });
});
