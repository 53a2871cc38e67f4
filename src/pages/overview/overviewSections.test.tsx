import { waitFor } from '@testing-library/react';
import { fakeOperationsApi } from '../../test/operationsFixtures';
import { overviewSceneWithoutGraphs } from '../../test/overviewScene';
import { OPS_VIEWER, setPermissions } from '../../test/permissions';
import { prefetchFirstPage } from './overviewSections';

const counts = (total: number) => ({
  total,
  byStatus: { provisioning: 0, active: total, draining: 0, migrating: 0, degraded: 0, suspended: 0, archived: 0 },
  byEnvironment: { dev: 0, staging: 0, prod: total },
});

// The app's own client, which the app root's prefetch uses.
const mockAppApi = fakeOperationsApi();
jest.mock('../../api/operationsApi', () => ({
  get operationsApi() {
    return mockAppApi;
  },
}));

describe('overview sections prefetched by the app root', () => {
  it('the first load takes them (no second request); later loads ask again', async () => {
    setPermissions(OPS_VIEWER);
    mockAppApi.getTenantCounts.mockResolvedValue(counts(7));
    prefetchFirstPage();
    expect(mockAppApi.getTenantCounts).toHaveBeenCalledTimes(1);
    expect(mockAppApi.listJobs).toHaveBeenCalledWith({ status: ['failed'], limit: 5 });

    const api = fakeOperationsApi();
    api.getTenantCounts.mockResolvedValue(counts(8));
    const scene = overviewSceneWithoutGraphs(api);
    const deactivate = scene.activate();
    await waitFor(() => expect(scene.state.counts?.total).toBe(7));
    expect(api.getTenantCounts).not.toHaveBeenCalled();

    await scene.load();
    expect(scene.state.counts?.total).toBe(8);
    expect(mockAppApi.getTenantCounts).toHaveBeenCalledTimes(1);
    deactivate();
  });
});
