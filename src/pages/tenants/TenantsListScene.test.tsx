import { locationService } from '@grafana/runtime';
import { EmbeddedScene, UrlSyncManager } from '@grafana/scenes';
import { waitFor } from '@testing-library/react';
import { tenant, tenantPage, tenantPlan } from '../../test/fixtures';
import { deferred, fakeApi } from '../../test/fakeApi';
import { OPERATOR, setPermissions } from '../../test/permissions';
import { ApiRequestError } from '../../api/ApiRequestError';
import { TenantsListScene } from './TenantsListScene';
import { prefetchFirstPage } from './tenantsFirstPage';
import { switchyardApi } from '../../api/switchyardApi';

jest.mock('../../api/switchyardApi', () => ({ switchyardApi: { listTenants: jest.fn() } }));

const BASE = '/a/switchyard-controlplane-app/tenants';

function mount(url: string) {
  const api = fakeApi();
  api.listTenants.mockResolvedValue(tenantPage([tenant()], 'next-1', null));
  api.planTenantChange.mockResolvedValue(tenantPlan());
  const scene = new TenantsListScene({}, api);
  const root = new EmbeddedScene({ body: scene });
  const urlSync = new UrlSyncManager();
  locationService.push(url);
  urlSync.initSync(root);
  const deactivate = scene.activate();
  return { api, scene, urlSync, deactivate };
}

const search = () => Object.fromEntries(new URLSearchParams(locationService.getLocation().search));

beforeEach(() => setPermissions(OPERATOR));

describe('TenantsListScene', () => {
  it('takes the first page prefetched for its URL instead of asking again', async () => {
    const url = `${BASE}?status=degraded,active&sort=-status&q=ac`;
    const prefetched = tenantPage([tenant({ id: 'prefetched' })], null, null);
    (switchyardApi.listTenants as jest.Mock).mockResolvedValue(prefetched);
    prefetchFirstPage(new URL(url, 'http://host').search);
    expect(switchyardApi.listTenants).toHaveBeenCalledWith(
      expect.objectContaining({ status: ['active', 'degraded'], sort: '-status', q: 'ac', limit: 50 })
    );
    const { api, scene, deactivate } = mount(url);
    await waitFor(() => expect(scene.state.page).toBe(prefetched));
    expect(api.listTenants).not.toHaveBeenCalled();
    // Taken once: the next load asks the sidecar.
    void scene.load();
    await waitFor(() => expect(api.listTenants).toHaveBeenCalledTimes(1));
    deactivate();
  });

  it('does not prefetch for a user without tenants:read', () => {
    setPermissions([]);
    (switchyardApi.listTenants as jest.Mock).mockClear();
    prefetchFirstPage('?q=x');
    expect(switchyardApi.listTenants).not.toHaveBeenCalled();
  });

  it('reads filters, sort and cursor from a shared URL and queries with them', async () => {
    const { api, scene, deactivate } = mount(
      `${BASE}?q=ac&status=active,degraded&plan=team&label=team%3Dpay&sort=-status&cursor=c2`
    );
    expect(scene.state.filters).toEqual({
      q: 'ac',
      status: ['active', 'degraded'],
      environment: [],
      plan: ['team'],
      label: 'team=pay',
      sort: '-status',
      cursor: 'c2',
    });
    await waitFor(() => expect(scene.state.loading).toBe(false));
    expect(api.listTenants).toHaveBeenLastCalledWith(
      expect.objectContaining({
        q: 'ac',
        status: ['active', 'degraded'],
        plan: ['team'],
        label: 'team=pay',
        sort: '-status',
        cursor: 'c2',
      })
    );
    deactivate();
  });

  it('writes filter changes to the URL and goes back to the first page', async () => {
    const { api, scene, deactivate } = mount(`${BASE}?cursor=c2`);
    scene.setFilters({ status: ['suspended'], environment: ['prod'] });
    expect(search()).toEqual({ status: 'suspended', environment: 'prod' });
    await waitFor(() =>
      expect(api.listTenants).toHaveBeenLastCalledWith(
        expect.objectContaining({ status: ['suspended'], cursor: undefined })
      )
    );
    deactivate();
  });

  it('follows the URL when it changes (back button, pasted link)', async () => {
    const { api, scene, urlSync, deactivate } = mount(BASE);
    await waitFor(() => expect(scene.state.loading).toBe(false));
    locationService.push(`${BASE}?environment=dev`);
    urlSync.handleNewLocation(locationService.getLocation());
    expect(scene.state.filters.environment).toEqual(['dev']);
    await waitFor(() =>
      expect(api.listTenants).toHaveBeenLastCalledWith(expect.objectContaining({ environment: ['dev'] }))
    );
    deactivate();
  });

  it('pages with the cursors: next puts the cursor in the URL, previous on page 2 drops it', async () => {
    const { api, scene, deactivate } = mount(BASE);
    await waitFor(() => expect(scene.state.page?.nextCursor).toBe('next-1'));
    api.listTenants.mockResolvedValue(tenantPage([tenant({ id: 'beta' })], 'next-2', null));
    scene.nextPage();
    expect(search()).toEqual({ cursor: 'next-1' });
    await waitFor(() => expect(scene.state.page?.items[0].id).toBe('beta'));
    scene.prevPage();
    expect(search()).toEqual({});
    deactivate();
  });

  it('flips the sort direction when the sorted column is clicked again', () => {
    const { scene, deactivate } = mount(BASE);
    scene.toggleSort('displayName');
    expect(search()).toEqual({ sort: 'displayName' });
    scene.toggleSort('displayName');
    expect(search()).toEqual({ sort: '-displayName' });
    deactivate();
  });

  it('clears filters but keeps the sort', () => {
    const { scene, deactivate } = mount(`${BASE}?q=x&status=active&sort=-id`);
    scene.clearFilters();
    expect(search()).toEqual({ sort: '-id' });
    deactivate();
  });

  it('applies only the latest answer when requests overlap', async () => {
    const { api, scene, deactivate } = mount(BASE);
    await waitFor(() => expect(scene.state.loading).toBe(false));
    const slow = deferred<ReturnType<typeof tenantPage>>();
    api.listTenants.mockReturnValueOnce(slow.promise).mockResolvedValueOnce(tenantPage([tenant({ id: 'fresh' })]));
    scene.setFilters({ q: 'old' });
    scene.setFilters({ q: 'new' });
    await waitFor(() => expect(scene.state.page?.items[0].id).toBe('fresh'));
    slow.resolve(tenantPage([tenant({ id: 'stale' })]));
    await new Promise((r) => setTimeout(r, 0));
    expect(scene.state.page?.items[0].id).toBe('fresh');
    deactivate();
  });

  it('keeps the typed error (message and request id) when loading fails', async () => {
    const { api, scene, deactivate } = mount(BASE);
    await waitFor(() => expect(scene.state.loading).toBe(false));
    api.listTenants.mockRejectedValue(
      new ApiRequestError({ status: 503, code: 'unavailable', message: 'Store down', requestId: 'req-7' })
    );
    await scene.load();
    expect(scene.state.error).toMatchObject({ code: 'unavailable', requestId: 'req-7' });
    deactivate();
  });

  it('selects rows, and a successful bulk change reloads the list and drops vanished selections', async () => {
    const { api, scene, deactivate } = mount(BASE);
    api.listTenants.mockResolvedValue(tenantPage([tenant({ id: 'a1' }), tenant({ id: 'a2' })]));
    await scene.load();
    scene.toggleSelectAll();
    expect(scene.state.selected).toEqual(['a1', 'a2']);
    scene.toggleSelected('a1');
    expect(scene.state.selected).toEqual(['a2']);

    api.bulkTenantStatus.mockResolvedValue({ results: [{ id: 'a2', ok: true, status: 'suspended' }] });
    api.listTenants.mockResolvedValue(tenantPage([tenant({ id: 'a1' })]));
    const calls = api.listTenants.mock.calls.length;
    scene.bulkChangeStatus('suspended');
    expect(scene.state.statusChange.state.request).toEqual({ ids: ['a2'], to: 'suspended', bulk: true });
    await waitFor(() => expect(scene.state.statusChange.state.plan).toBeDefined());
    await scene.state.statusChange.submit('maintenance');

    expect(api.bulkTenantStatus).toHaveBeenCalledWith(['a2'], 'suspended', 'maintenance', expect.any(String));
    expect(scene.state.statusChange.state.result?.results).toHaveLength(1);
    await waitFor(() => expect(api.listTenants.mock.calls.length).toBe(calls + 1));
    await waitFor(() => expect(scene.state.selected).toEqual([]));
    deactivate();
  });

  it('a live refresh brings new rows and keeps the selection of rows still shown', async () => {
    const { api, scene, deactivate } = mount(`${BASE}?refresh=10s`);
    expect(scene.state.refresh).toBe('10s');
    api.listTenants.mockResolvedValue(tenantPage([tenant({ id: 'a1' }), tenant({ id: 'a2' })]));
    await scene.load();
    scene.toggleSelectAll();
    api.listTenants.mockResolvedValue(tenantPage([tenant({ id: 'a1', status: 'suspended' }), tenant({ id: 'a3' })]));
    await expect(scene.refreshInBackground()).resolves.toBe(true);
    expect(scene.state.page?.items.map((t) => [t.id, t.status])).toEqual([
      ['a1', 'suspended'],
      ['a3', 'active'],
    ]);
    expect(scene.state.selected).toEqual(['a1']);
    deactivate();
  });
});
